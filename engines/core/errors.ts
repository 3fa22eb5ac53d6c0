// One error type for everything a user gave us that we cannot run: invalid files and refused jobs.
// It carries the JSON path of the offending field; the CLI prints `path: reason` and exits 2.

export class InputError extends Error {
  readonly path: string;
  readonly reason: string;
  constructor(path: string, reason: string) {
    super(path ? `${path}: ${reason}` : reason);
    this.name = 'InputError';
    this.path = path;
    this.reason = reason;
  }
}

/** A job the chosen model does not support (Spark count windows, Storm sessions, …). */
export class RefusedError extends InputError {
  constructor(path: string, reason: string) {
    super(path, reason);
    this.name = 'RefusedError';
  }
}

/** Format a path array the way users write JSON paths: `steps[3].watermark`. */
export function formatPath(parts: ReadonlyArray<PropertyKey>, root = ''): string {
  let out = root;
  for (const p of parts) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out;
}
