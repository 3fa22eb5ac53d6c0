// Deterministic UUID-shaped ids (version 4 layout) from a seeded generator, for YSB's campaign,
// ad, user and page ids, which the original benchmark draws with java.util.UUID.randomUUID().
import type { Rng } from '../../engines/core/random.ts';

const hex = (v: number, digits: number) => v.toString(16).padStart(digits, '0');

export function uuid(rng: Rng): string {
  const a = rng.int(0, 0xffffffff);
  const b = rng.int(0, 0xffff);
  const c = 0x4000 | rng.int(0, 0x0fff);
  const d = 0x8000 | rng.int(0, 0x3fff);
  const e = rng.int(0, 0xffffff);
  const f = rng.int(0, 0xffffff);
  return `${hex(a, 8)}-${hex(b, 4)}-${hex(c, 4)}-${hex(d, 4)}-${hex(e, 6)}${hex(f, 6)}`;
}

export function uuids(rng: Rng, n: number): string[] {
  return Array.from({ length: n }, () => uuid(rng));
}
