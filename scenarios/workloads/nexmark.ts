// Nexmark Person/Auction/Bid events, following the Beam/Flink Nexmark generator's model (facts, not code):
// each block of 50 event ids holds 1 person, 3 auctions, 46 bids in that order; hot auctions and bidders.
import type { Rng } from '../../engines/core/random.ts';
import type { DisorderSpec } from './disorder.ts';
import type { GeneratedStream } from './event-log.ts';
import type { RateShape } from './rate-shape.ts';
import { boundReached } from './rate-shape.ts';
import { RecordColumns } from './record-columns.ts';
import { streamRng } from './seed-streams.ts';
import type { Workload } from './workload.ts';

/** Constants of Beam's GeneratorConfig / NexmarkConfiguration defaults and the model generators. */
export const NEXMARK = {
  firstPersonId: 1000,
  firstAuctionId: 1000,
  firstCategoryId: 10,
  categories: 5,
  personProportion: 1,
  auctionProportion: 3,
  bidProportion: 46,
  /** P(bid is for the hot auction) = 1 − 1/hotAuctionRatio = ½. */
  hotAuctionRatio: 2,
  /** P(auction is by the hot seller) = 1 − 1/hotSellersRatio = ¾. */
  hotSellersRatio: 4,
  /** P(bid is by the hot bidder) = 1 − 1/hotBiddersRatio = ¾. */
  hotBiddersRatio: 4,
  /** The hot auction / seller / bidder is chosen within the current batch of this many ids. */
  hotBatch: 100,
  numActivePeople: 1000,
  numInFlightAuctions: 100,
  /** Ids not yet created that a random pick may reach ("leads"). */
  idLead: 10,
} as const;

const DENOMINATOR = NEXMARK.personProportion + NEXMARK.auctionProportion + NEXMARK.bidProportion; // 50

/** Nexmark's default out-of-orderness: probDelayedEvent 0.1, occasionalDelaySec 3 (delay uniform in [1, 3000] ms). */
export const NEXMARK_DISORDER: DisorderSpec = { fraction: 0.1, maxDelay: 3000 };

export type NexmarkKind = 'person' | 'auction' | 'bid';

/** The kind of event id `e`: offset 0 of its block of 50 is a person, 1..3 auctions, 4..49 bids. */
export function nexmarkKind(e: number): NexmarkKind {
  const r = e % DENOMINATOR;
  if (r < NEXMARK.personProportion) return 'person';
  if (r < NEXMARK.personProportion + NEXMARK.auctionProportion) return 'auction';
  return 'bid';
}

/** The newest person id (base 0) when event `e` is generated (its own id if `e` is a person). */
export function lastBase0PersonId(e: number): number {
  const epoch = Math.floor(e / DENOMINATOR);
  const offset = Math.min(e % DENOMINATOR, NEXMARK.personProportion - 1);
  return epoch * NEXMARK.personProportion + offset;
}

/** The newest auction id (base 0) when event `e` is generated (its own id if `e` is an auction). */
export function lastBase0AuctionId(e: number): number {
  let epoch = Math.floor(e / DENOMINATOR);
  let offset = e % DENOMINATOR;
  if (offset < NEXMARK.personProportion) {
    epoch--;
    offset = NEXMARK.auctionProportion - 1;
  } else if (offset >= NEXMARK.personProportion + NEXMARK.auctionProportion) {
    offset = NEXMARK.auctionProportion - 1;
  } else {
    offset -= NEXMARK.personProportion;
  }
  return epoch * NEXMARK.auctionProportion + offset;
}

/** "Hot auction" of event `e`: the first auction of the current batch of 100 auctions. */
export function hotAuctionId(e: number): number {
  return Math.floor(lastBase0AuctionId(e) / NEXMARK.hotBatch) * NEXMARK.hotBatch + NEXMARK.firstAuctionId;
}

/** "Hot bidder" of event `e`: the second person of the current batch of 100 (the first is the hot seller). */
export function hotBidderId(e: number): number {
  return Math.floor(lastBase0PersonId(e) / NEXMARK.hotBatch) * NEXMARK.hotBatch + 1 + NEXMARK.firstPersonId;
}

/** "Hot seller" of event `e`: the first person of the current batch of 100. */
export function hotSellerId(e: number): number {
  return Math.floor(lastBase0PersonId(e) / NEXMARK.hotBatch) * NEXMARK.hotBatch + NEXMARK.firstPersonId;
}

/** A random active person (base 0): one of the last 1000 people, or up to 10 not yet created. */
function randomPerson(e: number, rng: Rng): number {
  const people = lastBase0PersonId(e) + 1;
  const active = Math.min(people, NEXMARK.numActivePeople);
  return people - active + rng.int(0, active + NEXMARK.idLead - 1);
}

/** A random in-flight auction (base 0): one of the last 100 auctions, or up to 10 not yet created. */
function randomAuction(e: number, rng: Rng): number {
  const last = lastBase0AuctionId(e);
  const min = Math.max(last - NEXMARK.numInFlightAuctions, 0);
  return min + rng.int(0, last - min + NEXMARK.idLead);
}

/** Nexmark's price: round(10^(6u) · 100), u uniform in [0, 1) — cents from 1.00 to 1,000,000.00. */
function price(rng: Rng): number {
  return Math.round(10 ** (rng.float() * 6) * 100);
}

const FIRST_NAMES = ['Peter', 'Paul', 'Luke', 'John', 'Saul', 'Vicky', 'Kate', 'Julie', 'Sarah', 'Deiter', 'Walter'];
const LAST_NAMES = ['Shultz', 'Abrams', 'Spencer', 'White', 'Bartels', 'Walton', 'Smith', 'Jones', 'Noris'];
const CITIES = ['Phoenix', 'Los Angeles', 'San Francisco', 'Boise', 'Portland', 'Bend', 'Redmond', 'Seattle', 'Kent', 'Cheyenne'];
const STATES = ['AZ', 'CA', 'ID', 'OR', 'WA', 'WY'];

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[rng.int(0, xs.length - 1)]!;

/** Lowercase letters with an occasional space, 3 to maxLength−1 long (filler text, as in Nexmark). */
function text(rng: Rng, maxLength: number): string {
  let s = '';
  for (let n = rng.int(3, maxLength - 1); n > 0; n--) {
    s += rng.int(0, 12) === 0 ? ' ' : String.fromCharCode(97 + rng.int(0, 25));
  }
  return s.trim() || 'x';
}

/** Nexmark's (nexmark-flink BidGenerator) channels: HOT_CHANNELS_RATIO 2, so half the bids use one of 4 hot channels. */
const HOT_CHANNELS = ['Google', 'Facebook', 'Baidu', 'Apple'];
const CHANNELS_NUMBER = 10_000;

/** "https://www.nexmark.com/<a>/<b>/<c>/item.htm?query=1", path parts 3 or 4 letters (nextString(5, '_')). */
function baseUrl(rng: Rng): string {
  return `https://www.nexmark.com/${text(rng, 5)}/${text(rng, 5)}/${text(rng, 5)}/item.htm?query=1`;
}

/** Bit reversal of a 32-bit int (Java's Integer.reverse), as Nexmark's channel_id. */
function reverseBits(n: number): number {
  let r = 0;
  for (let i = 0; i < 32; i++) r = (r << 1) | ((n >>> i) & 1);
  return r | 0;
}

/**
 * Channel and url of bids (nexmark-flink BidGenerator): a hot channel half the time, else "channel-N" with N in
 * [0, 10000) and a url fixed per channel that carries &channel_id=|reverse(N)| 9 times in 10. Drawn from their
 * own seed stream, so the other fields (and every result that reads them) do not depend on them.
 */
function bidChannels(seed: number): () => { channel: string; url: string } {
  const rng = streamRng(seed, 'bid-channels');
  const hotUrls = HOT_CHANNELS.map(() => baseUrl(rng));
  const cache = new Map<number, { channel: string; url: string }>();
  return () => {
    if (rng.int(0, 1) > 0) {
      const i = rng.int(0, HOT_CHANNELS.length - 1);
      return { channel: HOT_CHANNELS[i]!, url: hotUrls[i]! };
    }
    const n = rng.int(0, CHANNELS_NUMBER - 1);
    let known = cache.get(n);
    if (known === undefined) {
      let url = baseUrl(rng);
      if (rng.int(0, 9) > 0) url += `&channel_id=${Math.abs(reverseBits(n))}`;
      known = { channel: `channel-${n}`, url };
      cache.set(n, known);
    }
    return known;
  };
}

function digits(rng: Rng, n: number): string {
  return String(rng.int(0, 10 ** n - 1)).padStart(n, '0');
}

/**
 * Event ids are the generation index (0-based), so `e % 50` gives the kind. Records carry `kind` plus the
 * Nexmark fields, without the `extra` padding. Auction length follows Nexmark: uniform in [1, 2h], h being
 * the time until ~numInFlightAuctions more auctions (1666 events) have been generated.
 */
export function nexmark(spec: Workload, shape: RateShape): GeneratedStream {
  const rng = streamRng(spec.seed, 'records');
  const nextChannel = bidChannels(spec.seed);
  const nextExtra = spec.extra ? bidExtra(spec.seed) : null;
  const horizonEvents = Math.floor((NEXMARK.numInFlightAuctions * DENOMINATOR) / NEXMARK.auctionProportion);
  const scheduled: number[] = [];
  const records = new RecordColumns();
  for (let e = 0; ; e++) {
    const t = shape.timeOf(e);
    if (boundReached(spec, e, t)) break;
    scheduled.push(t);
    switch (nexmarkKind(e)) {
      case 'person':
        records.push({
          kind: 'person',
          id: lastBase0PersonId(e) + NEXMARK.firstPersonId,
          name: `${pick(rng, FIRST_NAMES)} ${pick(rng, LAST_NAMES)}`,
          emailAddress: `${text(rng, 7)}@${text(rng, 5)}.com`,
          creditCard: [0, 1, 2, 3].map(() => digits(rng, 4)).join(' '),
          city: pick(rng, CITIES),
          state: pick(rng, STATES),
          dateTime: t,
        });
        break;
      case 'auction': {
        const seller = rng.int(0, NEXMARK.hotSellersRatio - 1) > 0 ? hotSellerId(e) : randomPerson(e, rng) + NEXMARK.firstPersonId;
        const category = NEXMARK.firstCategoryId + rng.int(0, NEXMARK.categories - 1);
        const initialBid = price(rng);
        const horizon = shape.timeOf(e + horizonEvents) - t;
        const expires = t + 1 + rng.int(0, Math.max(horizon * 2, 1) - 1);
        records.push({
          kind: 'auction',
          id: lastBase0AuctionId(e) + NEXMARK.firstAuctionId,
          itemName: text(rng, 20),
          description: text(rng, 100),
          initialBid,
          reserve: initialBid + price(rng),
          dateTime: t,
          expires,
          seller,
          category,
        });
        break;
      }
      case 'bid': {
        const auction = rng.int(0, NEXMARK.hotAuctionRatio - 1) > 0 ? hotAuctionId(e) : randomAuction(e, rng) + NEXMARK.firstAuctionId;
        const bidder = rng.int(0, NEXMARK.hotBiddersRatio - 1) > 0 ? hotBidderId(e) : randomPerson(e, rng) + NEXMARK.firstPersonId;
        const bidPrice = price(rng);
        const { channel, url } = nextChannel();
        const bid: Record<string, unknown> = { kind: 'bid', auction, bidder, price: bidPrice, channel, url, dateTime: t };
        if (nextExtra) bid.extra = nextExtra();
        records.push(bid);
        break;
      }
    }
  }
  return { scheduled, eventTimes: scheduled, records, timestampField: 'dateTime', tables: { side_input: sideInput() } };
}

/**
 * A bid's `extra` padding (workload `extra: true`), as Nexmark's nextExtra pads a bid to its average size of
 * 100 bytes over the 32 bytes of its four numbers: a length uniform in [avg − δ, avg + δ), avg = 68, δ = round(0.2 avg),
 * of lowercase letters with a space 1 time in 13. Drawn from its own seeded stream: no other field changes.
 */
function bidExtra(seed: number): () => string {
  const rng = streamRng(seed, 'bid-extra');
  const avg = 100 - 4 * 8;
  const delta = Math.round(avg * 0.2);
  return () => {
    let s = '';
    for (let n = avg - delta + rng.int(0, 2 * delta - 1); n > 0; n--)
      s += rng.int(0, 12) === 0 ? ' ' : String.fromCharCode(97 + rng.int(0, 25));
    return s;
  };
}

/** Rows of Nexmark q13's bounded side input (`side_input`: key BIGINT, value VARCHAR). */
export const SIDE_INPUT_ROWS = 10_000;

/**
 * q13's side input, keys 0 … 9,999 (what `auction % 10000` can be). Nexmark reads it from a file
 * (side_input.txt); here each value is `side-<key>`, fixed, drawn from no random stream, so no other
 * field of the workload changes.
 */
function sideInput(): Record<string, unknown> {
  const t: Record<string, unknown> = {};
  for (let k = 0; k < SIDE_INPUT_ROWS; k++) t[String(k)] = `side-${k}`;
  return t;
}
