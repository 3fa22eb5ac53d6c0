// The engine tests' check of a refusal: `create` throws a RefusedError naming `path`, its reason matching;
// and the four models' engine entries those tables run a job on.
import { RefusedError } from '../core/errors.ts';

export function expectRefused(create: () => unknown, path: string, reason: string | RegExp): void {
  let err: unknown;
  try {
    create();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(RefusedError);
  expect((err as RefusedError).path).toBe(path);
  expect((err as Error).message).toMatch(reason);
}

/** An engine entry as the refusal tables give it (kind, flavor, and Storm's windowing where it matters). */
export type Entry = { kind: string; flavor?: string; windowing?: string };
export const flink: Entry = { kind: 'event' };
export const spark: Entry = { kind: 'microbatch' };
export const dstream: Entry = { kind: 'microbatch', flavor: 'dstream' };
export const storm: Entry = { kind: 'tuple' };
