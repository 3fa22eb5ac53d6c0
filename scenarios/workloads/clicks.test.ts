import { CLICK_PAGES, SESSION_GAPS } from './clicks.ts';
import { generate, parseWorkload, type WorkloadInput } from './index.ts';

const logOf = (w: Omit<WorkloadInput, 'generator'>) => generate(parseWorkload({ generator: 'clicks', ...w }));

/** Each user's sessions as lists of click times, cut wherever consecutive clicks are ≥ gap apart. */
function sessions(events: { eventTime: number; record: Record<string, unknown> }[], gap: number): Map<unknown, number[][]> {
  const byUser = new Map<unknown, number[][]>();
  for (const e of [...events].sort((a, b) => a.eventTime - b.eventTime)) {
    const list = byUser.get(e.record.user) ?? byUser.set(e.record.user, []).get(e.record.user)!;
    const open = list.at(-1);
    if (open && e.eventTime - open.at(-1)! < gap) open.push(e.eventTime);
    else list.push([e.eventTime]);
  }
  return byUser;
}

test('a user’s consecutive sessions are more than gap apart: no two clicks are exactly gap apart', () => {
  const gap = 2000;
  const { events } = logOf({ events: 40_000, rate: 1000, gap, keys: { count: 100, skew: 1 } });
  for (const list of sessions(events, gap).values()) {
    for (let i = 1; i < list.length; i++) expect(list[i]![0]! - list[i - 1]!.at(-1)!).toBeGreaterThan(gap);
  }
});

test('sessions last at most 4·gap, have several clicks on average, and every user has several sessions', () => {
  const gap = 1000;
  const { events } = logOf({ events: 40_000, rate: 1000, gap, keys: { count: 50 } });
  const all = [...sessions(events, gap).values()];
  const flat = all.flat();
  expect(flat.every((s) => s.at(-1)! - s[0]! < SESSION_GAPS * gap)).toBe(true);
  expect(events.length / flat.length).toBeGreaterThan(5);
  expect(all.every((list) => list.length >= 3)).toBe(true);
});

test('the rate holds with enough users: 20,000 clicks at 1000/s end at 19,999 ms', () => {
  const { events } = logOf({ events: 20_000, rate: 1000 });
  expect(events.at(-1)!.eventTime).toBe(19_999);
});

test('with too few users for the rate the run skips ahead while all rest, still exactly N clicks', () => {
  const gap = 500;
  const { events } = logOf({ events: 5000, rate: 1000, gap, keys: { count: 1 } });
  expect(events).toHaveLength(5000);
  expect(events.at(-1)!.eventTime).toBeGreaterThan(5000);
  const [list] = [...sessions(events, gap).values()];
  for (let i = 1; i < list!.length; i++) expect(list![i]![0]! - list![i - 1]!.at(-1)!).toBeGreaterThan(gap);
});

test('clicks are {user, page, ts}, pages 0..49, the timestamp field ts and key field user', () => {
  const log = logOf({ events: 3000 });
  expect([log.timestampField, log.keyField]).toEqual(['ts', 'user']);
  for (const { record } of log.events) {
    expect(Object.keys(record)).toEqual(['user', 'page', 'ts']);
    expect(record.page as number).toBeLessThan(CLICK_PAGES);
  }
});
