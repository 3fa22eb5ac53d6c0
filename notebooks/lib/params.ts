// A notebook's parameters and the URL hash that holds them: every control's value lives in the hash,
// so a configuration (and the moment the stepper shows) can be shared as a link. Pure, testable in Node.

export type ParamDef =
  | { type: 'range'; label: string; min: number; max: number; step: number; value: number; unit?: 'ms' | ''; help?: string }
  | { type: 'choice'; label: string; options: ReadonlyArray<readonly [string, string]>; value: string; help?: string }
  | { type: 'toggle'; label: string; value: boolean; help?: string }
  /** State without a control of its own: dragged events, the preset, the stepper's moment. */
  | { type: 'text'; value: string };

export type ParamDefs = Record<string, ParamDef>;
export type ParamValue = number | string | boolean;
export type Values<D extends ParamDefs> = {
  [K in keyof D]: D[K] extends { type: 'range' } ? number : D[K] extends { type: 'toggle' } ? boolean : string;
};

/** Parameters every notebook has besides its own (types.ts `Frame`): oracle overlay, preset, dragged events, moment. */
export const FRAME_PARAMS = {
  oracle: { type: 'toggle', label: 'Oracle overlay (the ground truth)', value: true },
  preset: { type: 'text', value: '' },
  moved: { type: 'text', value: '' },
  at: { type: 'text', value: '' },
} satisfies ParamDefs;

/** The engine toggle: Flink / Spark / Storm, where the concept exists in more than one model. */
export function engineChoice(
  kinds: ReadonlyArray<'event' | 'microbatch' | 'tuple'>,
  value: 'event' | 'microbatch' | 'tuple' = 'event',
): ParamDef {
  const names = { event: 'Flink', microbatch: 'Spark', tuple: 'Storm' } as const;
  return { type: 'choice', label: 'Engine', options: kinds.map((k) => [k, names[k]] as const), value };
}

export function defaults<D extends ParamDefs>(defs: D): Values<D> {
  const out: Record<string, ParamValue> = {};
  for (const [name, d] of Object.entries(defs)) out[name] = d.value;
  return out as Values<D>;
}

/** A value read from text, or the default when it is missing or not allowed (a range snaps to its step). */
export function readValue(d: ParamDef, text: string | null): ParamValue {
  if (text === null) return d.value;
  switch (d.type) {
    case 'range': {
      const n = Number(text);
      if (text.trim() === '' || !Number.isFinite(n)) return d.value;
      const snapped = d.min + Math.round((n - d.min) / d.step) * d.step;
      return Math.min(d.max, Math.max(d.min, Number(snapped.toFixed(6))));
    }
    case 'choice':
      return d.options.some(([v]) => v === text) ? text : d.value;
    case 'toggle':
      return text === '1' || text === 'true' ? true : text === '0' || text === 'false' ? false : d.value;
    case 'text':
      return text;
  }
}

export function writeValue(v: ParamValue): string {
  return typeof v === 'boolean' ? (v ? '1' : '0') : String(v);
}

/** Values from a location hash (`#engine=event&delay=1000`); unknown names are ignored. */
export function fromHash<D extends ParamDefs>(defs: D, hash: string): Values<D> {
  const q = new URLSearchParams(hash.replace(/^#/, ''));
  const out: Record<string, ParamValue> = {};
  for (const [name, d] of Object.entries(defs)) out[name] = readValue(d, q.get(name));
  return out as Values<D>;
}

/** The hash for `values`: every parameter, in the order the notebook declares them. */
export function toHash<D extends ParamDefs>(defs: D, values: Values<D>): string {
  const q = new URLSearchParams();
  for (const name of Object.keys(defs)) q.set(name, writeValue((values as Record<string, ParamValue>)[name]!));
  return `#${q.toString()}`;
}
