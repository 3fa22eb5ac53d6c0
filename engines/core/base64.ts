// Typed-array columns as base64 text (RFC 4648, with padding), for state files that hold numbers by the
// thousand: the bytes are copied, never formatted, so a column of doubles round-trips bit for bit (NaN,
// ±Infinity and -0 included) and writing it allocates one string, not a string per number.
// Byte order is the platform's, little-endian on every platform Node and the browsers run on (checked below).

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const ENCODE = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0));
const DECODE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;
const PAD = 61; // '='
const ASCII = new TextDecoder('latin1');

if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) throw new Error('streamlab state columns need a little-endian platform');

/** Reused output buffer (engines run on one thread; each call decodes it into a string before returning). */
let out = new Uint8Array(1024);

export function encodeBase64(bytes: Uint8Array): string {
  const n = bytes.length;
  const size = 4 * Math.ceil(n / 3);
  if (out.length < size) out = new Uint8Array(Math.max(size, out.length * 2));
  const o = out;
  let j = 0;
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const x = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    o[j++] = ENCODE[x >>> 18]!;
    o[j++] = ENCODE[(x >>> 12) & 63]!;
    o[j++] = ENCODE[(x >>> 6) & 63]!;
    o[j++] = ENCODE[x & 63]!;
  }
  if (i < n) {
    const two = i + 1 < n;
    const x = (bytes[i]! << 16) | (two ? bytes[i + 1]! << 8 : 0);
    o[j++] = ENCODE[x >>> 18]!;
    o[j++] = ENCODE[(x >>> 12) & 63]!;
    o[j++] = two ? ENCODE[(x >>> 6) & 63]! : PAD;
    o[j++] = PAD;
  }
  return ASCII.decode(o.subarray(0, j));
}

/** The bytes of `text`, in a fresh ArrayBuffer (so any typed-array view of it is aligned). */
export function decodeBase64(text: string): Uint8Array {
  const len = text.length;
  if (len % 4 !== 0) throw new Error(`base64 text must be a multiple of 4 characters long, got ${len}`);
  const pad = len === 0 ? 0 : text.charCodeAt(len - 1) === PAD ? (text.charCodeAt(len - 2) === PAD ? 2 : 1) : 0;
  const bytes = new Uint8Array((len / 4) * 3 - pad);
  let j = 0;
  for (let i = 0; i < len; i += 4) {
    const a = sextet(text, i);
    const b = sextet(text, i + 1);
    const last = i + 4 === len;
    const c = last && pad === 2 ? 0 : sextet(text, i + 2);
    const d = last && pad >= 1 ? 0 : sextet(text, i + 3);
    const x = (a << 18) | (b << 12) | (c << 6) | d;
    bytes[j++] = x >>> 16;
    if (j < bytes.length) bytes[j++] = (x >>> 8) & 255;
    if (j < bytes.length) bytes[j++] = x & 255;
  }
  return bytes;
}

function sextet(text: string, i: number): number {
  const c = text.charCodeAt(i);
  const v = c < 128 ? DECODE[c]! : -1;
  if (v < 0) throw new Error(`base64 text has an invalid character ${JSON.stringify(text[i])} at ${i}`);
  return v;
}

export function float64ToBase64(column: Float64Array): string {
  return encodeBase64(new Uint8Array(column.buffer, column.byteOffset, column.byteLength));
}

export function int32ToBase64(column: Int32Array): string {
  return encodeBase64(new Uint8Array(column.buffer, column.byteOffset, column.byteLength));
}

export function base64ToFloat64(text: string): Float64Array {
  const bytes = decodeBase64(text);
  if (bytes.length % 8 !== 0) throw new Error(`a Float64 column needs a multiple of 8 bytes, got ${bytes.length}`);
  return new Float64Array(bytes.buffer, 0, bytes.length / 8);
}

export function base64ToInt32(text: string): Int32Array {
  const bytes = decodeBase64(text);
  if (bytes.length % 4 !== 0) throw new Error(`an Int32 column needs a multiple of 4 bytes, got ${bytes.length}`);
  return new Int32Array(bytes.buffer, 0, bytes.length / 4);
}
