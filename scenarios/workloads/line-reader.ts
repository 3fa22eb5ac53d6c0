// A text file read as a stream of lines: fixed-size chunks from a file descriptor, split at '\n' bytes
// (never inside a UTF-8 sequence), each line checked as UTF-8 and decoded on its own. No step holds the
// whole file as one string, so a file far beyond V8's string limit (~512 MiB) reads in bounded memory.
import { closeSync, openSync, readSync } from 'node:fs';

/** One line: its text (without '\n' or a final '\r'), 1-based line number and the byte offset where it starts. */
export interface Line {
  text: string;
  line: number;
  offset: number;
}

/** A line that cannot be read as text; `offset` is the file byte offset of the problem. */
export class LineError extends Error {
  readonly line: number;
  readonly offset: number;
  constructor(line: number, offset: number, reason: string) {
    super(reason);
    this.name = 'LineError';
    this.line = line;
    this.offset = offset;
  }
}

export interface LineReaderOptions {
  /** Bytes per read (default 1 MiB); tests use tiny chunks to cross every boundary. */
  chunkSize?: number;
  /** Longest line accepted, bytes (default 64 MiB): longer is not line-oriented text. */
  maxLineBytes?: number;
}

const MiB = 1024 * 1024;

/**
 * The lines of `path`, lazily. A UTF-8 byte-order mark at the start is skipped (editors on Windows write
 * one); a UTF-16 or UTF-32 mark, invalid UTF-8 or an over-long line throws LineError.
 */
export function* readLines(path: string, options: LineReaderOptions = {}): Generator<Line> {
  const chunkSize = options.chunkSize ?? MiB;
  const maxLine = options.maxLineBytes ?? 64 * MiB;
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(chunkSize);
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    // The byte-order mark is looked for in the first 4 bytes, whatever the chunk size.
    const head = Buffer.alloc(4);
    let pos = bomLength(head.subarray(0, readSync(fd, head, 0, 4, 0))); // file offset of the next chunk
    let lineStart = pos; // file offset of the current line
    let line = 1;
    const emit = (bytes: Buffer): Line => {
      let end = bytes.length;
      if (end > 0 && bytes[end - 1] === 0x0d) end--;
      const body = bytes.subarray(0, end);
      let text: string;
      try {
        text = decoder.decode(body);
      } catch {
        const bad = invalidUtf8At(body);
        throw new LineError(line, lineStart + bad, `is not valid UTF-8 (byte 0x${hex(body[bad])}): save the file as UTF-8`);
      }
      return { text, line, offset: lineStart };
    };
    for (;;) {
      const n = readSync(fd, buf, 0, chunkSize, pos);
      if (n === 0) break;
      const chunk = buf.subarray(0, n);
      let from = 0;
      for (;;) {
        const nl = chunk.indexOf(0x0a, from);
        if (nl < 0) break;
        const piece = chunk.subarray(from, nl);
        const bytes = pendingBytes > 0 ? Buffer.concat([...pending, piece]) : piece;
        if (bytes.length > maxLine) throw tooLong(line, lineStart, maxLine);
        pending = [];
        pendingBytes = 0;
        yield emit(bytes);
        line++;
        lineStart = pos + nl + 1;
        from = nl + 1;
      }
      if (from < chunk.length) {
        // Copy: `buf` is reused by the next read.
        pending.push(Buffer.from(chunk.subarray(from)));
        pendingBytes += chunk.length - from;
        if (pendingBytes > maxLine) throw tooLong(line, lineStart, maxLine);
      }
      pos += chunk.length;
    }
    if (pendingBytes > 0) yield emit(Buffer.concat(pending));
  } finally {
    closeSync(fd);
  }
}

function tooLong(line: number, offset: number, max: number): LineError {
  return new LineError(line, offset, `is longer than ${Math.round(max / MiB)} MiB: not a line-oriented file (one record per line)`);
}

/** Length of a UTF-8 byte-order mark at the start; throws on a UTF-16/32 one (the text would be mangled). */
function bomLength(b: Buffer): number {
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return 3;
  if (b.length >= 2 && ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff))) {
    const which = b[0] === 0xff ? 'FF FE, UTF-16 little-endian' : 'FE FF, UTF-16 big-endian';
    throw new LineError(1, 0, `starts with a UTF-16 byte-order mark (${which}): save the file as UTF-8`);
  }
  if (b.length >= 4 && b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff) {
    throw new LineError(1, 0, 'starts with a UTF-32 byte-order mark: save the file as UTF-8');
  }
  return 0;
}

/** Index of the first byte that does not belong to a well-formed UTF-8 sequence (RFC 3629). */
export function invalidUtf8At(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      if (c === 0xe0) lo = 0xa0;
      if (c === 0xed) hi = 0x9f; // no UTF-16 surrogates
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      if (c === 0xf0) lo = 0x90;
      if (c === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const d = b[i + k];
      if (d === undefined || d < (k === 1 ? lo : 0x80) || d > (k === 1 ? hi : 0xbf)) return i;
    }
    i += need + 1;
  }
  return b.length;
}

function hex(v: number | undefined): string {
  return (v ?? 0).toString(16).toUpperCase().padStart(2, '0');
}
