// Reusable typed-array buffers for one engine: a batch's columns and pair arrays live only until the
// batch commits, so the next batch reuses their memory instead of allocating (and zeroing) megabytes again.
// Performance shortcut: views handed out are NOT zeroed; callers write every element they later read.

export class Scratch {
  private readonly f64 = new Map<string, Float64Array>();
  private readonly i32 = new Map<string, Int32Array>();

  /** A Float64Array view of length `n` over the buffer named `name` (grown when too small). */
  float64(name: string, n: number): Float64Array {
    let b = this.f64.get(name);
    if (b === undefined || b.length < n) this.f64.set(name, (b = new Float64Array(grow(b?.length ?? 0, n))));
    return b.subarray(0, n);
  }

  /** An Int32Array view of length `n` over the buffer named `name` (grown when too small). */
  int32(name: string, n: number): Int32Array {
    let b = this.i32.get(name);
    if (b === undefined || b.length < n) this.i32.set(name, (b = new Int32Array(grow(b?.length ?? 0, n))));
    return b.subarray(0, n);
  }
}

function grow(have: number, need: number): number {
  return Math.max(need, Math.ceil(have * 1.5), 1024);
}

/** A scratch that never reuses: every request is a fresh array (for callers that keep the arrays). */
export const FRESH = {
  float64: (_name: string, n: number) => new Float64Array(n),
  int32: (_name: string, n: number) => new Int32Array(n),
} satisfies Pick<Scratch, 'float64' | 'int32'>;

export type Buffers = Pick<Scratch, 'float64' | 'int32'>;
