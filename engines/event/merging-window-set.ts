// Flink's MergingWindowSet for one key (F-WO, session windows): maps each window the user sees to the
// window whose namespace holds its state, merges on every new window, and calls `onMerge` with what
// merged into what, so the operator can merge state, tell the trigger, and delete cleanup timers.
import { mergeWindows, sameWindow, type TimeWindow } from '../core/windows/time-window.ts';

/** The persisted mapping: [windowStart, windowEnd, stateWindowStart, stateWindowEnd][]. */
export type MergingMapping = Array<[number, number, number, number]>;

export type MergeFunction = (
  mergeResult: TimeWindow,
  mergedWindows: TimeWindow[],
  stateWindowResult: TimeWindow,
  mergedStateWindows: TimeWindow[],
) => void;

export class MergingWindowSet {
  private readonly mapping: Array<{ window: TimeWindow; state: TimeWindow }>;

  constructor(persisted: MergingMapping | undefined) {
    this.mapping = (persisted ?? []).map(([s, e, ss, se]) => ({ window: { start: s, end: e }, state: { start: ss, end: se } }));
  }

  persist(): MergingMapping {
    return this.mapping.map((m) => [m.window.start, m.window.end, m.state.start, m.state.end]);
  }

  get isEmpty(): boolean {
    return this.mapping.length === 0;
  }

  getStateWindow(w: TimeWindow): TimeWindow | undefined {
    return this.mapping.find((m) => sameWindow(m.window, w))?.state;
  }

  retireWindow(w: TimeWindow): void {
    const i = this.mapping.findIndex((m) => sameWindow(m.window, w));
    if (i < 0) throw new Error(`window ${w.start}..${w.end} is not in the merging window set`);
    this.mapping.splice(i, 1);
  }

  private remove(w: TimeWindow): TimeWindow | undefined {
    const i = this.mapping.findIndex((m) => sameWindow(m.window, w));
    if (i < 0) return undefined;
    return this.mapping.splice(i, 1)[0]!.state;
  }

  /** Add a window, merging it with the existing ones; returns the window it ended up in. */
  addWindow(newWindow: TimeWindow, merge: MergeFunction): TimeWindow {
    const windows = [...this.mapping.map((m) => m.window), newWindow];
    // TimeWindow.mergeWindows only reports groups of two or more.
    const results = mergeWindows(windows).filter((g) => g.parts.length > 1);
    let resultWindow = newWindow;
    let mergedNewWindow = false;
    for (const { merged: mergeResult, parts } of results) {
      let mergedWindows = parts;
      const ni = mergedWindows.indexOf(newWindow);
      if (ni >= 0) {
        mergedWindows = mergedWindows.filter((_, i) => i !== ni);
        mergedNewWindow = true;
        resultWindow = mergeResult;
      }
      if (mergedWindows.length === 0) continue;
      // Take the state window of one merged window as the state window of the merge result.
      const mergedStateWindow = this.getStateWindow(mergedWindows[0]!)!;
      const mergedStateWindows: TimeWindow[] = [];
      for (const w of mergedWindows) {
        const s = this.remove(w);
        if (s !== undefined) mergedStateWindows.push(s);
      }
      this.mapping.push({ window: mergeResult, state: mergedStateWindow });
      const idx = mergedStateWindows.findIndex((s) => sameWindow(s, mergedStateWindow));
      if (idx >= 0) mergedStateWindows.splice(idx, 1);
      if (!(mergedWindows.some((w) => sameWindow(w, mergeResult)) && mergedWindows.length === 1)) {
        merge(mergeResult, mergedWindows, mergedStateWindow, mergedStateWindows);
      }
    }
    if (results.length === 0 || (resultWindow === newWindow && !mergedNewWindow)) {
      this.mapping.push({ window: resultWindow, state: resultWindow });
    }
    return resultWindow;
  }
}
