// The min-heap pops in the caller's order; ties are the caller's to break (here by a sequence number).
import fc from 'fast-check';
import { Heap } from './heap.ts';

describe('Heap', () => {
  test('pops 5, 1, 4, 2, 3 as 1, 2, 3, 4, 5', () => {
    const h = new Heap<number>((a, b) => a < b);
    for (const x of [5, 1, 4, 2, 3]) h.push(x);
    const out: number[] = [];
    while (h.size > 0) out.push(h.pop()!);
    expect(out).toEqual([1, 2, 3, 4, 5]);
  });

  test('an empty heap peeks and pops undefined', () => {
    const h = new Heap<number>((a, b) => a < b);
    expect(h.peek()).toBeUndefined();
    expect(h.pop()).toBeUndefined();
    expect(h.size).toBe(0);
  });

  test('peek returns the minimum without removing it', () => {
    const h = new Heap<number>((a, b) => a < b);
    h.push(3);
    h.push(-1);
    expect(h.peek()).toBe(-1);
    expect(h.size).toBe(2);
  });

  test('equal keys pop in insertion order when the order breaks ties by sequence', () => {
    const h = new Heap<{ k: number; seq: number }>((a, b) => a.k < b.k || (a.k === b.k && a.seq < b.seq));
    for (const [seq, k] of [7, 3, 7, 3, 7].entries()) h.push({ k, seq });
    const out: number[] = [];
    while (h.size > 0) out.push(h.pop()!.seq);
    expect(out).toEqual([1, 3, 0, 2, 4]);
  });

  test('clear empties the heap', () => {
    const h = new Heap<number>((a, b) => a < b);
    h.push(1);
    h.clear();
    expect(h.size).toBe(0);
    expect(h.toArray()).toEqual([]);
  });

  test('any sequence of pushes pops sorted', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1000, max: 1000 }), { maxLength: 200 }), (xs) => {
        const h = new Heap<number>((a, b) => a < b);
        for (const x of xs) h.push(x);
        const out: number[] = [];
        while (h.size > 0) out.push(h.pop()!);
        expect(out).toEqual([...xs].sort((a, b) => a - b));
      }),
      { seed: 11, numRuns: 100 },
    );
  });
});
