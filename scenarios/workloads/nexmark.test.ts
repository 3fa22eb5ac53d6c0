import type { LoggedEvent } from './event-log.ts';
import { generate, parseWorkload, type WorkloadInput } from './index.ts';
import { hotAuctionId, hotBidderId, hotSellerId, lastBase0AuctionId, NEXMARK } from './nexmark.ts';

const logOf = (w: Omit<WorkloadInput, 'generator'>) => generate(parseWorkload({ generator: 'nexmark', ...w }));
/** Without disorder the offset is the Nexmark event id (generation index). */
const inOrder = (events: number) => logOf({ events, rate: 10_000, disorder: { fraction: 0, maxDelay: 0 } }).events;
const ofKind = (events: LoggedEvent[], kind: string) => events.filter((e) => e.record.kind === kind);

test('every block of 50 events is 1 person, 3 auctions, 46 bids, in that order', () => {
  const events = inOrder(5000);
  const pattern = ['person', 'auction', 'auction', 'auction', ...new Array(46).fill('bid')];
  for (let block = 0; block < 100; block++) {
    expect(events.slice(block * 50, block * 50 + 50).map((e) => e.record.kind)).toEqual(pattern);
  }
});

test('with the default disorder the proportions are still exactly 1:3:46 (50,000 events → 1000 : 3000 : 46,000)', () => {
  const { events } = logOf({ events: 50_000 });
  expect([ofKind(events, 'person').length, ofKind(events, 'auction').length, ofKind(events, 'bid').length]).toEqual([1000, 3000, 46_000]);
});

test('by default 10 % of events arrive late (±1 %), by 1 to 3000 ms, as Nexmark’s probDelayedEvent and occasionalDelaySec', () => {
  const { events } = logOf({ events: 50_000, rate: 10_000 });
  const delays = events.map((e) => e.arrival - e.eventTime).filter((d) => d > 0);
  expect(Math.abs(delays.length / events.length - 0.1)).toBeLessThan(0.01);
  expect(Math.min(...delays)).toBeGreaterThanOrEqual(1);
  expect(Math.max(...delays)).toBeLessThanOrEqual(3000);
});

test('person and auction ids count up from 1000, one per person / auction', () => {
  const events = inOrder(10_000);
  expect(ofKind(events, 'person').map((e) => e.record.id)).toEqual(Array.from({ length: 200 }, (_, i) => 1000 + i));
  expect(ofKind(events, 'auction').map((e) => e.record.id)).toEqual(Array.from({ length: 600 }, (_, i) => 1000 + i));
});

// "Hot" as in Nexmark's BidGenerator: the hot auction of event e is the first auction of the current batch of
// 100 auctions; a bid takes it with P = 1 − 1/hotAuctionRatio = ½, else a random one of the last 100 auctions
// plus 10 leads (111 ids, the hot one among them). So the share of bids on the hot auction is ½ + ½·1/111.
test('half of the bids go to the hot auction: share ½ + ½/111 ≈ 0.5045 (±0.01)', () => {
  const bids = ofKind(inOrder(200_000), 'bid');
  const hot = bids.filter((e) => e.record.auction === hotAuctionId(e.offset)).length / bids.length;
  expect(Math.abs(hot - (0.5 + 0.5 / 111))).toBeLessThan(0.01);
});

// The hot bidder is the second person of the current batch of 100 people; a bid takes it with P = 1 − 1/4 = ¾,
// else a random one of the last 1000 people plus 10 leads: share ¾ + ¼·1/1010 once 1000 people exist.
test('three quarters of the bids come from the hot bidder: share ≈ 0.75 (±0.01)', () => {
  const bids = ofKind(inOrder(200_000), 'bid');
  const hot = bids.filter((e) => e.record.bidder === hotBidderId(e.offset)).length / bids.length;
  expect(Math.abs(hot - 0.75)).toBeLessThan(0.01);
});

test('three quarters of the auctions are by the hot seller (±0.02), the first person of the current batch of 100', () => {
  const auctions = ofKind(inOrder(200_000), 'auction');
  const hot = auctions.filter((e) => e.record.seller === hotSellerId(e.offset)).length / auctions.length;
  expect(Math.abs(hot - 0.75)).toBeLessThan(0.02);
});

test('bids name auctions at most 10 ids beyond the newest one and no older than 100 before it', () => {
  for (const e of ofKind(inOrder(20_000), 'bid')) {
    const newest = lastBase0AuctionId(e.offset) + NEXMARK.firstAuctionId;
    expect(e.record.auction).toBeLessThanOrEqual(newest + NEXMARK.idLead);
    expect(e.record.auction).toBeGreaterThanOrEqual(Math.max(newest - NEXMARK.numInFlightAuctions, NEXMARK.firstAuctionId));
  }
});

test('auctions expire after they open, in categories 10..14, with reserve ≥ initial bid', () => {
  for (const { record: a } of ofKind(inOrder(20_000), 'auction')) {
    expect(a.expires as number).toBeGreaterThan(a.dateTime as number);
    expect(a.category as number).toBeGreaterThanOrEqual(10);
    expect(a.category as number).toBeLessThanOrEqual(14);
    expect(a.reserve as number).toBeGreaterThanOrEqual(a.initialBid as number);
  }
});

test('records carry kind and the Nexmark fields; the timestamp field is dateTime', () => {
  const log = logOf({ events: 50, disorder: { fraction: 0, maxDelay: 0 } });
  expect(log.timestampField).toBe('dateTime');
  const [person, auction, , , bid] = log.events.map((e) => Object.keys(e.record));
  expect(person).toEqual(['kind', 'id', 'name', 'emailAddress', 'creditCard', 'city', 'state', 'dateTime']);
  expect(auction).toEqual(['kind', 'id', 'itemName', 'description', 'initialBid', 'reserve', 'dateTime', 'expires', 'seller', 'category']);
  expect(bid).toEqual(['kind', 'auction', 'bidder', 'price', 'channel', 'url', 'dateTime']);
  expect(log.events[0]!.record.creditCard).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/);
});

test('half of the bids use one of the 4 hot channels (±0.01); the others "channel-N", N < 10000, one url per channel', () => {
  const bids = ofKind(inOrder(50_000), 'bid').map((e) => e.record as { channel: string; url: string });
  const hot = new Set(bids.filter((b) => ['Google', 'Facebook', 'Baidu', 'Apple'].includes(b.channel)));
  expect(Math.abs(hot.size / bids.length - 0.5)).toBeLessThan(0.01);
  const urlOf = new Map<string, string>();
  for (const b of bids) {
    if (!hot.has(b)) expect(b.channel).toMatch(/^channel-\d{1,4}$/);
    expect(b.url).toMatch(/^https:\/\/www\.nexmark\.com\/[a-z ]+\/[a-z ]+\/[a-z ]+\/item\.htm\?query=1(&channel_id=\d+)?$/);
    expect(urlOf.get(b.channel) ?? b.url).toBe(b.url);
    urlOf.set(b.channel, b.url);
  }
});

test('channels are deterministic from the seed: same seed same channels, another seed others', () => {
  const channels = (seed: number) =>
    ofKind(logOf({ events: 2_000, seed, disorder: { fraction: 0, maxDelay: 0 } }).events, 'bid').map((e) => e.record.channel);
  expect(channels(7)).toEqual(channels(7));
  expect(channels(8)).not.toEqual(channels(7));
});
