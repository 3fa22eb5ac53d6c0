// State larger than the heap (A11): a child node with a 64 MB heap limit keeps ~293 MB of window contents
// in the lmdb backend and reads them back; the same job on the heap backend runs out of memory.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const HEAP_MB = 64;
const KEYS = 15_000;
const PER_KEY = 2;
const LEN = 10_240;
const script = join(import.meta.dirname, 'lmdb-large-state-script.ts');

function child(kind: 'lmdb' | 'heap', dir: string) {
  return spawnSync(
    process.execPath,
    [`--max-old-space-size=${HEAP_MB}`, '--import', 'tsx', script, join(dir, 'db'), kind, String(KEYS), String(PER_KEY), String(LEN)],
    { encoding: 'utf8', timeout: 60_000 },
  );
}

/** The checksum the child computes, from the same payloads (element i of key k is i = round * KEYS + k). */
function expectedSum(): { sum: number; bytes: number } {
  let sum = 0;
  let bytes = 0;
  for (let k = 0; k < KEYS; k += 97) {
    for (let round = 0; round < PER_KEY; round++) {
      const s = Buffer.alloc(LEN, `${round * KEYS + k}:${String.fromCharCode(97 + ((round * KEYS + k) % 26))}`).toString('latin1');
      for (let j = 0; j < s.length; j += 101) sum = (sum * 31 + s.charCodeAt(j)) >>> 0;
      bytes += s.length;
    }
  }
  return { sum, bytes };
}

describe('state larger than the heap', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'streamlab-lmdb-large-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test(`lmdb holds ${Math.round((KEYS * PER_KEY * LEN) / 2 ** 20)} MB of window contents under a ${HEAP_MB} MB heap limit and reads it back`, () => {
    const r = child('lmdb', dir);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { entries: number; stateMb: number; read: number; bytes: number; sum: number; heapMb: number };
    expect(out.entries).toBe(KEYS);
    expect(out.stateMb).toBeGreaterThan(4 * HEAP_MB);
    expect(out.heapMb).toBeLessThan(HEAP_MB);
    expect(out.read).toBe(Math.ceil(KEYS / 97));
    expect({ sum: out.sum, bytes: out.bytes }).toEqual(expectedSum());
  });

  test(`the same job on the heap backend dies of heap exhaustion at ${HEAP_MB} MB`, () => {
    const r = child('heap', dir);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/heap out of memory/i);
  });
});
