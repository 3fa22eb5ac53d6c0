// What every chart file returns: a Vega-Lite spec (null when the result has no data for it) and the
// data table shown under it, which carries the same figures for readers without JavaScript.
import type { TopLevelSpec } from 'vega-lite';
import type { Result } from '../../scenarios/result.ts';
import type { EngineView } from '../engines.ts';

export interface Chart {
  /** Stable DOM id (`chart-<id>`), so goldens and tests can find it. */
  id: string;
  title: string;
  /** One or two sentences under the title: what to look for. */
  description: string;
  spec: TopLevelSpec | null;
  /** Shown instead of the chart when `spec` is null. */
  empty: string;
  /** Accessible `<table>` HTML with the chart's figures ('' when there is nothing to tabulate). */
  table: string;
  /**
   * Views linked to the main one (its `brush` zooms them: runtime.ts), one figure each so a reader can
   * hide one; `label` names its checkbox.
   */
  panels?: Array<{ id: string; engine: string; label: string; colour: string; spec: TopLevelSpec }>;
  /** Already-escaped HTML shown between the description and the chart (a legend, say). */
  legend?: string;
}

export type ChartInput = { result: Result; views: readonly EngineView[] };

/** Chart width in px; the page's content column is a little wider. */
export const WIDTH = 680;

/** Shared look: the page's font, quiet axes, no chart border. */
export const CONFIG = {
  font: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  view: { stroke: null },
  axis: { labelColor: '#444', titleColor: '#222', titleFontWeight: 500, gridColor: '#eee', domainColor: '#999', tickColor: '#999' },
  legend: { labelColor: '#333', titleColor: '#222', orient: 'top' },
} as const;

/** ms → s with millisecond precision, the unit every time axis uses. */
export const sec = (ms: number): number => Math.round(ms) / 1000;

export const NO_DATA = 'No data for this chart in this result.';
