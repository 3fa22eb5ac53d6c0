// The embedded on-disk keyed state backend (A11, RocksDB-class) on lmdb: Node-side, so engines/ stays
// browser-runnable. Each backend (one per operator subtask) gets its own lmdb sub-database; values are
// serialized (msgpack by default) and live in the memory-mapped file, outside the JS heap.
import { rmSync } from 'node:fs';
import { type Database, open, type RootDatabase } from 'lmdb';
import { jsonCodec, type KeyValueStore, type ValueCodec } from '../engines/core/state/key-value-store.ts';
import type { KeyedStateBackend } from '../engines/core/state/keyed-state-backend.ts';
import { SerializedKeyedStateBackend } from '../engines/core/state/serialized-state-backend.ts';

/** Writes buffered before one lmdb transaction commits them (see LmdbKeyValueStore). */
const MAX_PENDING = 2048;
const MAX_PENDING_BYTES = 8 << 20;

/**
 * A KeyValueStore on one lmdb sub-database. A synchronous lmdb commit costs tens of µs even without
 * fsync (measured: putSync ≈ 65 µs, transactionSync per put ≈ 280 µs, 100 puts per transaction ≈ 4.5 µs
 * each), so writes go to a small write buffer of serialized bytes — RocksDB's memtable — that reads
 * consult first, and are committed together when it fills or before a range scan.
 */
export class LmdbKeyValueStore implements KeyValueStore<Uint8Array> {
  private readonly pending = new Map<string, Uint8Array | null>();
  private pendingBytes = 0;

  constructor(
    private readonly env: RootDatabase,
    private readonly db: Database<Uint8Array, string>,
    private readonly release: () => void = () => {},
  ) {}

  get(key: string): Uint8Array | undefined {
    const p = this.pending.get(key);
    if (p !== undefined) return p ?? undefined;
    return this.db.get(key);
  }

  has(key: string): boolean {
    const p = this.pending.get(key);
    if (p !== undefined) return p !== null;
    return this.db.doesExist(key);
  }

  put(key: string, value: Uint8Array): void {
    this.pending.set(key, value);
    this.pendingBytes += value.length;
    if (this.pending.size >= MAX_PENDING || this.pendingBytes >= MAX_PENDING_BYTES) this.flush();
  }

  remove(key: string): void {
    this.pending.set(key, null);
    if (this.pending.size >= MAX_PENDING) this.flush();
  }

  *range(prefix: string): Iterable<[string, Uint8Array]> {
    this.flush();
    // Keys are ordered by their UTF-8 bytes, so the keys with a prefix are contiguous from the prefix on.
    for (const { key, value } of this.db.getRange({ start: prefix })) {
      if (!key.startsWith(prefix)) return;
      yield [key, value];
    }
  }

  /** Drop the sub-database's entries (buffered ones too) and hand it back to the factory for reuse. */
  dispose(): void {
    this.pending.clear();
    this.pendingBytes = 0;
    this.db.clearSync();
    this.release();
  }

  /** Commit the buffered writes in one transaction. */
  flush(): void {
    if (this.pending.size === 0) return;
    this.env.transactionSync(() => {
      for (const [k, v] of this.pending) {
        if (v === null) this.db.remove(k);
        else this.db.put(k, v);
      }
    });
    this.pending.clear();
    this.pendingBytes = 0;
  }
}

export interface LmdbBackendOptions {
  /** `msgpack` (lmdb's own encoder: keeps Maps, bigints, undefined, ±Infinity) or `json` (the checkpoint codec). */
  codec?: 'msgpack' | 'json';
  /** Most sub-databases (backends) in use at once; a restart disposes its job's and reuses them. */
  maxBackends?: number;
}

/** A factory for EventEngineOptions.stateBackend, with the lmdb environment it writes to. */
export interface LmdbStateBackendFactory {
  (): KeyedStateBackend;
  readonly dir: string;
  /** Number of backends created so far. */
  readonly created: number;
  /** Sub-databases in use now (created and not disposed): each disposed one is cleared and reused. */
  readonly inUse: number;
  /** Close the environment and delete `dir`. */
  close(): Promise<void>;
}

/** Keyed state in an lmdb environment at `dir` (created; deleted again by `close()`), one sub-database per backend. */
export function lmdbStateBackend(dir: string, options: LmdbBackendOptions = {}): LmdbStateBackendFactory {
  const codecName = options.codec ?? 'msgpack';
  if (codecName !== 'msgpack' && codecName !== 'json')
    throw new Error(`lmdb backend: codec must be msgpack or json, got ${String(codecName)}`);
  // noSync: the database is scratch space for live state (durability comes from checkpoints), so
  // commits need not reach the disk; the OS writes the pages back when it needs the memory.
  // useBigIntExtension: bigints beyond 64 bits (msgpack's int64 is the default limit) stay bigints.
  const env = open({ path: dir, maxDbs: options.maxBackends ?? 4096, noSync: true, encoder: { useBigIntExtension: true } });
  let created = 0;
  let named = 0;
  /** Sub-databases whose backend was disposed: empty, ready for the next backend. */
  const free: string[] = [];
  let closed = false;
  const make = (): KeyedStateBackend => {
    if (closed) throw new Error(`lmdb backend at ${dir} is closed`);
    const name = free.pop() ?? `subtask-${named++}`;
    const store = new LmdbKeyValueStore(env, env.openDB<Uint8Array, string>({ name, encoding: 'binary' }), () => free.push(name));
    created++;
    return codecName === 'json'
      ? new SerializedKeyedStateBackend('lmdb', store, mapCodec(jsonCodec, encodeUtf8, decodeUtf8))
      : new SerializedKeyedStateBackend('lmdb', store, msgpackCodec(env));
  };
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await env.close();
    rmSync(dir, { recursive: true, force: true });
  };
  // Object.assign would copy `created` once; define it as a getter on the function.
  return Object.defineProperties(make, {
    dir: { value: dir },
    created: { get: () => created },
    inUse: { get: () => named - free.length },
    close: { value: close },
  }) as LmdbStateBackendFactory;
}

/** lmdb's msgpack encoder. It writes into a shared buffer, so the bytes are copied before they are kept. */
function msgpackCodec(env: RootDatabase): ValueCodec<Uint8Array> {
  // The root database's msgpackr instance (the typings do not declare it).
  const { encoder, decoder } = env as unknown as {
    encoder: { encode(v: unknown): Uint8Array };
    decoder: { decode(b: Uint8Array): unknown };
  };
  return {
    encode: (v) => Uint8Array.prototype.slice.call(encoder.encode(v)),
    decode: (b) => decoder.decode(b),
  };
}

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder();
const encodeUtf8 = (s: string): Uint8Array => utf8Encoder.encode(s);
const decodeUtf8 = (b: Uint8Array): string => utf8Decoder.decode(b);

function mapCodec(c: ValueCodec<string>, to: (s: string) => Uint8Array, from: (b: Uint8Array) => string): ValueCodec<Uint8Array> {
  return { encode: (v) => to(c.encode(v)), decode: (b) => c.decode(from(b)) };
}
