// Progress by stage on a clock the test moves: a terminal gets one line redrawn in place; anything else
// gets a plain line every 10 s, so a run shorter than that prints nothing; --quiet prints nothing.
import { PLAIN_EVERY_MS, Progress, type ProgressOptions } from './progress.ts';

function setup(o: Partial<ProgressOptions>) {
  let now = 0;
  const raw: string[] = [];
  const lines: string[] = [];
  const p = new Progress({
    tty: false,
    quiet: false,
    mode: 'simulated',
    now: () => now,
    write: (s) => void raw.push(s),
    line: (l) => void lines.push(l),
    engines: 3,
    ...o,
  });
  return { p, raw, lines, tick: (ms: number) => void (now += ms) };
}

test('on a terminal every stage and engine update redraws one line in place', () => {
  const { p, raw } = setup({ tty: true });
  p.stage('generating');
  p.stage('ground truth');
  p.engine('event', 0, 0);
  p.engine('event', 2000, 8000);
  p.engine('tuple', 8000, 8000);
  p.stage('rendering');
  p.done();
  expect(raw).toEqual([
    '\r\x1b[Kgenerating',
    '\r\x1b[Kground truth',
    '\r\x1b[Kevent (engine 1/3): starting',
    '\r\x1b[Kevent (engine 1/3): 2,000/8,000 events',
    '\r\x1b[Ktuple (engine 2/3): 8,000/8,000 events',
    '\r\x1b[Krendering',
    '\r\x1b[K',
  ]);
  expect(p.current).toBe('rendering');
});

test('elsewhere one plain line every 10 s of wall time, none for a run shorter than that', () => {
  const short = setup({});
  short.p.stage('generating');
  short.tick(9_999);
  short.p.engine('event', 100, 200);
  expect(short.lines).toEqual([]);
  const long = setup({});
  long.p.stage('generating');
  long.tick(PLAIN_EVERY_MS);
  long.p.engine('event', 2000, 8000);
  long.tick(4000);
  long.p.engine('event', 4000, 8000);
  long.tick(6000);
  long.p.stage('comparing');
  expect(long.lines).toEqual(['progress 10 s: event (engine 1/3): 2,000/8,000 events', 'progress 20 s: comparing']);
});

test('real mode shows wall time elapsed and left for the engine; --quiet shows nothing', () => {
  const real = setup({ tty: true, mode: 'real' });
  real.p.engine('event', 0, 0);
  real.tick(4000);
  real.p.engine('event', 2500, 10_000);
  expect(real.raw[1]).toBe('\r\x1b[Kevent (engine 1/3): 2,500/10,000 events, 4 s elapsed, about 12 s left');
  const quiet = setup({ tty: true, quiet: true });
  quiet.p.stage('generating');
  quiet.tick(60_000);
  quiet.p.engine('event', 1, 2);
  expect([quiet.raw, quiet.lines]).toEqual([[], []]);
  expect(quiet.p.current).toBe('event');
});
