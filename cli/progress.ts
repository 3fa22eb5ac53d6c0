// Progress of a run on stderr, by stage: generating, ground truth, each engine (events done, and in real
// mode wall time elapsed and left), comparing, rendering, writing. On a terminal one line is redrawn in
// place; on anything else (a CI log, a file) a plain line is printed every 10 s, so runs shorter than
// that print nothing. The clock is injected: tests drive it, they never wait.

export interface ProgressOptions {
  /** Redraw one line in place (stderr is a terminal). */
  tty: boolean;
  /** Print nothing at all (--quiet, --json). */
  quiet: boolean;
  /** real mode shows wall time; simulated mode shows events only (its time is virtual). */
  mode: 'simulated' | 'real';
  /** Wall clock, ms. */
  now: () => number;
  /** Raw writes to stderr (the terminal line, without a newline). */
  write: (s: string) => void;
  /** One full line on stderr. */
  line: (s: string) => void;
  /** Engine entries in this run, for "engine 2/3". */
  engines: number;
}

/** How often a non-terminal stderr gets a progress line, ms. */
export const PLAIN_EVERY_MS = 10_000;

export class Progress {
  /** The stage now running, as "stopping after …" names it. */
  current = 'generating';
  private engineIndex = 0;
  private readonly started: number;
  private engineStarted: number;
  private lastPlain: number;
  private drawn = false;

  constructor(private readonly o: ProgressOptions) {
    this.started = o.now();
    this.engineStarted = this.started;
    this.lastPlain = this.started;
  }

  /** A new stage (not an engine). */
  stage(name: string): void {
    this.current = name;
    this.show(name);
  }

  /** Progress inside an engine entry: `done` of `total` events fed. */
  engine(id: string, done: number, total: number): void {
    if (id !== this.current) {
      this.current = id;
      this.engineIndex++;
      this.engineStarted = this.o.now();
    }
    const count = total > 0 ? `${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} events` : 'starting';
    let text = `${id} (engine ${this.engineIndex}/${this.o.engines}): ${count}`;
    if (this.o.mode === 'real' && total > 0) {
      const elapsed = this.o.now() - this.engineStarted;
      const left = done > 0 ? (elapsed * (total - done)) / done : Number.NaN;
      text += `, ${secs(elapsed)} elapsed${Number.isFinite(left) ? `, about ${secs(left)} left` : ''}`;
    }
    this.show(text);
  }

  /** Clear the terminal line (before the summary or an error is printed). */
  done(): void {
    if (this.drawn) this.o.write('\r\x1b[K');
    this.drawn = false;
  }

  private show(text: string): void {
    if (this.o.quiet) return;
    const now = this.o.now();
    if (this.o.tty) {
      this.o.write(`\r\x1b[K${text}`);
      this.drawn = true;
    } else if (now - this.lastPlain >= PLAIN_EVERY_MS) {
      this.lastPlain = now;
      this.o.line(`progress ${secs(now - this.started)}: ${text}`);
    }
  }
}

function secs(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}
