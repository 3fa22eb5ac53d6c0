// The streaming line reader: every chunk boundary (down to 1-byte chunks) gives the same lines, byte
// offsets and UTF-8 checks as reading the file at once; no line is ever built from more than itself.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { invalidUtf8At, LineError, readLines } from './line-reader.ts';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'streamlab-lines-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, bytes: Uint8Array | string) => {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
};

const lineError = (run: () => unknown): LineError => {
  try {
    run();
  } catch (e) {
    if (e instanceof LineError) return e;
    throw e;
  }
  throw new Error('no error');
};

const text = 'first\r\nsecond — “quoted” ✓\n\nlast line without newline 😀';

test('lines, numbers and byte offsets are the same for every chunk size, from 1 byte to 1 MiB', () => {
  const path = write('mixed.txt', text);
  const expected = [
    { text: 'first', line: 1, offset: 0 },
    { text: 'second — “quoted” ✓', line: 2, offset: 7 },
    { text: '', line: 3, offset: 7 + Buffer.byteLength('second — “quoted” ✓\n') },
    { text: 'last line without newline 😀', line: 4, offset: 8 + Buffer.byteLength('second — “quoted” ✓\n') },
  ];
  for (const chunkSize of [1, 2, 3, 5, 7, 64, 1024 * 1024]) expect([...readLines(path, { chunkSize })]).toEqual(expected);
});

test('a UTF-8 byte-order mark is skipped and offsets still count it', () => {
  const path = write('bom.txt', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a\nb\n')]));
  for (const chunkSize of [1, 2, 4, 100]) {
    expect([...readLines(path, { chunkSize })]).toEqual([
      { text: 'a', line: 1, offset: 3 },
      { text: 'b', line: 2, offset: 5 },
    ]);
  }
});

test('a UTF-16 byte-order mark is refused rather than read as mangled text', () => {
  const path = write('utf16.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a\n', 'utf16le')]));
  expect(lineError(() => [...readLines(path)]).message).toMatch(/UTF-16 byte-order mark \(FF FE/);
});

test('invalid UTF-8 names the line and the byte offset of the bad byte, across chunk boundaries', () => {
  const bytes = Buffer.concat([Buffer.from('ok\nalso ok ✓\nbad '), Buffer.from([0xc3, 0x28]), Buffer.from(' here\n')]);
  const path = write('bad.txt', bytes);
  const at = Buffer.byteLength('ok\nalso ok ✓\nbad ');
  for (const chunkSize of [1, 3, 8, 4096]) {
    const e = lineError(() => [...readLines(path, { chunkSize })]);
    expect([e.line, e.offset]).toEqual([3, at]);
    expect(e.message).toBe('is not valid UTF-8 (byte 0xC3): save the file as UTF-8');
  }
});

test('a line longer than the limit is refused instead of growing without bound', () => {
  const path = write('long.txt', `short\n${'x'.repeat(5000)}\n`);
  const e = lineError(() => [...readLines(path, { chunkSize: 256, maxLineBytes: 1024 })]);
  expect([e.line, e.offset]).toEqual([2, 6]);
});

test('invalidUtf8At follows RFC 3629: overlongs, surrogates and truncated sequences are invalid', () => {
  expect(invalidUtf8At(Buffer.from('plain ascii ✓ 😀'))).toBe(Buffer.byteLength('plain ascii ✓ 😀'));
  expect(invalidUtf8At(Uint8Array.of(0x41, 0xc0, 0xaf))).toBe(1); // overlong '/'
  expect(invalidUtf8At(Uint8Array.of(0xed, 0xa0, 0x80))).toBe(0); // a UTF-16 surrogate
  expect(invalidUtf8At(Uint8Array.of(0x41, 0x42, 0xe2, 0x82))).toBe(2); // cut short
  expect(invalidUtf8At(Uint8Array.of(0xf5, 0x80, 0x80, 0x80))).toBe(0); // beyond U+10FFFF
});

test('the reader is lazy: taking the first line of a file reads only its first chunk', () => {
  const path = write('lazy.txt', `${'a'.repeat(10)}\n${'b'.repeat(100_000)}\n`);
  const lines = readLines(path, { chunkSize: 16, maxLineBytes: 64 });
  // The second line is over the limit: only reading it would throw.
  expect(lines.next().value).toEqual({ text: 'a'.repeat(10), line: 1, offset: 0 });
  lines.return(undefined);
});
