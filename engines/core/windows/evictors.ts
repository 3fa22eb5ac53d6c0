// Evictors (F-CE): drop buffered elements before the window function runs. CountEvictor(n) keeps the
// last n (evict-before); the operator then rewrites the window state with what remains.

export interface Evictor {
  readonly name: string;
  /** Elements in arrival order in, the elements the function should see (and the state keeps) out. */
  evictBefore<T>(elements: T[]): T[];
}

export const countEvictor = (max: number): Evictor => ({
  name: `CountEvictor(${max})`,
  evictBefore: (elements) => (elements.length > max ? elements.slice(elements.length - max) : elements),
});
