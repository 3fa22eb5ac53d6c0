// A micro-batch is an Arrow record batch with typed columns; operators read the typed arrays behind them.
import { InputError } from '../core/errors.ts';
import { type BatchSpec, buildBatch, columnsOf } from './arrow-batch.ts';
import { KeyDictionary } from './key-dictionary.ts';
import { Scratch } from './scratch.ts';

const spec: BatchSpec = { key: 'k', timestamp: 'ts', value: 'v', collect: undefined, streams: ['main'] };

describe('buildBatch', () => {
  test('builds key Dictionary<Int32, Utf8>, ts Float64 and value Float64 columns', () => {
    const b = buildBatch(
      [
        { k: 'x', ts: 1, v: 2.5 },
        { k: 'y', ts: 2, v: 3 },
        { k: 'x', ts: 3, v: 4 },
      ],
      spec,
      new KeyDictionary(),
    );
    const fields = Object.fromEntries(b.batch.schema.fields.map((f) => [f.name, String(f.type)]));
    expect(fields).toEqual({ key: 'Dictionary<Int32, Utf8>', ts: 'Float64', value: 'Float64' });
    expect(b.batch.numRows).toBe(3);
    expect([...b.batch.getChild('key')!.toArray()]).toEqual(['x', 'y', 'x']);
  });
  test('columns are typed arrays, with dictionary indices resolved to engine-wide key ids', () => {
    const keys = new KeyDictionary();
    keys.idOf('y');
    const cols = columnsOf(
      buildBatch(
        [
          { k: 'x', ts: 1, v: 1 },
          { k: 'y', ts: 2, v: 2 },
          { k: 'x', ts: 3, v: 3 },
        ],
        spec,
        keys,
      ),
    );
    expect(cols.keyIds).toEqual(new Int32Array([1, 0, 1]));
    expect(cols.ts).toEqual(new Float64Array([1, 2, 3]));
    expect(cols.value).toEqual(new Float64Array([1, 2, 3]));
  });
  test('number and string keys stay distinct: 1 and "1" are two keys', () => {
    const keys = new KeyDictionary();
    columnsOf(
      buildBatch(
        [
          { k: 1, ts: 0, v: 0 },
          { k: '1', ts: 0, v: 0 },
        ],
        spec,
        keys,
      ),
    );
    expect([keys.valueOf(0), keys.valueOf(1)]).toEqual([1, '1']);
  });
  test('a missing timestamp, key or value is an input error naming the field', () => {
    const keys = new KeyDictionary();
    expect(() => buildBatch([{ k: 'x', v: 1 }], spec, keys)).toThrow(InputError);
    expect(() => buildBatch([{ ts: 1, v: 1 }], spec, keys)).toThrow(/^k: /);
    expect(() => buildBatch([{ k: 'x', ts: 1, v: 'no' }], spec, keys)).toThrow(/^v: /);
  });
  test('a constant timestamp stamps every row (the batch timestamp of processing time)', () => {
    const cols = columnsOf(buildBatch([{ k: 'x' }, { k: 'y' }], { ...spec, timestamp: 7000, value: undefined }, new KeyDictionary()));
    expect(cols.ts).toEqual(new Float64Array([7000, 7000]));
  });
  test('collect values travel as JSON text and come back as values', () => {
    const cols = columnsOf(
      buildBatch(
        [
          { k: 'x', ts: 0, s: { a: 1 } },
          { k: 'x', ts: 0 },
        ],
        { ...spec, value: undefined, collect: 's' },
        new KeyDictionary(),
      ),
    );
    expect(cols.collect).toEqual([{ a: 1 }, null]);
  });
  test('with several streams a stream column is built; an undeclared stream is an input error', () => {
    const s2 = { ...spec, value: undefined, streams: ['a', 'b'] };
    const cols = columnsOf(buildBatch([{ k: 'x', ts: 0, stream: 'b' }], s2, new KeyDictionary()));
    expect(cols.stream).toEqual(new Int32Array([1]));
    expect(() => buildBatch([{ k: 'x', ts: 0, stream: 'c' }], s2, new KeyDictionary())).toThrow(/^stream: /);
  });
  test('a scratch recycles column memory across batches', () => {
    const scratch = new Scratch();
    const keys = new KeyDictionary();
    const a = columnsOf(buildBatch([{ k: 'x', ts: 1, v: 1 }], spec, keys, scratch), scratch);
    const before = a.ts!.buffer;
    const b = columnsOf(buildBatch([{ k: 'y', ts: 2, v: 2 }], spec, keys, scratch), scratch);
    expect(b.ts!.buffer).toBe(before);
    expect(b.ts).toEqual(new Float64Array([2]));
  });
});
