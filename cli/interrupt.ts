// Ctrl-C during a run. The first press says at once what happens ("stopping after <stage>… (Ctrl-C
// again to abort)"): the stage running finishes, later engines are skipped, and what finished is written
// as an interrupted result beside any complete one. A second press aborts: nothing more is written.
import type { Io } from './trace-command.ts';

/** Where interrupts come from: the process's SIGINT, or a test that presses Ctrl-C itself. */
export interface Interrupts {
  /** Call `handler` on each interrupt; returns the unsubscribe function. */
  on(handler: () => void): () => void;
}

export const processInterrupts: Interrupts = {
  on(handler) {
    process.on('SIGINT', handler);
    return () => void process.removeListener('SIGINT', handler);
  },
};

export class StopSwitch {
  stopping = false;
  aborted = false;
  private readonly off: () => void;

  constructor(
    interrupts: Interrupts,
    private readonly io: Io,
    private readonly stage: () => string,
    /** Called before the message is printed (clears a terminal progress line). */
    private readonly beforePrint: () => void = () => {},
  ) {
    this.off = interrupts.on(() => this.press());
  }

  press(): void {
    this.beforePrint();
    if (!this.stopping) {
      this.stopping = true;
      this.io.err(`stopping after ${this.stage()}… (Ctrl-C again to abort)`);
    } else if (!this.aborted) {
      this.aborted = true;
      this.io.err('aborting…');
    }
  }

  release(): void {
    this.off();
  }
}
