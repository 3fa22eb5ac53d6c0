// A keyed result row of a Structured Streaming batch, as the sink receives it.
import type { MainEmission } from '../core/emission.ts';
import type { TimeWindow } from '../core/windows/time-window.ts';
import type { KeyValue } from './key-dictionary.ts';

/**
 * A keyed result row. A class rather than an object literal: every row of every batch shares one hidden
 * class from its first allocation, which keeps allocating the rows of a 100k-record batch cheap.
 */
export class KeyedRow implements MainEmission {
  readonly output: 'main';
  readonly key: KeyValue;
  readonly window: TimeWindow | null;
  readonly value: unknown;
  readonly timestamp: null;
  constructor(key: KeyValue, window: TimeWindow | null, value: unknown) {
    // Assigned in the order of the literal rows elsewhere, so JSON prints the fields alike.
    this.output = 'main';
    this.key = key;
    this.window = window;
    this.value = value;
    this.timestamp = null;
  }
}
