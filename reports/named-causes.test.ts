// Every difference in a catalog scenario has a cause the lab can name: "unexplained" is a defect (issue 14),
// so no catalog report contains it, in its figures or in its words. Runs every catalog scenario as shipped.

import { catalogNames } from '../scenarios/catalog.ts';
import { causes } from '../scenarios/correctness.ts';
import { CAUSES } from './causes.ts';
import { renderReport } from './render.ts';
import { catalogResult } from './scenario-fixture.ts';

test('every cause correctness.ts assigns has words and an origin in the report', () => {
  expect(Object.keys(CAUSES).sort()).toEqual([...causes].sort());
});

describe('no catalog report contains an unnamed cause', () => {
  for (const name of catalogNames()) {
    test(name, () => {
      const result = catalogResult(name);
      const unnamed = result.engines.flatMap((e) =>
        'correctness' in e
          ? [
              ...(e.correctness.causes.unexplained ? [`${e.id}: ${e.correctness.causes.unexplained} unexplained`] : []),
              ...e.correctness.differences.filter((d) => d.cause === 'unexplained').map((d) => `${e.id}: ${JSON.stringify(d)}`),
            ]
          : [],
      );
      expect(unnamed).toEqual([]);
      const html = renderReport(result, { normalized: true });
      expect(html).not.toContain(CAUSES.unexplained.text);
      expect(html).not.toMatch(/unexplained/i);
    });
  }
});
