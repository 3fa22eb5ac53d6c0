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

  test('user functions: filter → join → map, then key and timestamp into $key and $timestamp', () => {
    const fnStage = statelessFn(
      {
        filter: (r) => r.event_type === 'view',
        join: { table: 'ad_campaign', on: 'ad_id', as: 'campaign_id' },
        map: (r) => ({ c: r.campaign_id, t: r.event_time }),
        key: (r) => String(r.c).toUpperCase(),
        timestamp: (r) => Number(r.t) * 1000,
      },
      tables,
    );
    expect(fnStage({ event_type: 'view', ad_id: 'a2', event_time: 6 })).toEqual({ c: 'c2', t: 6, $key: 'C2', $timestamp: 6000 });
    expect(fnStage({ event_type: 'click', ad_id: 'a2', event_time: 6 })).toBeNull();
    expect(fnStage({ event_type: 'view', ad_id: 'zz', event_time: 6 })).toBeNull();
  });

  test('a map function gets a copy: modifying its argument leaves the logged record alone', () => {
    const logged = { a: 1 };
    const out = statelessFn(
      {
        map: (r) => {
          r.a = 2;
          return r;
        },
      },
      undefined,
    )(logged);
    expect(out).toEqual({ a: 2 });
    expect(logged).toEqual({ a: 1 });
  });

  test('a user function with a result of the wrong kind is an InputError naming its field', () => {
    const objectKey = statelessFn({ key: (r) => r as never }, undefined);
    expect(() => objectKey({ a: 1 })).toThrow(
      /^job\.key: the function returned \{"a":1\} on \{"a":1\}; expected a string, number or boolean/,
    );
    const noReturn = statelessFn({ filter: () => undefined as never }, undefined);
    expect(() => noReturn({ a: 1 })).toThrow(/^job\.filter: the function returned undefined on \{"a":1\}; expected true or false$/);
    const arrayMap = statelessFn({ map: () => [] as never }, undefined);
    expect(() => arrayMap({ a: 1 })).toThrow(/^job\.map: the function returned \[\] on \{"a":1\}; expected a record/);
    const fractional = statelessFn({ timestamp: () => 1.5 }, undefined);
    expect(() => fractional({})).toThrow(/^job\.timestamp: the function returned 1\.5 on \{\}; expected whole ms/);
  });
});
