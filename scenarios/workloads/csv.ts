// CSV with a header row (RFC 4180: quoted fields, "" escapes, CRLF or LF) into records. Unquoted cells
// that look like numbers become numbers, unquoted empty cells null; quoted cells always stay strings.

/** A problem in the CSV text; `row` is the 1-based data row (the header is row 0). */
export class CsvError extends Error {
  readonly row: number;
  constructor(row: number, reason: string) {
    super(`row ${row} ${reason}`);
    this.name = 'CsvError';
    this.row = row;
  }
}

type Cell = string | number | null;

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Split CSV text into rows of typed cells. */
export function csvRows(text: string): Cell[][] {
  const rows: Cell[][] = [];
  let row: Cell[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  const endRow = () => {
    if (!(row.length === 1 && row[0] === null)) rows.push(row); // blank line
    row = [];
  };
  while (i <= n) {
    if (i === n) {
      if (row.length > 0) endRow();
      break;
    }
    let cell: Cell;
    if (text[i] === '"') {
      let s = '';
      i++;
      for (;;) {
        if (i >= n) throw new CsvError(rows.length, 'has an unterminated quoted field');
        const c = text[i]!;
        if (c === '"') {
          if (text[i + 1] === '"') {
            s += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        s += c;
        i++;
      }
      cell = s;
    } else {
      let j = i;
      while (j < n && text[j] !== ',' && text[j] !== '\n' && text[j] !== '\r') j++;
      const raw = text.slice(i, j);
      i = j;
      cell = raw === '' ? null : NUMBER.test(raw.trim()) ? Number(raw) : raw;
    }
    row.push(cell);
    const c = text[i];
    if (c === ',') {
      i++;
      if (i === n) row.push(null);
    } else if (c === '\r' || c === '\n') {
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      endRow();
    } else if (c !== undefined) {
      throw new CsvError(rows.length, 'has text after a closing quote');
    }
  }
  return rows;
}

/** Records keyed by the header row's names. */
export function csvRecords(text: string): Record<string, unknown>[] {
  const [header, ...rows] = csvRows(text);
  if (!header) return [];
  const names = header.map((h) => String(h ?? ''));
  return rows.map((cells, r) => {
    if (cells.length !== names.length) {
      throw new CsvError(r + 1, `has ${cells.length} fields, the header has ${names.length}`);
    }
    const record: Record<string, unknown> = {};
    names.forEach((name, c) => {
      record[name] = cells[c];
    });
    return record;
  });
}
