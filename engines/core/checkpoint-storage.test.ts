// Checkpoint storage (A11): in memory keeps the last N; files are written under a temporary name and
// renamed, the latest complete file wins, and a corrupt or truncated latest file falls back to the previous one.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { nodeFileIO } from '../../cli/node-file-io.ts';
import {
  checksum,
  checksumOf,
  decode,
  encode,
  FileCheckpointStorage,
  type FileIO,
  InMemoryCheckpointStorage,
} from './checkpoint-storage.ts';

/** FileIO over node:fs that also records every call, to check temp-then-rename. */
function recordingFileIO() {
  const calls: string[] = [];
  const io: FileIO = {
    mkdirp: (dir) => void mkdirSync(dir, { recursive: true }),
    writeFile: (path, text) => {
      calls.push(`write ${path}`);
      writeFileSync(path, text);
    },
    rename: (from, to) => {
      calls.push(`rename ${from} -> ${to}`);
      renameSync(from, to);
    },
    readFile: (path) => (existsSync(path) ? readFileSync(path, 'utf8') : undefined),
    list: (dir) => (existsSync(dir) ? readdirSync(dir) : []),
    remove: (path) => {
      calls.push(`remove ${path}`);
      rmSync(path, { force: true });
    },
  };
  return { io, calls };
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'streamlab-chk-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('InMemoryCheckpointStorage', () => {
  test('is empty before the first save', () => {
    expect(new InMemoryCheckpointStorage().latest()).toBeUndefined();
  });

  test('a Map from another realm (structuredClone in a vm context, as under jest) survives as a Map', () => {
    const foreign = structuredClone(
      new Map<unknown, unknown>([
        ['a', 1],
        [2, { b: new Map([['c', 3]]) }],
      ]),
    );
    const back = decode(encode({ state: foreign })) as { state: Map<unknown, unknown> };
    expect(back.state).toBeInstanceOf(Map);
    expect([...back.state.keys()]).toEqual(['a', 2]);
    expect((back.state.get(2) as { b: unknown }).b).toBeInstanceOf(Map);
  });

  test('ids count 1, 2, 3 and latest returns the last one', () => {
    const s = new InMemoryCheckpointStorage();
    expect([s.save({ n: 1 }), s.save({ n: 2 }), s.save({ n: 3 })].map((r) => r.id)).toEqual([1, 2, 3]);
    expect(s.latest()).toEqual({ id: 3, data: { n: 3 } });
  });

  test('retain 2 keeps the last 2 of 5 checkpoints and ids keep counting', () => {
    const s = new InMemoryCheckpointStorage(2);
    for (let i = 1; i <= 5; i++) s.save({ n: i });
    // The retained list is private; read its length through a structural view.
    const kept = (s as unknown as { checkpoints: Array<{ id: number }> }).checkpoints.map((c) => c.id);
    expect(kept).toEqual([4, 5]);
    expect(s.latest()).toEqual({ id: 5, data: { n: 5 } });
  });

  test('a saved checkpoint does not change when the saved object is mutated later', () => {
    const s = new InMemoryCheckpointStorage();
    const data = { xs: [1] };
    s.save(data);
    data.xs.push(2);
    expect(s.latest()!.data).toEqual({ xs: [1] });
  });

  test('Maps and bigints survive encode/decode', () => {
    const v = { m: new Map([['k', 1]]), b: 12345678901234567890n };
    expect(decode(encode(v))).toEqual(v);
  });
});

describe('FileCheckpointStorage', () => {
  test('writes chk-1.json.tmp and renames it to chk-1.json; no .tmp is left behind', () => {
    const { io, calls } = recordingFileIO();
    const s = new FileCheckpointStorage(io, dir);
    expect(s.save({ a: 1 }).id).toBe(1);
    expect(calls).toEqual([
      `write ${dir}/chk-1.json.tmp`,
      `rename ${dir}/chk-1.json.tmp -> ${dir}/chk-1.json`,
      // Then the manifest that makes it complete, the same way.
      `write ${dir}/_manifest.json.tmp`,
      `rename ${dir}/_manifest.json.tmp -> ${dir}/_manifest.json`,
    ]);
    expect(readdirSync(dir).sort()).toEqual(['_manifest.json', 'chk-1.json']);
  });

  test('is empty for an empty directory', () => {
    expect(new FileCheckpointStorage(recordingFileIO().io, dir).latest()).toBeUndefined();
  });

  test('the latest checkpoint wins, also for a new storage over the same directory', () => {
    const { io } = recordingFileIO();
    const s = new FileCheckpointStorage(io, dir);
    s.save({ n: 1 });
    s.save({ n: 2 });
    expect(s.latest()).toEqual({ id: 2, data: { n: 2 } });
    expect(new FileCheckpointStorage(io, dir).latest()).toEqual({ id: 2, data: { n: 2 } });
  });

  test('a truncated latest file is skipped for the previous complete checkpoint', () => {
    const { io } = recordingFileIO();
    const s = new FileCheckpointStorage(io, dir);
    s.save({ n: 1 });
    s.save({ n: 2 });
    const f = join(dir, 'chk-2.json');
    const text = readFileSync(f, 'utf8');
    writeFileSync(f, text.slice(0, Math.floor(text.length / 2)));
    expect(s.latest()).toEqual({ id: 1, data: { n: 1 } });
  });

  test('a latest file whose body was altered (valid JSON, bad checksum) is skipped', () => {
    const { io } = recordingFileIO();
    const s = new FileCheckpointStorage(io, dir);
    s.save({ n: 1 });
    s.save({ n: 2 });
    const f = join(dir, 'chk-2.json');
    const parsed = JSON.parse(readFileSync(f, 'utf8')) as { id: number; checksum: string; body: string };
    writeFileSync(f, JSON.stringify({ ...parsed, body: parsed.body.replace('2', '3') }));
    expect(s.latest()).toEqual({ id: 1, data: { n: 1 } });
  });

  test('an empty latest file is skipped', () => {
    const { io } = recordingFileIO();
    const s = new FileCheckpointStorage(io, dir);
    s.save({ n: 1 });
    s.save({ n: 2 });
    writeFileSync(join(dir, 'chk-2.json'), '');
    expect(s.latest()).toEqual({ id: 1, data: { n: 1 } });
  });

  test('a leftover .tmp file (crash before rename) is not a checkpoint', () => {
    const { io } = recordingFileIO();
    const s = new FileCheckpointStorage(io, dir);
    s.save({ n: 1 });
    writeFileSync(join(dir, 'chk-2.json.tmp'), '{"id":2');
    expect(s.latest()).toEqual({ id: 1, data: { n: 1 } });
    expect(s.save({ n: 2 }).id).toBe(2);
    expect(s.latest()).toEqual({ id: 2, data: { n: 2 } });
  });

  test('retain 2 deletes older files: after 4 saves only chk-3 and chk-4 remain', () => {
    const { io } = recordingFileIO();
    const s = new FileCheckpointStorage(io, dir, 2);
    for (let i = 1; i <= 4; i++) s.save({ n: i });
    expect(readdirSync(dir).sort()).toEqual(['_manifest.json', 'chk-3.json', 'chk-4.json']);
    expect(s.latest()).toEqual({ id: 4, data: { n: 4 } });
  });

  test('ids sort numerically: chk-10 is later than chk-9', () => {
    const { io } = recordingFileIO();
    const s = new FileCheckpointStorage(io, dir, 20);
    for (let i = 1; i <= 10; i++) s.save({ n: i });
    expect(s.latest()).toEqual({ id: 10, data: { n: 10 } });
  });
});

describe('FileCheckpointStorage manifest', () => {
  test('a checkpoint file written before a crash but never listed in the manifest is not complete', () => {
    const dir = mkdtempSync(join(tmpdir(), 'streamlab-manifest-'));
    try {
      const s = new FileCheckpointStorage(nodeFileIO, dir);
      s.save({ n: 1 });
      // A crash between writing chk-2.json and the manifest: the file exists, the manifest does not list it.
      writeFileSync(join(dir, 'chk-2.json'), JSON.stringify({ id: 2, checksum: checksum(encode({ n: 2 })), body: encode({ n: 2 }) }));
      expect(s.manifest()!.map((e) => e.id)).toEqual([1]);
      expect(s.latest()).toEqual({ id: 1, data: { n: 1 } });
      expect(s.save({ n: 3 }).id).toBe(3); // ids never reuse a file name on disk
      expect(s.latest()).toEqual({ id: 3, data: { n: 3 } });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('without a readable manifest the files are scanned, newest complete first', () => {
    const dir = mkdtempSync(join(tmpdir(), 'streamlab-manifest-'));
    try {
      const s = new FileCheckpointStorage(nodeFileIO, dir);
      s.save({ n: 1 });
      s.save({ n: 2 });
      writeFileSync(join(dir, '_manifest.json'), '{"checkpoints": [');
      expect(s.latest()).toEqual({ id: 2, data: { n: 2 } });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('checksum', () => {
  test('FNV-1a 32 (offset basis 0x811c9dc5, prime 0x01000193): the published vectors', () => {
    expect(checksum('')).toBe('811c9dc5');
    expect(checksum('a')).toBe('e40c292c');
    expect(checksum('foobar')).toBe('bf9cf968');
  });

  test('over pieces it equals the checksum of their concatenation, however the text is cut', () => {
    const text = 'v1\n{"keys":["a","é"],"windows":[[0,1000,"AAAAAA==","AAAAAAAA8D8="]]}';
    for (let cut = 0; cut <= text.length; cut += 7) {
      expect(checksumOf([text.slice(0, cut), '', text.slice(cut)])).toBe(checksum(text));
    }
    expect(checksumOf([])).toBe(checksum(''));
  });
});

describe('encode', () => {
  /** The definition: JSON.stringify with a replacer that rewrites every Map and bigint it meets. */
  const byReplacer = (data: unknown) =>
    JSON.stringify(data, (_k, v: unknown) => {
      if (v instanceof Map) return { $map: [...v.entries()] };
      if (typeof v === 'bigint') return { $bigint: v.toString() };
      return v;
    });

  test('writes what a replacer would, for any JSON-ish value with Maps, bigints, Dates, undefined and holes (fast-check)', () => {
    const value = fc.anything({
      withMap: true,
      withBigInt: true,
      withDate: true,
      withSparseArray: true,
      withNullPrototype: true,
      maxDepth: 4,
    });
    fc.assert(
      fc.property(value, (v) => {
        expect(encode(v)).toBe(byReplacer(v));
      }),
      { seed: 20261124, numRuns: 500 },
    );
  });

  test('round-trips Maps of Maps and bigints, and leaves the input untouched', () => {
    const m = new Map<unknown, unknown>([
      ['a', new Map([[1n, [1, 2]]])],
      [2, { x: 3n }],
    ]);
    const data = { state: [[0, 'k', '', m]], ids: [12345678901234567890n] };
    const before = byReplacer(data);
    expect(decode(encode(data))).toEqual(data);
    expect(byReplacer(data)).toBe(before);
    expect(data.state[0]![3]).toBe(m);
  });
});
