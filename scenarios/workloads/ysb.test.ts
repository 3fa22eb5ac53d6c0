import { generate, parseWorkload, type WorkloadInput } from './index.ts';
import { YSB_AD_TYPES } from './ysb.ts';

const logOf = (w: Omit<WorkloadInput, 'generator'>) => generate(parseWorkload({ generator: 'ysb', ...w }));

test('one third of events are views (±0.005 over 150,000 events), the rest clicks and purchases', () => {
  const { events } = logOf({ events: 150_000, rate: 10_000 });
  const share = (type: string) => events.filter((e) => e.record.event_type === type).length / events.length;
  for (const type of ['view', 'click', 'purchase']) expect(Math.abs(share(type) - 1 / 3)).toBeLessThan(0.005);
});

test('the ad_campaign table maps 1000 ads to 100 campaigns, 10 ads each, and every event’s ad is in it', () => {
  const log = logOf({ events: 20_000 });
  const table = log.tables!.ad_campaign!;
  expect(Object.keys(table)).toHaveLength(1000);
  const adsPerCampaign = new Map<unknown, number>();
  for (const campaign of Object.values(table)) adsPerCampaign.set(campaign, (adsPerCampaign.get(campaign) ?? 0) + 1);
  expect(adsPerCampaign.size).toBe(100);
  expect([...adsPerCampaign.values()].every((n) => n === 10)).toBe(true);
  expect(log.events.every((e) => typeof e.record.ad_id === 'string' && e.record.ad_id in table)).toBe(true);
  const campaignsSeen = new Set(log.events.map((e) => table[e.record.ad_id as string]));
  expect(campaignsSeen.size).toBe(100);
});

test('records have exactly the YSB fields; event_time is the event time; ids are UUID-shaped', () => {
  const log = logOf({ events: 2000 });
  expect(log.timestampField).toBe('event_time');
  expect(log.keyField).toBe('ad_id');
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
  for (const { record, eventTime } of log.events) {
    expect(Object.keys(record)).toEqual(['user_id', 'page_id', 'ad_id', 'ad_type', 'event_type', 'event_time', 'ip_address']);
    expect(record.event_time).toBe(eventTime);
    expect(YSB_AD_TYPES).toContain(record.ad_type);
    expect(record.ip_address).toBe('1.2.3.4');
    expect(record.user_id).toMatch(uuid);
  }
  expect(new Set(log.events.map((e) => e.record.user_id)).size).toBe(100);
  expect(new Set(log.events.map((e) => e.record.page_id)).size).toBe(100);
});

test('keys {count: 20, skew: 1} makes 20 campaigns, the busiest with share 1/H(20) ≈ 0.278 (±0.01)', () => {
  const log = logOf({ events: 50_000, keys: { count: 20, skew: 1 } });
  const table = log.tables!.ad_campaign!;
  expect(new Set(Object.values(table)).size).toBe(20);
  const counts = new Map<unknown, number>();
  for (const e of log.events) {
    const c = table[e.record.ad_id as string];
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  const h20 = Array.from({ length: 20 }, (_, k) => 1 / (k + 1)).reduce((a, b) => a + b, 0);
  expect(Math.abs(Math.max(...counts.values()) / log.events.length - 1 / h20)).toBeLessThan(0.01);
});

test('the ad table depends on the seed only, not on the event count', () => {
  expect(logOf({ events: 10 }).tables).toEqual(logOf({ events: 5000 }).tables);
  expect(logOf({ events: 10, seed: 1 }).tables).not.toEqual(logOf({ events: 10, seed: 2 }).tables);
});
