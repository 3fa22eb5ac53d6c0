// Boundary tests of the window assigners (A4, C3 closure) and TimeWindow merging, read from SEMANTICS.md.
import fc from 'fast-check';
import { InputError } from '../errors.ts';
import { parseJob } from '../job.ts';
import { MIN_TIME } from '../time.ts';
import { assignerFor, GLOBAL_WINDOW, global, session, sliding, tumbling } from './assigners.ts';
import { contains, intersects, maxTimestamp, mergeWindows, windowStart } from './time-window.ts';

const sum = { fn: 'sum', field: 'value' };

describe('tumbling windows (A4, F-TUM)', () => {
  test('tumbling(5s) puts t=4999 in [0,5000) and t=5000 in [5000,10000)', () => {
    const a = tumbling(5000);
    expect(a.assign(4999)).toEqual([{ start: 0, end: 5000 }]);
    expect(a.assign(5000)).toEqual([{ start: 5000, end: 10000 }]);
  });

  test('tumbling(1000) puts t=0 in [0,1000): the start is inclusive', () => {
    expect(tumbling(1000).assign(0)).toEqual([{ start: 0, end: 1000 }]);
  });

  test('tumbling(1000) floors negative times: -1 is in [-1000,0) and -1000 in [-1000,0)', () => {
    const a = tumbling(1000);
    expect(a.assign(-1)).toEqual([{ start: -1000, end: 0 }]);
    expect(a.assign(-1000)).toEqual([{ start: -1000, end: 0 }]);
    expect(a.assign(-1001)).toEqual([{ start: -2000, end: -1000 }]);
  });

  test('tumbling(1000, offset 100) is aligned to the epoch plus the offset: 99 in [-900,100), 100 in [100,1100)', () => {
    const a = tumbling(1000, 100);
    expect(a.assign(99)).toEqual([{ start: -900, end: 100 }]);
    expect(a.assign(100)).toEqual([{ start: 100, end: 1100 }]);
    expect(a.assign(1099)).toEqual([{ start: 100, end: 1100 }]);
  });

  test('tumbling(1000, offset -100) puts 899 in [-100,900) and 900 in [900,1900)', () => {
    const a = tumbling(1000, -100);
    expect(a.assign(899)).toEqual([{ start: -100, end: 900 }]);
    expect(a.assign(900)).toEqual([{ start: 900, end: 1900 }]);
  });

  test('windowStart(-1, 0, 1000) is -1000 (F-TW floors a negative remainder)', () => {
    expect(windowStart(-1, 0, 1000)).toBe(-1000);
    expect(windowStart(-1000, 0, 1000)).toBe(-1000);
  });

  test('every tumbling window of any timestamp contains it and has maxTimestamp end-1', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.integer({ min: 1, max: 100000 }), (ts, size) => {
        const ws = tumbling(size).assign(ts);
        expect(ws).toHaveLength(1);
        expect(contains(ws[0]!, ts)).toBe(true);
        expect(ws[0]!.end - ws[0]!.start).toBe(size);
        expect(maxTimestamp(ws[0]!)).toBe(ws[0]!.end - 1);
        expect(((ws[0]!.start % size) + size) % size).toBe(0);
      }),
      { seed: 4242, numRuns: 200 },
    );
  });
});

describe('sliding windows (A4, F-SLI)', () => {
  test('sliding(3000, 1000) gives t=2999 the ceil(3000/1000)=3 windows [0,3000), [1000,4000), [2000,5000)', () => {
    const ws = sliding(3000, 1000).assign(2999);
    expect(ws).toHaveLength(3);
    expect(ws).toEqual(
      expect.arrayContaining([
        { start: 0, end: 3000 },
        { start: 1000, end: 4000 },
        { start: 2000, end: 5000 },
      ]),
    );
  });

  test('sliding(3000, 1000) gives t=3000 the windows [1000,4000), [2000,5000), [3000,6000) but not [0,3000)', () => {
    const ws = sliding(3000, 1000).assign(3000);
    expect(ws.map((w) => w.start).sort((a, b) => a - b)).toEqual([1000, 2000, 3000]);
  });

  test('sliding(size, slide) with size % slide == 0 assigns exactly ceil(size/slide) windows, each containing ts', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e9, max: 1e9 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 1, max: 10 }),
        (ts, slide, k) => {
          const size = slide * k;
          const ws = sliding(size, slide).assign(ts);
          expect(ws).toHaveLength(Math.ceil(size / slide));
          for (const w of ws) expect(contains(w, ts)).toBe(true);
        },
      ),
      { seed: 7, numRuns: 200 },
    );
  });

  test('sliding(1000, 1500) puts t=999 in [0,1000) and gives t=1000 and t=1499 zero windows (a gap)', () => {
    const a = sliding(1000, 1500);
    expect(a.assign(999)).toEqual([{ start: 0, end: 1000 }]);
    expect(a.assign(1000)).toEqual([]);
    expect(a.assign(1499)).toEqual([]);
    expect(a.assign(1500)).toEqual([{ start: 1500, end: 2500 }]);
  });

  test('sliding(2000, 1000) puts -1 in [-2000,0) and [-1000,1000)', () => {
    const ws = sliding(2000, 1000).assign(-1);
    expect(ws.map((w) => w.start).sort((a, b) => a - b)).toEqual([-2000, -1000]);
  });

  test('sliding(2000, 1000, offset 500) puts 499 in [-1500,500) and [-500,1500)', () => {
    const ws = sliding(2000, 1000, 500).assign(499);
    expect(ws.map((w) => w.start).sort((a, b) => a - b)).toEqual([-1500, -500]);
  });

  test('assignStarts writes the same starts as assign', () => {
    const a = sliding(3000, 1000, 250);
    for (const ts of [-3001, -1, 0, 249, 250, 2999, 3000]) {
      const out: number[] = [];
      const n = a.assignStarts!(ts, out);
      expect(out.slice(0, n)).toEqual(a.assign(ts).map((w) => w.start));
    }
  });
});

describe('window offsets are validated by parseJob (A4: |offset| < size / slide)', () => {
  test('tumbling offset 999 with size 1000 is accepted; 1000 and -1000 are refused at job.window.offset', () => {
    expect(() => parseJob({ window: { kind: 'tumbling', size: 1000, offset: 999 }, aggregate: sum })).not.toThrow();
    expect(() => parseJob({ window: { kind: 'tumbling', size: 1000, offset: -999 }, aggregate: sum })).not.toThrow();
    for (const offset of [1000, -1000, 1500]) {
      let err: unknown;
      try {
        parseJob({ window: { kind: 'tumbling', size: 1000, offset }, aggregate: sum });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(InputError);
      expect((err as InputError).path).toBe('job.window.offset');
    }
  });

  test('sliding offset must be below the slide: 499 with slide 500 is accepted, 500 is refused', () => {
    expect(() => parseJob({ window: { kind: 'sliding', size: 2000, slide: 500, offset: 499 }, aggregate: sum })).not.toThrow();
    expect(() => parseJob({ window: { kind: 'sliding', size: 2000, slide: 500, offset: 500 }, aggregate: sum })).toThrow(InputError);
  });

  test('a sliding job with slide > size is accepted (Flink allows gaps)', () => {
    expect(() => parseJob({ window: { kind: 'sliding', size: 1000, slide: 1500 }, aggregate: sum })).not.toThrow();
  });
});

describe('(start, end] closure (C3: Storm windows)', () => {
  test('tumbling(1000) with (] closure puts t=1000 in (0,1000] and t=1001 in (1000,2000]', () => {
    const a = tumbling(1000, 0, '(]');
    expect(a.assign(1000)).toEqual([{ start: 0, end: 1000 }]);
    expect(a.assign(1001)).toEqual([{ start: 1000, end: 2000 }]);
    expect(a.assign(1)).toEqual([{ start: 0, end: 1000 }]);
    expect(a.assign(0)).toEqual([{ start: -1000, end: 0 }]);
  });

  test('(] windows have maxTimestamp = end and contain end but not start', () => {
    const w = { start: 0, end: 1000 };
    expect(maxTimestamp(w, '(]')).toBe(1000);
    expect(contains(w, 1000, '(]')).toBe(true);
    expect(contains(w, 0, '(]')).toBe(false);
    expect(contains(w, 1000, '[)')).toBe(false);
    expect(contains(w, 0, '[)')).toBe(true);
  });

  test('sliding(2000, 1000) with (] closure puts a boundary ts=2000 in (0,2000] and (1000,3000], not (2000,4000]', () => {
    const ws = sliding(2000, 1000, 0, '(]').assign(2000);
    expect(ws.map((w) => w.end).sort((a, b) => a - b)).toEqual([2000, 3000]);
  });
});

describe('session proto-windows and merging (A4, F-SES, F-TW)', () => {
  test('session(1000) gives t=5 the proto-window [5,1005)', () => {
    expect(session(1000).assign(5)).toEqual([{ start: 5, end: 1005 }]);
    expect(session(1000).merging).toBe(true);
  });

  test('touching windows intersect and merge: [0,1000) and [1000,2000) become [0,2000)', () => {
    const a = { start: 0, end: 1000 };
    const b = { start: 1000, end: 2000 };
    expect(intersects(a, b)).toBe(true);
    const r = mergeWindows([b, a]);
    expect(r).toHaveLength(1);
    expect(r[0]!.merged).toEqual({ start: 0, end: 2000 });
    expect(r[0]!.parts).toHaveLength(2);
  });

  test('windows 1 ms apart do not merge: [0,1000) and [1001,2001) stay two', () => {
    const r = mergeWindows([
      { start: 0, end: 1000 },
      { start: 1001, end: 2001 },
    ]);
    expect(r.map((g) => g.merged)).toEqual([
      { start: 0, end: 1000 },
      { start: 1001, end: 2001 },
    ]);
  });

  test('mergeWindows covers a chain: [0,10), [5,15), [15,20), [30,40) -> [0,20) and [30,40)', () => {
    const r = mergeWindows([
      { start: 15, end: 20 },
      { start: 30, end: 40 },
      { start: 0, end: 10 },
      { start: 5, end: 15 },
    ]);
    expect(r.map((g) => g.merged)).toEqual([
      { start: 0, end: 20 },
      { start: 30, end: 40 },
    ]);
    expect(r[0]!.parts).toHaveLength(3);
  });
});

describe('global and count windows', () => {
  test('global() and count assigners put every timestamp in the one global window', () => {
    expect(global().assign(5)).toEqual([GLOBAL_WINDOW]);
    expect(assignerFor({ kind: 'count', size: 3 }).assign(-5)).toEqual([GLOBAL_WINDOW]);
    expect(assignerFor({ kind: 'count', size: 3 }).global).toBe(true);
  });
});

describe('missing timestamps (A4: Long.MIN_VALUE makes event-time assigners throw)', () => {
  test.each([
    ['tumbling', tumbling(1000)],
    ['sliding', sliding(2000, 1000)],
    ['session', session(1000)],
  ])('%s throws InputError for NaN, MIN_TIME and Infinity', (_name, a) => {
    for (const ts of [Number.NaN, MIN_TIME, Number.POSITIVE_INFINITY]) expect(() => a.assign(ts)).toThrow(InputError);
  });

  test('assignStarts throws InputError for NaN like assign', () => {
    expect(() => sliding(2000, 1000).assignStarts!(Number.NaN, [])).toThrow(InputError);
  });

  test('size or slide <= 0 is refused', () => {
    expect(() => tumbling(0)).toThrow(InputError);
    expect(() => sliding(1000, 0)).toThrow(InputError);
  });
});
