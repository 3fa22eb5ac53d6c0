import fc from 'fast-check';
import { compileExpr, ExprEvalError } from './eval.ts';
import { ExprSyntaxError, fieldsOf, parseExpr } from './parse.ts';

const ev = (src: string, r: Record<string, unknown> = {}) => compileExpr(src)(r);
const syntax = (src: string) => {
  try {
    compileExpr(src);
  } catch (e) {
    if (e instanceof ExprSyntaxError) return { column: e.column, reason: e.reason };
    throw e;
  }
  throw new Error(`no syntax error in ${src}`);
};

describe('the Nexmark expressions', () => {
  const bid = {
    auction: 1231,
    bidder: 7,
    price: 1000,
    channel: 'Apple',
    url: 'https://www.nexmark.com/a/b/c/item.htm?query=1&channel_id=42',
  };
  test('q1: price * 0.908', () => expect(ev('price * 0.908', bid)).toBeCloseTo(908));
  test('q2: auction % 123 = 0, and MOD()', () => {
    expect(ev('auction % 123 = 0', bid)).toBe(false);
    expect(ev('mod(auction, 123) = 0', { auction: 246 })).toBe(true);
  });
  test("q10: date_format(dateTime, 'yyyy-MM-dd') and 'HH:mm' read epoch ms in UTC", () => {
    const t = Date.UTC(2026, 11, 3, 13, 5, 59, 999);
    expect(ev("date_format(dateTime, 'yyyy-MM-dd')", { dateTime: t })).toBe('2026-12-03');
    expect(ev("date_format(dateTime, 'HH:mm')", { dateTime: t })).toBe('13:05');
    expect(ev("date_format(dateTime, 'HH:mm')", { dateTime: t + 1 })).toBe('13:06');
    expect(ev("DATE_FORMAT(dateTime, 'yyyy-MM-dd HH:mm:ss.SSS')", { dateTime: 0 })).toBe('1970-01-01 00:00:00.000');
    expect(ev("date_format(dateTime, 'yy''T''HH')", { dateTime: -1 })).toBe('69T23');
    expect(ev("date_format(dateTime, 'HH')", { dateTime: null })).toBeNull();
    expect(() => ev("date_format(dateTime, 'EEE')", { dateTime: 0 })).toThrow(/pattern letter "E"/);
    expect(() => ev("date_format(dateTime, 'HH')", { dateTime: 'x' })).toThrow(ExprEvalError);
  });
  test('q13: a computed key', () => expect(ev('auction % 10000', { auction: 123_456 })).toBe(3456));
  test('q14: CASE WHEN hour(dateTime) BETWEEN 8 AND 18 …', () => {
    const q14 =
      "CASE WHEN hour(dateTime) BETWEEN 8 AND 18 THEN 'dayTime' WHEN hour(dateTime) <= 6 OR hour(dateTime) >= 20 THEN 'nightTime' ELSE 'otherTime' END";
    const at = (h: number) => ev(q14, { dateTime: Date.UTC(2026, 0, 1, h, 30) });
    expect([at(8), at(18), at(19), at(6), at(20), at(7)]).toEqual([
      'dayTime',
      'dayTime',
      'otherTime',
      'nightTime',
      'nightTime',
      'otherTime',
    ]);
    expect(ev("count_char(extra, 'c')", { extra: 'abcabcc' })).toBe(3);
  });
  test('q21: CASE on lower(channel), else REGEXP_EXTRACT', () => {
    const q21 =
      "CASE WHEN lower(channel) = 'apple' THEN '0' WHEN lower(channel) = 'google' THEN '1' ELSE regexp_extract(url, '(&|^)channel_id=([^&]*)', 2) END";
    expect(ev(q21, bid)).toBe('0');
    expect(ev(q21, { ...bid, channel: 'channel-3' })).toBe('42');
    expect(ev(q21, { ...bid, channel: 'channel-3', url: 'x?query=1' })).toBeNull();
    const where = "regexp_extract(url, '(&|^)channel_id=([^&]*)', 2) IS NOT NULL OR lower(channel) IN ('apple', 'google')";
    expect(ev(where, { ...bid, channel: 'x', url: 'x?query=1' })).toBe(false);
  });
  test('q22: split_index (0-based, NULL out of range)', () => {
    expect([3, 4, 5, 9, -1].map((i) => ev(`split_index(url, '/', ${i})`, bid))).toEqual(['a', 'b', 'c', null, null]);
  });
});

describe('SQL NULL semantics', () => {
  test('operators and functions given NULL return NULL; IS NULL and COALESCE do not', () => {
    for (const src of [
      'x + 1',
      'x * 0.5',
      'x = 1',
      'lower(x)',
      "split_index(x, '/', 1)",
      'x BETWEEN 1 AND 2',
      'x IN (1, 2)',
      'NOT x',
      '-x',
    ])
      expect([src, ev(src, { x: null })]).toEqual([src, null]);
    expect(ev('x IS NULL', { x: null })).toBe(true);
    expect(ev('coalesce(x, 3)', { x: null })).toBe(3);
  });
  test('three-valued AND / OR', () => {
    expect(ev('x = 1 AND FALSE', { x: null })).toBe(false);
    expect(ev('x = 1 OR TRUE', { x: null })).toBe(true);
    expect(ev('x = 1 AND TRUE', { x: null })).toBeNull();
    expect(ev('1 IN (2, NULL)')).toBeNull();
    expect(ev('1 NOT IN (2, 3)')).toBe(true);
  });
  test('CASE takes a WHEN only when it is TRUE; no ELSE is NULL', () => {
    expect(ev("CASE WHEN x = 1 THEN 'a' ELSE 'b' END", { x: null })).toBe('b');
    expect(ev("CASE x WHEN 1 THEN 'one' END", { x: 2 })).toBeNull();
  });
});

describe('errors', () => {
  test('syntax errors carry the column', () => {
    expect(syntax('price *')).toEqual({ column: 8, reason: 'expected a value, a field or "(", found the end' });
    expect(syntax("a = 'x")).toMatchObject({ column: 5 });
    expect(syntax('a # b')).toMatchObject({ column: 3 });
    expect(syntax('CASE WHEN a THEN 1')).toMatchObject({ column: 19, reason: 'expected END, found the end' });
    expect(syntax('nope(a)').reason).toMatch(/^unknown function nope\(\)/);
    expect(syntax('split_index(a, 1)').reason).toBe('split_index() takes 3 arguments, got 2');
    expect(syntax("regexp_extract(a, '(')").reason).toMatch(/invalid regular expression/);
  });
  test('type errors name the field', () => {
    const err = (src: string, r: Record<string, unknown>) => {
      try {
        ev(src, r);
      } catch (e) {
        if (e instanceof ExprEvalError) return [e.field, e.reason];
      }
      return null;
    };
    expect(err('channel * 2', { channel: 'a' })).toEqual(['channel', '* needs numbers, got string "a" * number 2']);
    expect(err('price > 1', {})).toEqual(['price', 'the record has no field "price"']);
    expect(err('lower(price)', { price: 3 })?.[0]).toBe('price');
    expect(err('a / b', { a: 1, b: 0 })).toEqual(['a', 'division by zero']);
    expect(err('a AND TRUE', { a: 1 })?.[0]).toBe('a');
  });
});

describe('properties', () => {
  const num = fc.integer({ min: -1e6, max: 1e6 });
  test('arithmetic and comparison agree with JavaScript on integers', () => {
    fc.assert(
      fc.property(num, num, (a, b) => {
        expect(ev('a + b * 2 - a', { a, b })).toBe(a + b * 2 - a);
        expect(ev('a < b', { a, b })).toBe(a < b);
        expect(ev('a BETWEEN b AND b + 10', { a, b })).toBe(a >= b && a <= b + 10);
        if (b !== 0) expect(ev('a % b', { a, b })).toBe(a % b);
      }),
    );
  });
  test('split_index is the JS split, NULL beyond the pieces', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.constantFrom('/', 'a', ','), fc.nat(6), (s, d, i) => {
        expect(ev(`split_index(s, '${d}', ${i})`, { s })).toBe(s.split(d)[i] ?? null);
      }),
    );
  });
  test('a string literal round-trips through quoting', () => {
    fc.assert(fc.property(fc.string({ maxLength: 20 }), (s) => expect(ev(`'${s.replaceAll("'", "''")}'`)).toBe(s)));
  });
  test('printing an expression tree and parsing it back reads the same fields', () => {
    const field = fc.constantFrom('a', 'b', 'price');
    const leaf = fc.oneof(field, num.map(String));
    const tree = fc.letrec<{ e: string }>((tie) => ({
      e: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        leaf,
        fc.tuple(tie('e'), fc.constantFrom('+', '-', '*'), tie('e')).map(([l, op, r]) => `(${l} ${op} ${r})`),
      ),
    }));
    fc.assert(
      fc.property(tree.e, (src) => {
        const names = src.match(/[a-z]+/g) ?? [];
        expect(fieldsOf(parseExpr(src)).sort()).toEqual([...new Set(names)].sort());
      }),
    );
  });
});
