// The scenario expression language (issue 18, Nexmark q1/q2/q14/q21/q22): a small SQL expression syntax
// parsed into an AST once — never eval / new Function. What it has is what the Nexmark SQL queries use:
//   literals 12, 0.908, 'text', TRUE, FALSE, NULL; field names (`back-quoted` for any other spelling;
//   `left.dateTime` reads a nested field, as a join pair's sides are read);
//   + - * / %  (|| concatenates); = <> != < <= > >=; [NOT] BETWEEN … AND …; [NOT] IN (…); IS [NOT] NULL;
//   AND OR NOT; CASE [x] WHEN … THEN … [ELSE …] END; function calls (FUNCTIONS in eval.ts).
// A syntax error is an ExprSyntaxError with the 1-based column where it was found.

export type Ast =
  | { t: 'lit'; v: string | number | boolean | null }
  | { t: 'field'; name: string }
  | { t: 'neg'; e: Ast }
  | { t: 'not'; e: Ast }
  | { t: 'bin'; op: BinOp; l: Ast; r: Ast }
  | { t: 'and' | 'or'; l: Ast; r: Ast }
  | { t: 'between'; e: Ast; lo: Ast; hi: Ast; not: boolean }
  | { t: 'in'; e: Ast; list: Ast[]; not: boolean }
  | { t: 'isnull'; e: Ast; not: boolean }
  | { t: 'case'; operand: Ast | null; whens: Array<{ when: Ast; result: Ast }>; else: Ast | null }
  | { t: 'call'; fn: string; args: Ast[]; at: number };

export type BinOp = '+' | '-' | '*' | '/' | '%' | '||' | '=' | '<>' | '<' | '<=' | '>' | '>=';

export class ExprSyntaxError extends Error {
  constructor(
    readonly column: number,
    readonly reason: string,
  ) {
    super(`column ${column}: ${reason}`);
    this.name = 'ExprSyntaxError';
  }
}

type Tok =
  | { k: 'num'; v: number; at: number }
  | { k: 'str'; v: string; at: number }
  | { k: 'id'; v: string; quoted: boolean; at: number }
  | { k: 'op'; v: string; at: number }
  | { k: 'end'; at: number };

const OPS = ['<>', '!=', '<=', '>=', '||', '+', '-', '*', '/', '%', '=', '<', '>', '(', ')', ','];

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const at = i + 1;
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(src[i + 1] ?? ''))) {
      const m = /^(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/.exec(src.slice(i))!;
      out.push({ k: 'num', v: Number(m[0]), at });
      i += m[0].length;
      if (/[A-Za-z_]/.test(src[i] ?? '')) throw new ExprSyntaxError(i + 1, `unexpected "${src[i]}" after the number ${m[0]}`);
      continue;
    }
    if (c === "'") {
      // SQL strings: '' inside is one quote.
      let s = '';
      let j = i + 1;
      for (;;) {
        if (j >= src.length) throw new ExprSyntaxError(at, "unterminated string (a closing ' is missing)");
        if (src[j] === "'") {
          if (src[j + 1] === "'") {
            s += "'";
            j += 2;
            continue;
          }
          break;
        }
        s += src[j];
        j++;
      }
      out.push({ k: 'str', v: s, at });
      i = j + 1;
      continue;
    }
    if (c === '`') {
      const j = src.indexOf('`', i + 1);
      if (j < 0) throw new ExprSyntaxError(at, 'unterminated `field` (a closing ` is missing)');
      if (j === i + 1) throw new ExprSyntaxError(at, 'empty `` field name');
      out.push({ k: 'id', v: src.slice(i + 1, j), quoted: true, at });
      i = j + 1;
      continue;
    }
    if (/[A-Za-z_$]/.test(c)) {
      // A qualified name (`left.dateTime`, SQL's A.dateTime) is one field path (core/field-path.ts).
      const m = /^[A-Za-z_$][A-Za-z0-9_$]*(\.[A-Za-z_$][A-Za-z0-9_$]*)*/.exec(src.slice(i))!;
      out.push({ k: 'id', v: m[0], quoted: false, at });
      i += m[0].length;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (!op) throw new ExprSyntaxError(at, `unexpected character "${c}"`);
    out.push({ k: 'op', v: op === '!=' ? '<>' : op, at });
    i += op.length;
  }
  out.push({ k: 'end', at: src.length + 1 });
  return out;
}

const KEYWORDS = new Set(['and', 'or', 'not', 'between', 'in', 'is', 'null', 'true', 'false', 'case', 'when', 'then', 'else', 'end']);

/** Parse an expression (the whole string) into its AST; throws ExprSyntaxError. */
export function parseExpr(src: string): Ast {
  const toks = tokenize(src);
  let p = 0;
  const peek = () => toks[p]!;
  const isKw = (t: Tok, kw: string) => t.k === 'id' && !t.quoted && t.v.toLowerCase() === kw;
  const isOp = (t: Tok, op: string) => t.k === 'op' && t.v === op;
  const describe = (t: Tok) => (t.k === 'end' ? 'the end' : t.k === 'str' ? `'${t.v}'` : `"${String(t.v)}"`);
  const fail = (t: Tok, expected: string): never => {
    throw new ExprSyntaxError(t.at, `expected ${expected}, found ${describe(t)}`);
  };
  const kw = (word: string) => {
    if (!isKw(peek(), word)) fail(peek(), word.toUpperCase());
    p++;
  };
  const op = (o: string) => {
    if (!isOp(peek(), o)) fail(peek(), `"${o}"`);
    p++;
  };

  function or(): Ast {
    let l = and();
    while (isKw(peek(), 'or')) {
      p++;
      l = { t: 'or', l, r: and() };
    }
    return l;
  }
  function and(): Ast {
    let l = not();
    while (isKw(peek(), 'and')) {
      p++;
      l = { t: 'and', l, r: not() };
    }
    return l;
  }
  function not(): Ast {
    if (isKw(peek(), 'not')) {
      p++;
      return { t: 'not', e: not() };
    }
    return predicate();
  }
  function predicate(): Ast {
    const e = additive();
    const t = peek();
    if (t.k === 'op' && ['=', '<>', '<', '<=', '>', '>='].includes(t.v)) {
      p++;
      return { t: 'bin', op: t.v as BinOp, l: e, r: additive() };
    }
    if (isKw(t, 'is')) {
      p++;
      const negated = isKw(peek(), 'not');
      if (negated) p++;
      kw('null');
      return { t: 'isnull', e, not: negated };
    }
    const negated = isKw(t, 'not');
    if (negated) p++;
    if (isKw(peek(), 'between')) {
      p++;
      const lo = additive();
      kw('and');
      return { t: 'between', e, lo, hi: additive(), not: negated };
    }
    if (isKw(peek(), 'in')) {
      p++;
      op('(');
      const list = [or()];
      while (isOp(peek(), ',')) {
        p++;
        list.push(or());
      }
      op(')');
      return { t: 'in', e, list, not: negated };
    }
    if (negated) fail(peek(), 'BETWEEN or IN after NOT');
    return e;
  }
  function additive(): Ast {
    let l = multiplicative();
    for (let t = peek(); t.k === 'op' && (t.v === '+' || t.v === '-' || t.v === '||'); t = peek()) {
      p++;
      l = { t: 'bin', op: t.v as BinOp, l, r: multiplicative() };
    }
    return l;
  }
  function multiplicative(): Ast {
    let l = unary();
    for (let t = peek(); t.k === 'op' && (t.v === '*' || t.v === '/' || t.v === '%'); t = peek()) {
      p++;
      l = { t: 'bin', op: t.v as BinOp, l, r: unary() };
    }
    return l;
  }
  function unary(): Ast {
    if (isOp(peek(), '-')) {
      p++;
      const e = unary();
      return e.t === 'lit' && typeof e.v === 'number' ? { t: 'lit', v: -e.v } : { t: 'neg', e };
    }
    if (isOp(peek(), '+')) p++;
    return primary();
  }
  function primary(): Ast {
    const t = peek();
    if (t.k === 'num' || t.k === 'str') {
      p++;
      return { t: 'lit', v: t.v };
    }
    if (isOp(t, '(')) {
      p++;
      const e = or();
      op(')');
      return e;
    }
    if (t.k !== 'id') return fail(t, 'a value, a field or "("');
    if (!t.quoted) {
      const w = t.v.toLowerCase();
      if (w === 'null' || w === 'true' || w === 'false') {
        p++;
        return { t: 'lit', v: w === 'null' ? null : w === 'true' };
      }
      if (w === 'case') {
        p++;
        return caseExpr();
      }
      if (KEYWORDS.has(w)) return fail(t, 'a value, a field or "("');
      if (isOp(toks[p + 1]!, '(')) {
        p += 2;
        const args: Ast[] = [];
        if (!isOp(peek(), ')')) {
          args.push(or());
          while (isOp(peek(), ',')) {
            p++;
            args.push(or());
          }
        }
        op(')');
        return { t: 'call', fn: w, args, at: t.at };
      }
    }
    p++;
    return { t: 'field', name: t.v };
  }
  function caseExpr(): Ast {
    const operand = isKw(peek(), 'when') ? null : or();
    const whens: Array<{ when: Ast; result: Ast }> = [];
    while (isKw(peek(), 'when')) {
      p++;
      const when = or();
      kw('then');
      whens.push({ when, result: or() });
    }
    if (whens.length === 0) fail(peek(), 'WHEN');
    let otherwise: Ast | null = null;
    if (isKw(peek(), 'else')) {
      p++;
      otherwise = or();
    }
    kw('end');
    return { t: 'case', operand, whens, else: otherwise };
  }

  const ast = or();
  if (peek().k !== 'end') fail(peek(), 'an operator or the end');
  return ast;
}

/** The direct sub-expressions of a node. */
export function children(a: Ast): Ast[] {
  switch (a.t) {
    case 'lit':
    case 'field':
      return [];
    case 'neg':
    case 'not':
    case 'isnull':
      return [a.e];
    case 'bin':
    case 'and':
    case 'or':
      return [a.l, a.r];
    case 'between':
      return [a.e, a.lo, a.hi];
    case 'in':
      return [a.e, ...a.list];
    case 'case':
      return [...(a.operand ? [a.operand] : []), ...a.whens.flatMap((w) => [w.when, w.result]), ...(a.else ? [a.else] : [])];
    case 'call':
      return a.args;
  }
}

/** The fields an expression reads, in order of first use. */
export function fieldsOf(ast: Ast, out: string[] = []): string[] {
  if (ast.t === 'field' && !out.includes(ast.name)) out.push(ast.name);
  for (const c of children(ast)) fieldsOf(c, out);
  return out;
}
