// Qualified field names (core/field-path.ts): a join pair's sides read as `left.x` / `right.y`, in the
// expression language and in top-N keys; a flat field whose own name has a dot is read first.
import { compileExpr, ExprEvalError } from './expr/eval.ts';
import { readField } from './field-path.ts';
import { rankKey, rankOrder, topNSpecSchema } from './rank-job.ts';

const pair = { left: { id: 7, dateTime: 10, expires: 50 }, right: { auction: 7, price: 3, dateTime: 20 } };

test('readField: nested paths, own dotted names first, undefined past a non-object', () => {
  expect(readField(pair, 'left.id')).toBe(7);
  expect(readField(pair, 'right.price')).toBe(3);
  expect(readField({ 'a.b': 1, a: { b: 2 } }, 'a.b')).toBe(1);
  expect(readField(pair, 'left.id.x')).toBeUndefined();
  expect(readField(pair, 'nope.id')).toBeUndefined();
  expect(readField({ x: 1 }, 'x')).toBe(1);
});

test('expressions read qualified names (q9: right.dateTime BETWEEN left.dateTime AND left.expires)', () => {
  const q9 = compileExpr('right.dateTime BETWEEN left.dateTime AND left.expires');
  expect(q9(pair)).toBe(true);
  expect(q9({ ...pair, right: { ...pair.right, dateTime: 51 } })).toBe(false);
  expect(compileExpr('right.price * 2 + left.id')(pair)).toBe(13);
  expect(() => compileExpr('left.nope > 1')(pair)).toThrow(ExprEvalError);
  expect(() => compileExpr('left.nope > 1')(pair)).toThrow(/no field "left\.nope"/);
});

test('several order keys, each with its direction; one field with desc; partition keys by path', () => {
  const spec = topNSpecSchema.parse({
    n: 1,
    partitionBy: ['left.id'],
    orderBy: [{ field: 'right.price', desc: true }, { field: 'right.dateTime' }],
  });
  const order = rankOrder<typeof pair>(spec, readField);
  const b = (price: number, dateTime: number) => ({ ...pair, right: { auction: 7, price, dateTime } });
  expect(order(b(5, 30), b(3, 10))).toBeLessThan(0); // higher price first
  expect(order(b(5, 10), b(5, 30))).toBeLessThan(0); // then earlier dateTime
  expect(order(b(5, 10), b(5, 10))).toBe(0);
  expect(rankKey(spec.partitionBy, pair)).toBe(7);
  const one = topNSpecSchema.parse({ n: 1, orderBy: 'price' });
  expect(one.desc).toBe(true);
  expect(rankOrder<{ price: number }>(one, readField)({ price: 9 }, { price: 1 })).toBeLessThan(0);
  expect('desc' in spec).toBe(false);
});
