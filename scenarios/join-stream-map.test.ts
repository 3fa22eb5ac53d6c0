// A join over a user's own file whose two kinds of record name their time and key differently, in different
// units: orders carry `order_id` and `placed_s` (epoch seconds), shipments `ref` and `shipped_ms` (epoch
// ms). Each stream's `map` (job.map's form) projects its records onto one `id` and one `ts` in ms, so the
// interval join (a shipment 0–60 s after its order, E2/E4) can run on one `timestamp`. The pairs are
// checked against pairs made here from the file, not through the join oracle; result.json records the maps.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Rec } from '../engines/core/aggregates.ts';
import { MAIN } from './emission-log.ts';
import { recordText } from './join-result.ts';
import { buildResult, type Environment } from './result.ts';
import { type EngineRun, runScenario } from './runner.ts';
import { parseScenario } from './scenario.ts';

const env: Environment = { node: 'test', commit: null, startedAt: '2026-01-01T00:00:00.000Z', mode: 'simulated' };
const T0 = 1_767_225_600; // 2026-01-01T00:00:00Z in epoch seconds

const orders = Array.from({ length: 40 }, (_, i) => ({
  type: 'order',
  order_id: `o${i}`,
  customer: `c${i % 7}`,
  placed_s: T0 + i * 5,
}));
// Every third order ships within a minute; every fifth later than that (no pair); shipment times in ms.
const shipments = orders.flatMap((o, i) => {
  if (i % 3 === 0) return [{ type: 'ship', ref: o.order_id, shipped_ms: o.placed_s * 1000 + (i % 4) * 20_000 }];
  if (i % 5 === 0) return [{ type: 'ship', ref: o.order_id, shipped_ms: o.placed_s * 1000 + 61_000 }];
  return [];
});

describe('stream maps: a join over a file whose streams name and scale their fields differently', () => {
  const dir = mkdtempSync(join(tmpdir(), 'streamlab-join-map-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'orders.jsonl');
  // The file's own event-time column for the replay: `at` (ms), present on both kinds.
  const rows = [...orders.map((o) => ({ ...o, at: o.placed_s * 1000 })), ...shipments.map((s) => ({ ...s, at: s.shipped_ms }))].sort(
    (a, b) => a.at - b.at,
  );
  writeFileSync(path, `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`);
  const s = parseScenario({
    name: 'orders-shipments',
    title: 'Orders and their shipments',
    question: 'Which orders shipped within a minute?',
    workload: { generator: 'file', file: { path, timestamp: 'at' } },
    job: {
      join: { kind: 'interval', left: 'orders', right: 'shipments', leftKey: 'id', rightKey: 'id', lower: 0, upper: 60_000 },
      streams: {
        orders: {
          filter: { field: 'type', eq: 'order' },
          map: { id: 'order_id', customer: 'customer', ts: { expr: 'placed_s * 1000' } },
        },
        shipments: { filter: { field: 'type', eq: 'ship' }, map: { id: 'ref', ts: 'shipped_ms' } },
      },
      timestamp: 'ts',
      watermark: { delay: 0 },
    },
    engines: [{ kind: 'event' }, { kind: 'event', id: 'event-2', parallelism: 2 }, { kind: 'microbatch' }],
  });
  const r = runScenario(s);
  const result = buildResult(s, r, env);

  const expected = shipments
    .filter((x) => {
      const o = orders.find((y) => y.order_id === x.ref)!;
      return x.shipped_ms - o.placed_s * 1000 <= 60_000;
    })
    .map((x) => {
      const o = orders.find((y) => y.order_id === x.ref)!;
      const left = { id: o.order_id, customer: o.customer, ts: o.placed_s * 1000, stream: 'orders' };
      const right = { id: x.ref, ts: x.shipped_ms, stream: 'shipments' };
      return JSON.stringify([recordText(left), recordText(right)]);
    })
    .sort();

  const emitted = (e: EngineRun): string[] => {
    if (!e.supported) throw new Error(e.reason);
    const out: string[] = [];
    for (let i = 0; i < e.emissions.length; i++) {
      if (e.emissions.kind(i) !== MAIN) continue;
      const v = e.emissions.value(i) as { left: Rec; right: Rec };
      out.push(JSON.stringify([recordText(v.left), recordText(v.right)]));
    }
    return out.sort();
  };

  test('each stream’s records are projected onto its map’s fields (ts in ms) and tagged with the stream', () => {
    const recs = r.input.events.map((e) => e.record);
    expect(recs).toHaveLength(orders.length + shipments.length);
    expect(recs.filter((x) => x.stream === 'orders').every((x) => Object.keys(x).sort().join() === 'customer,id,stream,ts')).toBe(true);
    expect(recs.filter((x) => x.stream === 'shipments').every((x) => Object.keys(x).sort().join() === 'id,stream,ts')).toBe(true);
  });

  test('Flink (p1, p2) and Spark emit exactly the orders shipped within 60 s, each with its shipment', () => {
    expect(expected.length).toBe(14);
    expect(r.pairs!.length).toBe(expected.length);
    for (const id of ['event', 'event-2', 'microbatch']) {
      expect({ id, pairs: emitted(r.engines.find((e) => e.entry.id === id)!) }).toEqual({ id, pairs: expected });
      const e = result.engines.find((x) => x.id === id)!;
      const j = 'join' in e ? e.join : undefined;
      expect({ id, matched: j?.matched, missing: j?.missing, extra: j?.extra }).toEqual({ id, matched: 14, missing: 0, extra: 0 });
    }
  });

  test('result.json records each stream’s map beside its filter', () => {
    const job = result.scenario.job as { streams: Record<string, { filter: unknown; map?: unknown }> };
    expect(job.streams.shipments).toEqual({ filter: { field: 'type', eq: 'ship' }, map: { id: 'ref', ts: 'shipped_ms' } });
    expect(job.streams.orders!.map).toEqual({ id: 'order_id', customer: 'customer', ts: { expr: 'placed_s * 1000' } });
  });
});

describe('a grouped row (distinct per window) emitted before a late record of its group arrives', () => {
  const dir = mkdtempSync(join(tmpdir(), 'streamlab-join-late-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'q8.jsonl');
  // Rows arrive on the data's own clock (the running max event time − the first): person 1 at 0 s, seller
  // 1's auction at 1 s; at 24 s a person and an auction move both streams' watermarks (the join's is their
  // min, E1) past [0, 10 s), which fires then; at 39 s both move again, then a second auction of seller 1 at
  // event time 3 s, late, arrives and is dropped.
  const rows = [
    { kind: 'person', id: 1, name: 'Ann', ts: 1000 },
    { kind: 'auction', seller: 1, item: 'a', ts: 2000 },
    { kind: 'person', id: 9, name: 'Bo', ts: 25_000 },
    { kind: 'auction', seller: 7, item: 'c', ts: 25_000 },
    { kind: 'person', id: 8, name: 'Cy', ts: 40_000 },
    { kind: 'auction', seller: 7, item: 'd', ts: 40_000 },
    { kind: 'auction', seller: 1, item: 'b', ts: 3000 },
  ];
  writeFileSync(path, `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`);
  const s = parseScenario({
    name: 'q8-late',
    title: 'q8 with a late auction',
    question: 'When did the row come out?',
    workload: { generator: 'file', file: { path, timestamp: 'ts' } },
    job: {
      join: { kind: 'window', left: 'persons', right: 'auctions', leftKey: 'id', rightKey: 'seller' },
      streams: {
        persons: { filter: { field: 'kind', eq: 'person' }, distinct: ['id', 'name'] },
        auctions: { filter: { field: 'kind', eq: 'auction' }, distinct: ['seller'] },
      },
      window: { kind: 'tumbling', size: 10_000 },
      watermark: { delay: 0 },
    },
    engines: [{ kind: 'event' }],
  });
  const r = runScenario(s);
  const result = buildResult(s, r, env);

  test('the row is exact; its latency is from the auction it was made of (arrived 1 s), not from the late one that was dropped', () => {
    const e = result.engines.find((x) => x.id === 'event')!;
    if (!('join' in e) || e.join === undefined) throw new Error(e.status);
    expect({ matched: e.join.matched, missing: e.join.missing, extra: e.join.extra }).toEqual({ matched: 1, missing: 0, extra: 0 });
    expect(e.correctness.lateDropped).toBe(1);
    const l = e.join.latency;
    expect(l.count).toBe(1);
    expect(l.negative).toBe(0);
    // Fired once the watermark passed 10 s (person 9 arrived at 24 s, the next periodic watermark after it).
    expect(l.max).toBeGreaterThanOrEqual(23_000);
    expect(l.max).toBeLessThan(24_500);
    expect(e.latency.eventTime.negative).toBe(0);
  });
});
