import { KeyDictionary } from './key-dictionary.ts';

describe('KeyDictionary', () => {
  test('ids are dense, in first-seen order, and stable', () => {
    const d = new KeyDictionary();
    expect(['b', 'a', 'b', 'c'].map((k) => d.idOf(k))).toEqual([0, 1, 0, 2]);
    expect(d.size).toBe(3);
    expect(d.lookup('a')).toBe(1);
    expect(d.lookupString('c')).toBe(2);
    expect(d.lookup('zz')).toBeUndefined();
    expect(d.valueOf(1)).toBe('a');
  });

  test('a string and a number with the same text are different keys, as are null, true and "null"/"true"', () => {
    const d = new KeyDictionary();
    const keys = [1, '1', null, 'null', true, 'true', 0, '0', -0];
    const ids = keys.map((k) => d.idOf(k));
    // -0 and 0 are one Map key (SameValueZero), as in a SQL GROUP BY.
    expect(ids).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 6]);
    expect(keys.map((k) => d.lookup(k))).toEqual(ids);
    expect(d.lookupString('1')).toBe(1);
    expect(d.jsonOf(0)).toBe('1');
    expect(d.jsonOf(1)).toBe('"1"');
  });

  test('keys named like Object.prototype members are ordinary keys', () => {
    const d = new KeyDictionary();
    const keys = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '', '4294967295', '12'];
    for (const k of keys) expect(d.lookup(k)).toBeUndefined();
    const ids = keys.map((k) => d.idOf(k));
    expect(ids).toEqual(keys.map((_, i) => i));
    expect(keys.map((k) => d.lookupString(k))).toEqual(ids);
    expect(ids.map((i) => d.valueOf(i))).toEqual(keys);
  });
});
