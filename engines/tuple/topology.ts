// The fluent topology API: `topology().spout(...).bolt(..., {parallelism}).fieldsGrouping(...)`.
// It only describes components and subscriptions; runtime.ts instantiates tasks from the description.
import type { BoltFactory, SpoutFactory } from './components.ts';
import type { Grouping } from './groupings.ts';
import { DEFAULT_STREAM } from './tuple.ts';

export interface Subscription {
  readonly source: string;
  readonly stream: string;
  readonly grouping: Grouping;
}

export interface SpoutSpec {
  readonly kind: 'spout';
  readonly id: string;
  readonly parallelism: number;
  readonly create: SpoutFactory;
}

export interface BoltSpec {
  readonly kind: 'bolt';
  readonly id: string;
  readonly parallelism: number;
  readonly create: BoltFactory;
  /** Virtual processing time each executed tuple takes, ms (0 = instantaneous). */
  readonly cost: number;
  /** Period of tick tuples in ms, or null for none (topology.tick.tuple.freq.secs). */
  readonly tickFrequency: number | null;
  readonly inputs: readonly Subscription[];
}

export type ComponentSpec = SpoutSpec | BoltSpec;

export interface TopologySpec {
  readonly components: readonly ComponentSpec[];
}

export interface SpoutOptions {
  parallelism?: number;
}

export interface BoltOptions {
  parallelism?: number;
  cost?: number;
  tickFrequency?: number;
}

export function topology(): TopologyBuilder {
  return new TopologyBuilder();
}

export class TopologyBuilder {
  private readonly components: ComponentSpec[] = [];
  private readonly inputs = new Map<string, Subscription[]>();

  spout(id: string, create: SpoutFactory, options: SpoutOptions = {}): TopologyBuilder {
    this.components.push({ kind: 'spout', id: this.checkId(id), parallelism: checkParallelism(id, options.parallelism), create });
    return this;
  }

  bolt(id: string, create: BoltFactory, options: BoltOptions = {}): BoltDeclarer {
    const cost = options.cost ?? 0;
    if (!(cost >= 0 && Number.isFinite(cost))) throw new RangeError(`bolt "${id}": cost must be a finite number >= 0, got ${cost}`);
    const tick = options.tickFrequency ?? null;
    if (tick !== null && !(tick > 0 && Number.isFinite(tick)))
      throw new RangeError(`bolt "${id}": tickFrequency must be > 0 ms, got ${tick}`);
    const inputs: Subscription[] = [];
    this.inputs.set(this.checkId(id), inputs);
    this.components.push({
      kind: 'bolt',
      id,
      parallelism: checkParallelism(id, options.parallelism),
      create,
      cost,
      tickFrequency: tick,
      inputs,
    });
    return new BoltDeclarer(this, inputs);
  }

  build(): TopologySpec {
    const ids = new Set(this.components.map((c) => c.id));
    for (const c of this.components) {
      if (c.kind !== 'bolt') continue;
      if (c.inputs.length === 0) throw new Error(`bolt "${c.id}" subscribes to nothing`);
      for (const s of c.inputs) if (!ids.has(s.source)) throw new Error(`bolt "${c.id}" subscribes to unknown component "${s.source}"`);
    }
    return { components: [...this.components] };
  }

  private checkId(id: string): string {
    if (!id || id.startsWith('__')) throw new Error(`component id "${id}" is empty or reserved (ids starting with "__" are Storm's)`);
    if (this.components.some((c) => c.id === id)) throw new Error(`component id "${id}" is used twice`);
    return id;
  }
}

/** Returned by `bolt(...)`: declare the bolt's inputs, then keep building. */
export class BoltDeclarer {
  constructor(
    private readonly builder: TopologyBuilder,
    private readonly inputs: Subscription[],
  ) {}

  shuffleGrouping(source: string, stream = DEFAULT_STREAM): BoltDeclarer {
    return this.grouping(source, stream, { type: 'shuffle' });
  }
  fieldsGrouping(source: string, fields: readonly string[], stream = DEFAULT_STREAM): BoltDeclarer {
    if (fields.length === 0) throw new Error('fieldsGrouping needs at least one field');
    return this.grouping(source, stream, { type: 'fields', fields: [...fields] });
  }
  allGrouping(source: string, stream = DEFAULT_STREAM): BoltDeclarer {
    return this.grouping(source, stream, { type: 'all' });
  }
  globalGrouping(source: string, stream = DEFAULT_STREAM): BoltDeclarer {
    return this.grouping(source, stream, { type: 'global' });
  }
  directGrouping(source: string, stream = DEFAULT_STREAM): BoltDeclarer {
    return this.grouping(source, stream, { type: 'direct' });
  }
  localOrShuffleGrouping(source: string, stream = DEFAULT_STREAM): BoltDeclarer {
    return this.grouping(source, stream, { type: 'localOrShuffle' });
  }
  noneGrouping(source: string, stream = DEFAULT_STREAM): BoltDeclarer {
    return this.grouping(source, stream, { type: 'none' });
  }

  spout(id: string, create: SpoutFactory, options?: SpoutOptions): TopologyBuilder {
    return this.builder.spout(id, create, options);
  }
  bolt(id: string, create: BoltFactory, options?: BoltOptions): BoltDeclarer {
    return this.builder.bolt(id, create, options);
  }
  build(): TopologySpec {
    return this.builder.build();
  }

  private grouping(source: string, stream: string, grouping: Grouping): BoltDeclarer {
    if (this.inputs.some((s) => s.source === source && s.stream === stream)) {
      throw new Error(`already subscribed to ${source}:${stream}`);
    }
    this.inputs.push({ source, stream, grouping });
    return this;
  }
}

function checkParallelism(id: string, p: number | undefined): number {
  const n = p ?? 1;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`component "${id}": parallelism must be a whole number >= 1, got ${p}`);
  return n;
}
