// A scenario as a TypeScript module (`streamlab run scenarios/examples/ysb-custom.ts`): the JSON shape of
// SCENARIOS.md, with user functions in job.filter, job.map, job.key and job.timestamp. They run once, in the
// shared stateless stage, so every engine and the oracle see the same records; the rest is plain data,
// validated like a JSON file.
import type { ScenarioInput } from '../scenario.ts';

/** YSB ad events, weighted: a purchase counts five times a click; views are left out. */
const weights: Record<string, number> = { click: 1, purchase: 5 };

export default {
  name: 'ysb-custom',
  title: 'YSB engagement per campaign and ad type',
  question:
    'Weighting purchases five times clicks, do all three models sum each campaign and ad type’s engagement in 10 s tumbling windows exactly?',
  workload: { generator: 'ysb', events: 30000, rate: 1000, seed: 42, keys: { count: 20 } },
  job: {
    filter: (r) => r.event_type !== 'view',
    join: { table: 'ad_campaign', on: 'ad_id', as: 'campaign_id' },
    map: (r) => ({
      campaign_id: r.campaign_id,
      ad_type: r.ad_type,
      weight: weights[String(r.event_type)] ?? 0,
      event_time: r.event_time,
    }),
    key: (r) => `${String(r.campaign_id)}/${String(r.ad_type)}`,
    timestamp: (r) => Number(r.event_time),
    window: { kind: 'tumbling', size: 10000 },
    aggregate: { fn: 'sum', field: 'weight' },
    watermark: { delay: 0 },
  },
  engines: [{ kind: 'event' }, { kind: 'microbatch' }, { kind: 'tuple', watermark: { lag: 0 } }],
} satisfies ScenarioInput;
