// Click sessions `{user, page, ts}`: within a user's session consecutive clicks are < gap ms apart,
// and consecutive sessions of a user are > gap ms apart (never exactly gap, where engines disagree).
import type { GeneratedStream } from './event-log.ts';
import type { RateShape } from './rate-shape.ts';
import { boundReached } from './rate-shape.ts';
import { RecordColumns } from './record-columns.ts';
import { streamRng } from './seed-streams.ts';
import { DEFAULT_GAP, defaultKeyCounts, type Workload } from './workload.ts';
import { zipf } from './zipf.ts';

/** A session may last up to this many gaps (uniform in [1, 4·gap] ms); then its user rests. */
export const SESSION_GAPS = 4;
/** After a session ends its user rests U[0, 2·gap] ms, and always > gap after its last click. */
export const REST_GAPS = 2;
export const CLICK_PAGES = 50;
/** Zipf draws tried before falling back to a scan for any user who may click now. */
const DRAWS = 8;

/**
 * Each scheduled slot goes to a user drawn by zipf over `keys` among those who may click at that time:
 * one whose session is open (before its end, last click < gap ago) or who may start one (last click
 * > gap ago, rest over). A session also ends early when its user is not drawn within gap. Users are
 * active about 60 % of the time, so the rate holds unless there are very few users; when nobody may
 * click, the run skips ahead to the first time someone may (an `events: N` run stays N long).
 */
export function clicks(spec: Workload, shape: RateShape): GeneratedStream {
  const users = spec.keys?.count ?? defaultKeyCounts.clicks!;
  const gap = spec.gap ?? DEFAULT_GAP;
  const keys = zipf(users, spec.keys?.skew ?? 0);
  const rng = streamRng(spec.seed, 'records');
  const last = new Float64Array(users).fill(Number.NEGATIVE_INFINITY);
  const sessionEnd = new Float64Array(users);
  const restUntil = new Float64Array(users);

  const continues = (u: number, t: number) => t - last[u]! < gap && t < sessionEnd[u]!;
  const mayClick = (u: number, t: number) => continues(u, t) || (t - last[u]! > gap && t >= restUntil[u]!);
  const choose = (t: number): number => {
    for (let n = 0; n < DRAWS; n++) {
      const u = keys.sample(rng);
      if (mayClick(u, t)) return u;
    }
    const start = rng.int(0, users - 1);
    for (let n = 0; n < users; n++) {
      const u = (start + n) % users;
      if (mayClick(u, t)) return u;
    }
    return -1;
  };

  const scheduled: number[] = [];
  const records = new RecordColumns();
  for (let slot = 0; ; slot++) {
    const t = shape.timeOf(slot);
    if (boundReached(spec, records.length, t)) break;
    const u = choose(t);
    if (u < 0) {
      let next = Number.POSITIVE_INFINITY;
      for (let v = 0; v < users; v++) next = Math.min(next, Math.max(restUntil[v]!, last[v]! + gap + 1));
      slot = shape.firstIndexAt(next) - 1;
      continue;
    }
    if (!continues(u, t)) {
      sessionEnd[u] = t + rng.int(1, SESSION_GAPS * gap);
      restUntil[u] = sessionEnd[u]! + rng.int(0, REST_GAPS * gap);
    }
    last[u] = t;
    scheduled.push(t);
    records.push({ user: u, page: rng.int(0, CLICK_PAGES - 1), ts: t });
  }
  return { scheduled, eventTimes: scheduled, records, timestampField: 'ts', keyField: 'user' };
}
