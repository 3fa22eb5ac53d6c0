// The window manager's queue as Storm scans it (ST WindowManager.scanEvents): events in arrival order,
// the eviction policy asked about each one in turn. Used for count windows and processing time, whose
// policies count or drift as they are asked; event-time duration windows use EndIndexedQueue.
import type { EvictionPolicy, WindowEvent } from './window-manager.ts';

export class ScanQueue<T> {
  private queue: WindowEvent<T>[] = [];
  private head = 0;

  get size(): number {
    return this.queue.length - this.head;
  }

  add(e: WindowEvent<T>): void {
    this.queue.push(e);
  }

  /** Live events in arrival order. */
  *inOrder(): Generator<WindowEvent<T>> {
    for (let i = this.head; i < this.queue.length; i++) yield this.queue[i]!;
  }

  /**
   * Ask the eviction policy about each queued event: EXPIRE removes it, PROCESS puts it in the window,
   * KEEP leaves it for a later window, STOP ends the scan. A partial scan stops at the first non-EXPIRE.
   * Expired values are appended to `expired`; the window's events are returned (full scans).
   */
  scan(policy: EvictionPolicy<T>, fullScan: boolean, expired: T[]): WindowEvent<T>[] {
    const toProcess: WindowEvent<T>[] = [];
    const q = this.queue;
    if (!fullScan) {
      let i = this.head;
      while (i < q.length && policy.evict(q[i]!) === 'expire') expired.push(q[i++]!.value);
      this.head = i;
      if (this.head > 1024 && this.head * 2 > q.length) {
        this.queue = q.slice(this.head);
        this.head = 0;
      }
      return toProcess;
    }
    const kept: WindowEvent<T>[] = [];
    let i = this.head;
    for (; i < q.length; i++) {
      const e = q[i]!;
      const action = policy.evict(e);
      if (action === 'expire') {
        expired.push(e.value);
        continue;
      }
      if (action === 'stop') break;
      if (action === 'process') toProcess.push(e);
      kept.push(e);
    }
    for (; i < q.length; i++) kept.push(q[i]!);
    this.queue = kept;
    this.head = 0;
    return toProcess;
  }
}
