// CSV with a header row (RFC 4180: quoted fields, "" escapes, CRLF or LF) into records, one line at a
// time so a file of any size streams through it. Unquoted cells that look like numbers become numbers,
// unquoted empty cells null; quoted cells always stay strings. Header names must be unique.

/** A problem in the CSV text; `row` is the 1-based data row (the header is row 0). */
export class CsvError extends Error {
  readonly row: number;
  constructor(row: number, reason: string) {
    super(`row ${row} ${reason}`);
    this.name = 'CsvError';
    this.row = row;
  }
}

export type Cell = string | number | null;

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Rows from lines: `line` returns a finished row, 'blank', or null while a quoted field spans lines. */
export class CsvParser {
  /** Rows finished so far (the header is row 0), for error messages. */
  rows = 0;
  private cells: Cell[] = [];
  private cur = '';
  private inQuotes = false;
  private quoted = false;
  private closed = false;

  line(text: string): Cell[] | 'blank' | null {
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      if (this.inQuotes) {
        if (c !== '"') this.cur += c;
        else if (text[i + 1] === '"') {
          this.cur += '"';
          i++;
        } else {
          this.inQuotes = false;
          this.closed = true;
        }
      } else if (c === ',') this.endCell();
      else if (this.closed) throw new CsvError(this.rows, 'has text after a closing quote');
      else if (c === '"' && this.cur === '' && !this.quoted) {
        this.inQuotes = true;
        this.quoted = true;
      } else this.cur += c;
    }
    if (this.inQuotes) {
      this.cur += '\n';
      return null;
    }
    this.endCell();
    const row = this.cells;
    this.cells = [];
    if (row.length === 1 && row[0] === null) return 'blank';
    this.rows++;
    return row;
  }

  /** At the end of the input: a quoted field still open is an error. */
  end(): void {
    if (this.inQuotes) throw new CsvError(this.rows, 'has an unterminated quoted field');
  }

  private endCell(): void {
    const raw = this.cur;
    this.cells.push(this.quoted ? raw : raw === '' ? null : NUMBER.test(raw.trim()) ? Number(raw) : raw);
    this.cur = '';
    this.quoted = false;
    this.closed = false;
  }
}

/** Records keyed by the header's names, row by row; the header is checked when it arrives. */
export class CsvRecords {
  private readonly parser = new CsvParser();
  private names: string[] | null = null;

  /** The header's column names (null before the header line). */
  get header(): readonly string[] | null {
    return this.names;
  }

  /** The record a line completes, or null (blank line, the header, or a quoted field going on). */
  line(text: string): Record<string, unknown> | null {
    const cells = this.parser.line(text);
    if (cells === null || cells === 'blank') return null;
    if (this.names === null) {
      this.names = checkHeader(cells);
      return null;
    }
    const names = this.names;
    if (cells.length !== names.length) {
      throw new CsvError(this.parser.rows - 1, `has ${cells.length} fields, the header has ${names.length}`);
    }
    const record: Record<string, unknown> = {};
    for (let c = 0; c < names.length; c++) record[names[c]!] = cells[c];
    return record;
  }

  end(): void {
    this.parser.end();
  }
}

function checkHeader(cells: Cell[]): string[] {
  const names = cells.map((h) => String(h ?? ''));
  const seen = new Map<string, number>();
  names.forEach((name, c) => {
    const before = seen.get(name);
    if (before !== undefined) {
      const what = name === '' ? 'has no name in two columns' : `names "${name}" twice`;
      throw new CsvError(0, `(the header) ${what}, columns ${before + 1} and ${c + 1}: give every column its own name`);
    }
    seen.set(name, c);
  });
  return names;
}

/** Split CSV text into rows of typed cells (a leading byte-order mark is skipped). */
export function csvRows(text: string): Cell[][] {
  const p = new CsvParser();
  const rows: Cell[][] = [];
  for (const line of linesOf(text)) {
    const row = p.line(line);
    if (row !== null && row !== 'blank') rows.push(row);
  }
  p.end();
  return rows;
}

/** Records keyed by the header row's names. */
export function csvRecords(text: string): Record<string, unknown>[] {
  const r = new CsvRecords();
  const out: Record<string, unknown>[] = [];
  for (const line of linesOf(text)) {
    const rec = r.line(line);
    if (rec) out.push(rec);
  }
  r.end();
  return out;
}

function linesOf(text: string): string[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = body.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}
