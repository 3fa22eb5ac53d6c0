// Nexmark q9's join → where → top-1 as the tests write it (the catalog's nexmark-q9.json is the same job):
// auctions ⋈ bids on id = auction, the bid inside its auction's [dateTime, expires], then the highest price
// per auction, the earlier bid first on a tie. For tests only.
export const Q9_JOIN = { kind: 'regular', left: 'auctions', right: 'bids', leftKey: 'id', rightKey: 'auction' } as const;
export const Q9_WHERE = 'right.dateTime BETWEEN left.dateTime AND left.expires';

/** The top-1 per auction, with `extra` fields over it. */
export const q9TopN = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  n: 1,
  partitionBy: ['left.id'],
  orderBy: [
    { field: 'right.price', desc: true },
    { field: 'right.dateTime', desc: false },
  ],
  ...extra,
});
