// Evaluation of the expression language (parse.ts): an AST compiled once into a closure per node, run per
// record. Values are SQL's: numbers (JS doubles), strings, booleans and NULL. NULL semantics follow SQL (and
// Flink SQL's built-in functions): an operator or function given NULL returns NULL; AND/OR are three-valued;
// a comparison with NULL is NULL, so a filter drops the record (WHERE keeps only TRUE); CASE takes a WHEN
// only when it is TRUE. What SQL would reject at planning (a string times a number) is an ExprEvalError
// here, on the first record that has it — the runner turns it into an InputError naming the event.
import { readField } from '../field-path.ts';
import { type Ast, children, ExprSyntaxError, fieldsOf, parseExpr } from './parse.ts';

export type Value = string | number | boolean | null;
type Rec = Record<string, unknown>;
type Fn = (r: Rec) => Value;

/** A record the expression cannot be evaluated on: `field` is the field the offending part reads (null: none). */
export class ExprEvalError extends Error {
  constructor(
    readonly field: string | null,
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'ExprEvalError';
  }
}

interface FnSpec {
  /** Argument count: exactly `min` when `max` is absent; Infinity for varargs. */
  min: number;
  max?: number;
  /** NULL in any argument → NULL (SQL's default); false for COALESCE. */
  strict?: boolean;
  types?: ReadonlyArray<'string' | 'number'>;
  run(args: Value[], regex: (pattern: string) => RegExp): Value;
}

/** The functions (names are case-insensitive). hour() reads epoch ms, in UTC (the lab's timestamps are epoch ms). */
export const FUNCTIONS: Record<string, FnSpec> = {
  hour: { min: 1, types: ['number'], run: ([t]) => Math.floor(((t as number) % 86_400_000) / 3_600_000 + 24) % 24 },
  lower: { min: 1, types: ['string'], run: ([s]) => (s as string).toLowerCase() },
  upper: { min: 1, types: ['string'], run: ([s]) => (s as string).toUpperCase() },
  char_length: { min: 1, types: ['string'], run: ([s]) => [...(s as string)].length },
  abs: { min: 1, types: ['number'], run: ([x]) => Math.abs(x as number) },
  floor: { min: 1, types: ['number'], run: ([x]) => Math.floor(x as number) },
  ceil: { min: 1, types: ['number'], run: ([x]) => Math.ceil(x as number) },
  mod: { min: 2, types: ['number', 'number'], run: ([a, b]) => arith('%', a as number, b as number, null) },
  concat: { min: 1, max: Number.POSITIVE_INFINITY, types: [], run: (args) => args.map(String).join('') },
  coalesce: { min: 1, max: Number.POSITIVE_INFINITY, strict: false, run: (args) => args.find((a) => a !== null) ?? null },
  /** Flink REGEXP_EXTRACT(str, regex[, group]): group 1 by default, 0 is the whole match; NULL when nothing matches. */
  regexp_extract: {
    min: 2,
    max: 3,
    types: ['string', 'string', 'number'],
    run: ([s, re, g], regex) => {
      const m = regex(re as string).exec(s as string);
      const group = g === undefined ? 1 : (g as number);
      return m && group >= 0 && group < m.length ? (m[group] ?? null) : null;
    },
  },
  /** Flink SPLIT_INDEX(str, delimiter, index): the index-th (0-based) piece; NULL when out of range. */
  split_index: {
    min: 3,
    types: ['string', 'string', 'number'],
    run: ([s, d, i]) => {
      const parts = (s as string).split(d as string);
      const n = i as number;
      return Number.isInteger(n) && n >= 0 && n < parts.length ? parts[n]! : null;
    },
  },
  /**
   * Flink DATE_FORMAT(timestamp, format) (Nexmark q10): the epoch-ms timestamp in UTC (the lab's timestamps
   * are epoch ms; Flink formats in the session time zone, UTC by default) with Java SimpleDateFormat letters
   * yyyy, MM, dd, HH, mm, ss, SSS; other characters are copied, text in single quotes literally.
   */
  date_format: { min: 2, types: ['number', 'string'], run: ([t, f]) => dateFormat(t as number, f as string) },
  /** Nexmark q14's UDF CountChar(s, c): how many times the character c occurs in s. */
  count_char: {
    min: 2,
    types: ['string', 'string'],
    run: ([s, c]) => {
      let n = 0;
      for (const ch of s as string) if (ch === c) n++;
      return n;
    },
  },
};

const parsed = new Map<string, Ast>();

/**
 * Parse and check an expression: syntax, function names and argument counts, literal regexes. The AST is
 * kept per text, so a job's expressions are parsed once per process however many engines compile them.
 */
export function checkExpr(src: string): Ast {
  let ast = parsed.get(src);
  if (ast) return ast;
  ast = parseExpr(src);
  checkCalls(ast);
  parsed.set(src, ast);
  return ast;
}

function checkCalls(a: Ast): void {
  if (a.t === 'call') {
    const spec = FUNCTIONS[a.fn];
    if (!spec) throw new ExprSyntaxError(a.at, `unknown function ${a.fn}() (functions: ${Object.keys(FUNCTIONS).join(', ')})`);
    const max = spec.max ?? spec.min;
    if (a.args.length < spec.min || a.args.length > max) {
      const n = max === spec.min ? `${spec.min}` : max === Number.POSITIVE_INFINITY ? `at least ${spec.min}` : `${spec.min} to ${max}`;
      throw new ExprSyntaxError(a.at, `${a.fn}() takes ${n} argument${n === '1' ? '' : 's'}, got ${a.args.length}`);
    }
    const re = a.fn === 'regexp_extract' ? a.args[1] : undefined;
    if (re?.t === 'lit' && typeof re.v === 'string') {
      try {
        new RegExp(re.v);
      } catch (e) {
        throw new ExprSyntaxError(a.at, `invalid regular expression '${re.v}': ${(e as Error).message}`);
      }
    }
  }
  for (const c of children(a)) checkCalls(c);
}

/** Compile an expression's text into a function of a record (parsed and checked once, see checkExpr). */
export function compileExpr(src: string): (r: Rec) => Value {
  const regexes = new Map<string, RegExp>();
  const regex = (p: string) => {
    let re = regexes.get(p);
    if (!re) {
      try {
        re = new RegExp(p);
      } catch (e) {
        throw new ExprEvalError(null, `invalid regular expression '${p}': ${(e as Error).message}`);
      }
      regexes.set(p, re);
    }
    return re;
  };
  const fn = compile(checkExpr(src), regex);
  return (r) => {
    const v = fn(r);
    if (typeof v === 'number' && !Number.isFinite(v)) throw new ExprEvalError(null, `the result is ${v}, not a number SQL has`);
    return v;
  };
}

function typeOf(v: Value): string {
  return v === null ? 'NULL' : typeof v;
}

function fieldOf(a: Ast): string | null {
  return fieldsOf(a)[0] ?? null;
}

function arith(op: '+' | '-' | '*' | '/' | '%', a: number, b: number, at: Ast | null): number {
  if ((op === '/' || op === '%') && b === 0) throw new ExprEvalError(at ? fieldOf(at) : null, 'division by zero');
  const v = op === '+' ? a + b : op === '-' ? a - b : op === '*' ? a * b : op === '/' ? a / b : a % b;
  if (!Number.isFinite(v)) throw new ExprEvalError(at ? fieldOf(at) : null, `${a} ${op} ${b} is ${v}`);
  return v;
}

function asBool(v: Value, a: Ast, what: string): boolean | null {
  if (v === null || typeof v === 'boolean') return v;
  throw new ExprEvalError(fieldOf(a), `${what} needs TRUE or FALSE, got ${typeOf(v)} ${JSON.stringify(v)}`);
}

/** SQL comparison of two non-NULL values of one type (numbers, strings or booleans). */
function compare(a: Value, b: Value, node: Ast): number {
  if (typeof a !== typeof b) {
    throw new ExprEvalError(fieldOf(node), `cannot compare ${typeOf(a)} ${JSON.stringify(a)} with ${typeOf(b)} ${JSON.stringify(b)}`);
  }
  return a! < b! ? -1 : a! > b! ? 1 : 0;
}

function compile(a: Ast, regex: (p: string) => RegExp): Fn {
  const c = (x: Ast) => compile(x, regex);
  switch (a.t) {
    case 'lit': {
      const v = a.v;
      return () => v;
    }
    case 'field': {
      const name = a.name;
      return (r) => {
        const v = readField(r, name);
        if (v === undefined) throw new ExprEvalError(name, `the record has no field "${name}"`);
        if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
        if (typeof v === 'number') return v;
        throw new ExprEvalError(name, `field "${name}" holds ${Array.isArray(v) ? 'a list' : typeof v}, not a number, string or boolean`);
      };
    }
    case 'neg': {
      const e = c(a.e);
      return (r) => {
        const v = e(r);
        if (v === null) return null;
        if (typeof v !== 'number') throw new ExprEvalError(fieldOf(a), `cannot negate ${typeOf(v)} ${JSON.stringify(v)}`);
        return -v;
      };
    }
    case 'not': {
      const e = c(a.e);
      return (r) => {
        const v = asBool(e(r), a, 'NOT');
        return v === null ? null : !v;
      };
    }
    case 'and':
    case 'or': {
      const l = c(a.l);
      const rr = c(a.r);
      const isAnd = a.t === 'and';
      const what = isAnd ? 'AND' : 'OR';
      return (r) => {
        const x = asBool(l(r), a.l, what);
        // FALSE AND _ is FALSE and TRUE OR _ is TRUE whatever _ is (even NULL): the right side is not read.
        if (x === !isAnd) return x;
        const y = asBool(rr(r), a.r, what);
        if (y === !isAnd) return y;
        return x === null || y === null ? null : isAnd;
      };
    }
    case 'bin':
      return binary(a, c(a.l), c(a.r));
    case 'between': {
      const [e, lo, hi] = [c(a.e), c(a.lo), c(a.hi)];
      return (r) => {
        const v = e(r);
        const l = lo(r);
        const h = hi(r);
        if (v === null || l === null || h === null) return null;
        const inside = compare(v, l, a) >= 0 && compare(v, h, a) <= 0;
        return a.not ? !inside : inside;
      };
    }
    case 'in': {
      const e = c(a.e);
      const list = a.list.map(c);
      return (r) => {
        const v = e(r);
        if (v === null) return null;
        let sawNull = false;
        for (const x of list) {
          const w = x(r);
          if (w === null) sawNull = true;
          else if (compare(v, w, a) === 0) return !a.not;
        }
        return sawNull ? null : a.not;
      };
    }
    case 'isnull': {
      const e = c(a.e);
      return (r) => (e(r) === null) !== a.not;
    }
    case 'case': {
      const operand = a.operand ? c(a.operand) : null;
      const whens = a.whens.map((w) => ({ when: c(w.when), result: c(w.result), node: w.when }));
      const otherwise = a.else ? c(a.else) : null;
      return (r) => {
        const o = operand ? operand(r) : null;
        for (const w of whens) {
          const v = w.when(r);
          const hit = operand ? o !== null && v !== null && compare(o, v, a) === 0 : asBool(v, w.node, 'WHEN') === true;
          if (hit) return w.result(r);
        }
        return otherwise ? otherwise(r) : null;
      };
    }
    case 'call': {
      const spec = FUNCTIONS[a.fn]!;
      const args = a.args.map(c);
      return (r) => {
        const vs = args.map((f) => f(r));
        if (spec.strict !== false && vs.some((v) => v === null)) return null;
        vs.forEach((v, i) => {
          const want = spec.types?.[i];
          if (want && v !== null && typeof v !== want) {
            throw new ExprEvalError(
              fieldOf(a.args[i]!),
              `${a.fn}() argument ${i + 1} must be a ${want}, got ${typeOf(v)} ${JSON.stringify(v)}`,
            );
          }
        });
        return spec.run(vs, regex);
      };
    }
  }
}

function binary(a: Extract<Ast, { t: 'bin' }>, l: Fn, r: Fn): Fn {
  const op = a.op;
  if (op === '||') {
    return (rec) => {
      const x = l(rec);
      const y = r(rec);
      if (x === null || y === null) return null;
      if (typeof x !== 'string' || typeof y !== 'string') {
        throw new ExprEvalError(
          fieldOf(a),
          `|| joins strings, got ${typeOf(x)} ${JSON.stringify(x)} and ${typeOf(y)} ${JSON.stringify(y)}`,
        );
      }
      return x + y;
    };
  }
  if (op === '+' || op === '-' || op === '*' || op === '/' || op === '%') {
    return (rec) => {
      const x = l(rec);
      const y = r(rec);
      if (x === null || y === null) return null;
      if (typeof x !== 'number' || typeof y !== 'number') {
        const bad = typeof x !== 'number' ? a.l : a.r;
        throw new ExprEvalError(
          fieldOf(bad) ?? fieldOf(a),
          `${op} needs numbers, got ${typeOf(x)} ${JSON.stringify(x)} ${op} ${typeOf(y)} ${JSON.stringify(y)}`,
        );
      }
      return arith(op, x, y, a);
    };
  }
  return (rec) => {
    const x = l(rec);
    const y = r(rec);
    if (x === null || y === null) return null;
    const d = compare(x, y, a);
    switch (op) {
      case '=':
        return d === 0;
      case '<>':
        return d !== 0;
      case '<':
        return d < 0;
      case '<=':
        return d <= 0;
      case '>':
        return d > 0;
      default:
        return d >= 0;
    }
  };
}

const DATE_FIELDS: Record<string, (d: Date) => number> = {
  y: (d) => d.getUTCFullYear(),
  M: (d) => d.getUTCMonth() + 1,
  d: (d) => d.getUTCDate(),
  H: (d) => d.getUTCHours(),
  m: (d) => d.getUTCMinutes(),
  s: (d) => d.getUTCSeconds(),
  S: (d) => d.getUTCMilliseconds(),
};

/** date_format(): a run of one pattern letter is its field zero-padded to the run's length (`yy`: the last two digits). */
function dateFormat(t: number, format: string): string {
  if (!Number.isFinite(t)) throw new ExprEvalError(null, `date_format() needs a finite epoch-ms timestamp, got ${t}`);
  const d = new Date(t);
  let out = '';
  for (let i = 0; i < format.length; ) {
    const ch = format[i]!;
    if (ch === "'") {
      const close = format.indexOf("'", i + 1);
      if (close < 0) throw new ExprEvalError(null, `date_format() pattern "${format}" has an unclosed quote`);
      out += close === i + 1 ? "'" : format.slice(i + 1, close);
      i = close + 1;
      continue;
    }
    let n = 1;
    while (format[i + n] === ch) n++;
    const field = DATE_FIELDS[ch];
    if (field) {
      const v = String(field(d));
      out += ch === 'y' && n === 2 ? v.slice(-2).padStart(2, '0') : v.padStart(n, '0');
    } else if (/[A-Za-z]/.test(ch)) {
      throw new ExprEvalError(null, `date_format() pattern letter "${ch}" is not supported (use y M d H m s S)`);
    } else out += ch.repeat(n);
    i += n;
  }
  return out;
}
