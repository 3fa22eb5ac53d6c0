// The engine tests' check of a refusal: `create` throws a RefusedError naming `path`, its reason matching.
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
