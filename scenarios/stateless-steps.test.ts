// The stateless stages, filter → join → map, as one function over records.
import { InputError } from '../engines/core/errors.ts';
import { statelessFn } from './stateless-steps.ts';

describe('statelessFn', () => {
  const tables = { ad_campaign: { a1: 'c1', a2: 'c2' } };
  const stage = statelessFn(
    {
      filter: { field: 'event_type', eq: 'view' },
      join: { table: 'ad_campaign', on: 'ad_id', as: 'campaign_id' },
      map: {
        campaign_id: 'campaign_id',
        t: 'event_time',
        src: { const: 'ysb' },
        kind: { field: 'ad_id', values: { a1: 'first' }, default: 'other' },
      },
    },
    tables,
  );

  test('filter, then the join adds the looked-up field, then map keeps exactly the projected fields', () => {
    expect(stage({ event_type: 'view', ad_id: 'a1', event_time: 5, user: 'u' })).toEqual({
      campaign_id: 'c1',
      t: 5,
      src: 'ysb',
      kind: 'first',
    });
    expect(stage({ event_type: 'view', ad_id: 'a2', event_time: 6 })).toEqual({ campaign_id: 'c2', t: 6, src: 'ysb', kind: 'other' });
  });

  test('a filtered record and a record without a join partner give null (inner join)', () => {
    expect(stage({ event_type: 'click', ad_id: 'a1', event_time: 5 })).toBeNull();
    expect(stage({ event_type: 'view', ad_id: 'zz', event_time: 5 })).toBeNull();
  });

  test('a join on a table the workload lacks is refused with job.join.table', () => {
    const f = () => statelessFn({ join: { table: 'nope', on: 'x', as: 'y' } }, tables);
    expect(f).toThrow(InputError);
    expect(f).toThrow(/^job\.join\.table: the workload has no table "nope" \(tables: ad_campaign\)/);
  });

  test('no stages: records pass unchanged', () => {
    const r = { a: 1 };
    expect(statelessFn({}, undefined)(r)).toBe(r);
  });
});
