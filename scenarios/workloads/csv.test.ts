import { CsvError, csvRecords, csvRows } from './csv.ts';

test('unquoted numbers become numbers, unquoted empty cells null, quoted cells stay strings', () => {
  expect(csvRecords('a,b,c,d\n1,-2.5e3,,"007"\n')).toEqual([{ a: 1, b: -2500, c: null, d: '007' }]);
});

test('quoted cells keep commas, newlines and "" escapes', () => {
  expect(csvRows('"x, y","say ""hi""","two\nlines"\n')).toEqual([['x, y', 'say "hi"', 'two\nlines']]);
});

test('CRLF line ends, a byte-order mark, blank lines and a missing final newline are all accepted', () => {
  expect(csvRecords('\ufeffts,user\r\n1,a\r\n\r\n2,b')).toEqual([
    { ts: 1, user: 'a' },
    { ts: 2, user: 'b' },
  ]);
});

test('a trailing comma is one more empty cell', () => {
  expect(csvRows('a,b,\n1,2,')).toEqual([
    ['a', 'b', null],
    [1, 2, null],
  ]);
});

test('a row with the wrong number of fields is refused, naming its 1-based data row', () => {
  expect(() => csvRecords('a,b\n1,2\n3\n')).toThrow(new CsvError(2, 'has 1 fields, the header has 2'));
  expect(() => csvRows('a\n"open\n')).toThrow(CsvError);
  expect(() => csvRows('"a"b\n')).toThrow('row 0 has text after a closing quote');
});

test('an empty text has no records', () => {
  expect(csvRecords('')).toEqual([]);
  expect(csvRecords('ts,user\n')).toEqual([]);
});
