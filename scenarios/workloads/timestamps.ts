// A file's timestamps in their own unit (`workload.file.timestampUnit`: ms | s | us | iso) turned into
// whole epoch milliseconds within ±2^53, the only time the engines know; and the warning when the values
// look like another unit (epoch seconds read as ms would put every event in January 1970).

export const timestampUnits = ['ms', 's', 'us', 'iso'] as const;
export type TimestampUnit = (typeof timestampUnits)[number];

/** The largest magnitude of a timestamp, ms (Number.MAX_SAFE_INTEGER): beyond it arithmetic on times is inexact. */
export const MAX_TIME_MS = Number.MAX_SAFE_INTEGER;

// Date and date-time with optional seconds, fraction and offset; a bare date is midnight UTC.
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

/** The value in whole ms, or the reason it is not a timestamp in `unit`. */
export function toMs(value: unknown, unit: TimestampUnit): number | { reason: string } {
  if (unit === 'iso') return isoToMs(value);
  let n: number;
  if (typeof value === 'bigint') {
    // Arrow int64: exact integer arithmetic before the value becomes a double.
    const ms = unit === 's' ? value * 1000n : unit === 'us' ? floorDiv(value, 1000n) : value;
    if (ms > BigInt(MAX_TIME_MS) || ms < -BigInt(MAX_TIME_MS)) return { reason: `${value} ${unit} is beyond ±2^53 ms` };
    return Number(ms);
  }
  if (typeof value !== 'number') {
    const iso = typeof value === 'string' && ISO.test(value.trim()) ? ' (an ISO-8601 date: set timestampUnit "iso")' : '';
    return { reason: `is ${describe(value)}, not a number${iso}` };
  }
  if (!Number.isFinite(value)) return { reason: `is ${value}, not a finite number` };
  n = value;
  let ms: number;
  switch (unit) {
    case 'ms':
      if (!Number.isInteger(n)) {
        const hint = likelyUnit(n) === 's' ? ' (it looks like epoch seconds: set timestampUnit "s")' : '';
        return { reason: `${n} is not a whole number of ms${hint}` };
      }
      ms = n;
      break;
    case 's':
      // Round to the µs first so 1700000000.123 s is 1700000000123 ms, not …122.9999.
      ms = Math.floor(Math.round(n * 1e6) / 1000);
      break;
    case 'us':
      // µs become whole ms by flooring (1999 µs is 1 ms), as Flink's TimestampData → epoch millis does.
      ms = Math.floor(n / 1000);
      break;
  }
  if (Math.abs(ms) > MAX_TIME_MS) return { reason: `${n} ${unit} is beyond ±2^53 ms` };
  return ms === 0 ? 0 : ms;
}

function isoToMs(value: unknown): number | { reason: string } {
  if (typeof value !== 'string') return { reason: `is ${describe(value)}, not an ISO-8601 date string` };
  const m = ISO.exec(value.trim());
  if (!m) return { reason: `${JSON.stringify(value.slice(0, 40))} is not an ISO-8601 date (e.g. 2024-05-01T12:00:00.250Z)` };
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = m;
  const ms = Number(`${frac}000`.slice(0, 3));
  let t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  const check = new Date(t);
  if (check.getUTCDate() !== Number(d) || check.getUTCMonth() !== Number(mo) - 1 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
    return { reason: `${JSON.stringify(value)} is not a real date and time` };
  }
  // No offset: UTC, so a replay never depends on the machine's time zone.
  if (zone && zone !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    t -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0')) * 60_000;
  }
  return t;
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n ? q - 1n : q;
}

function describe(v: unknown): string {
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (typeof v === 'object') return Array.isArray(v) ? 'an array' : 'an object';
  return `${typeof v} ${String(v)}`;
}

/** The unit epoch values of this magnitude most likely are (null: too small to be an epoch, e.g. relative ms). */
export function likelyUnit(value: number): 's' | 'ms' | 'us' | 'ns' | null {
  const a = Math.abs(value);
  // Each band starts in 1973 and ends in 5138 in its own unit, so the bands do not overlap.
  if (a >= 1e8 && a < 1e11) return 's';
  if (a >= 1e11 && a < 1e14) return 'ms';
  if (a >= 1e14 && a < 1e17) return 'us';
  if (a >= 1e17 && a < 1e20) return 'ns';
  return null;
}

/**
 * A warning when the median raw value of a numeric timestamp column looks like another epoch unit than
 * the one given; null when it fits (or the values are too small to be epochs, e.g. ms since the start).
 */
export function unitWarning(raw: readonly number[], unit: TimestampUnit, at: string): string | null {
  if (unit === 'iso' || raw.length === 0) return null;
  const sorted = [...raw].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const looks = likelyUnit(median);
  if (looks === null || looks === unit) return null;
  const asGiven = toMs(median, unit);
  const given = typeof asGiven === 'number' && Math.abs(asGiven) <= 8.64e15 ? isoDate(asGiven) : 'out of range';
  if (looks === 'ns') {
    return `${at}: values like ${median} look like epoch nanoseconds (read as ${unit}: ${given}); convert them to us or ms`;
  }
  const asLooks = toMs(median, looks);
  const meant = typeof asLooks === 'number' ? isoDate(asLooks) : '?';
  return `${at}: values like ${median} look like epoch ${UNIT_NAMES[looks]} (${meant}), but are read as ${UNIT_NAMES[unit]} (${given}): set workload.file.timestampUnit to "${looks}"`;
}

const UNIT_NAMES: Record<Exclude<TimestampUnit, 'iso'> | 'ns', string> = {
  ms: 'milliseconds',
  s: 'seconds',
  us: 'microseconds',
  ns: 'nanoseconds',
};

/** Epoch ms as an ISO-8601 UTC date (`2023-11-14T22:13:20.000Z`). */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString();
}
