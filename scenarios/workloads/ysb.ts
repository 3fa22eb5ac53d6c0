// Yahoo Streaming Benchmark ad events, as its generator (setup/core.clj) makes them: 100 campaigns of
// 10 ads, pools of 100 users and 100 pages, ad_type of 5 and event_type of 3 drawn uniformly (⅓ views).
import type { GeneratedStream } from './event-log.ts';
import { uuids } from './ids.ts';
import type { RateShape } from './rate-shape.ts';
import { boundReached } from './rate-shape.ts';
import { RecordColumns } from './record-columns.ts';
import { streamRng } from './seed-streams.ts';
import type { Workload } from './workload.ts';
import { zipf } from './zipf.ts';

export const YSB_ADS_PER_CAMPAIGN = 10;
export const YSB_AD_TYPES = ['banner', 'modal', 'sponsored-search', 'mail', 'mobile'] as const;
export const YSB_EVENT_TYPES = ['view', 'click', 'purchase'] as const;
const POOL = 100;

/**
 * Departures from YSB, on purpose: event_time is a number (ms from 0), not a string of wall-clock ms;
 * the campaign is drawn with zipf `keys` (uniform by default, as in YSB) and the ad uniformly among its 10.
 */
export function ysb(spec: Workload, shape: RateShape): GeneratedStream {
  const campaigns = spec.keys?.count ?? 100;
  const ids = streamRng(spec.seed, 'tables');
  const campaignIds = uuids(ids, campaigns);
  const adIds = uuids(ids, campaigns * YSB_ADS_PER_CAMPAIGN);
  const userIds = uuids(ids, POOL);
  const pageIds = uuids(ids, POOL);
  const adCampaign: Record<string, unknown> = {};
  adIds.forEach((ad, i) => {
    adCampaign[ad] = campaignIds[Math.floor(i / YSB_ADS_PER_CAMPAIGN)];
  });

  const rng = streamRng(spec.seed, 'records');
  const keys = zipf(campaigns, spec.keys?.skew ?? 0);
  const scheduled: number[] = [];
  const records = new RecordColumns();
  for (let i = 0; ; i++) {
    const t = shape.timeOf(i);
    if (boundReached(spec, i, t)) break;
    const campaign = keys.sample(rng);
    scheduled.push(t);
    records.push({
      user_id: userIds[rng.int(0, POOL - 1)],
      page_id: pageIds[rng.int(0, POOL - 1)],
      ad_id: adIds[campaign * YSB_ADS_PER_CAMPAIGN + rng.int(0, YSB_ADS_PER_CAMPAIGN - 1)],
      ad_type: YSB_AD_TYPES[rng.int(0, YSB_AD_TYPES.length - 1)],
      event_type: YSB_EVENT_TYPES[rng.int(0, YSB_EVENT_TYPES.length - 1)],
      event_time: t,
      ip_address: '1.2.3.4',
    });
  }
  return {
    scheduled,
    eventTimes: scheduled,
    records,
    tables: { ad_campaign: adCampaign },
    timestampField: 'event_time',
    keyField: 'ad_id',
  };
}
