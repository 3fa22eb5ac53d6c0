// When two results are "the same" for the notebooks' ✓ marks: numbers equal to 1e-9, collected ids
// equal as multisets (Spark collects batch by batch, the oracle in arrival order), else deep equality.

export function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    const x = a.map((v) => JSON.stringify(v)).sort();
    const y = b.map((v) => JSON.stringify(v)).sort();
    return x.every((v, i) => v === y[i]);
  }
  return JSON.stringify(a) === JSON.stringify(b);
}
