// The JS heap in use, bytes: V8's own counter (no system call), cheap enough to sample during a run.
// A machine figure, so it goes to result.json's `environment`, never into the deterministic part.
import { getHeapStatistics } from 'node:v8';

export function heapUsed(): number {
  return getHeapStatistics().used_heap_size;
}
