// Ctrl-C at varied moments, deterministically: the press comes after the k-th progress report, k drawn
// from a seeded RNG, once (stop after the engine running) or twice (abort). The output directory holds
// the old complete pair untouched plus, for a stop, a complete result.interrupted.json and its report —
// or, when the stop came during the last engine, the new complete pair. Never a mix, never a temp file.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng } from '../engines/core/random.ts';
import { readResult } from '../scenarios/result.ts';
import type { Interrupts } from './interrupt.ts';
import { main } from './main.ts';
import { digest, reportDigest } from './run-output.ts';

let dir = '';
let scenarioFile = '';
const old = { result: Buffer.alloc(0), report: Buffer.alloc(0) };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'streamlab-ctrl-c-'));
  scenarioFile = join(dir, 'three.json');
  writeFileSync(
    scenarioFile,
    JSON.stringify({
      name: 'three',
      title: 'Three engines',
      question: 'What does Ctrl-C leave behind?',
      workload: { generator: 'sensors', events: 4000, rate: 1000, seed: 3 },
      job: { key: 'sensor', window: { kind: 'tumbling', size: 1000 }, aggregate: { fn: 'count' } },
      engines: [{ kind: 'event' }, { kind: 'microbatch' }, { kind: 'tuple' }],
    }),
  );
  const base = join(dir, 'base');
  expect(await main(['run', scenarioFile, '--out', base, '--quiet'], { out: () => {}, err: () => {} })).toBe(0);
  old.result = readFileSync(join(base, 'result.json'));
  old.report = readFileSync(join(base, 'report.html'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Ctrl-C pressed by the test: the handler the run registered, called at a chosen progress report. */
function fakeCtrlC(): Interrupts & { press(): void } {
  let handler: (() => void) | null = null;
  return {
    on: (h) => {
      handler = h;
      return () => {
        handler = null;
      };
    },
    press: () => handler?.(),
  };
}

async function runWithPresses(name: string, presses: number[]) {
  const out = join(dir, name);
  mkdirSync(out);
  writeFileSync(join(out, 'result.json'), old.result);
  writeFileSync(join(out, 'report.html'), old.report);
  const ctrlC = fakeCtrlC();
  const err: string[] = [];
  let ticks = 0;
  let pressed = 0;
  const code = await main(
    ['run', scenarioFile, '--out', out, '--quiet'],
    { out: () => {}, err: (l) => err.push(l) },
    {
      progress: false,
      interrupts: ctrlC,
      onProgressTick: (n) => {
        ticks = n;
        for (const p of presses) {
          if (p !== n) continue;
          ctrlC.press();
          pressed++;
        }
      },
    },
  );
  return { out, code, err, ticks, pressed };
}

const pairOk = (out: string, result: string, report: string) =>
  expect(reportDigest(readFileSync(join(out, report), 'utf8'))).toBe(digest(readFileSync(join(out, result), 'utf8')));

test('the first Ctrl-C says at once what happens; the stop comes after the engine running', async () => {
  const r = await runWithPresses('message', [1]);
  expect(r.code).toBe(130);
  expect(r.err[0]).toBe('stopping after event… (Ctrl-C again to abort)');
  expect(r.err[1]).toMatch(/^interrupted: wrote the 1 finished engine\(s\) to .*result\.interrupted\.json/);
  const partial = readResult(readFileSync(join(r.out, 'result.interrupted.json'), 'utf8'));
  expect([partial.interrupted, partial.engines.map((e) => e.id)]).toEqual([true, ['event']]);
});

test('Ctrl-C after a seeded-random progress report, once or twice, 24 times: old pair kept, never a mix', async () => {
  const total = (await runWithPresses('count', [])).ticks;
  expect(total).toBeGreaterThanOrEqual(6);
  const rng = createRng(2024);
  const seen = { interrupted: 0, completed: 0, aborted: 0 };
  for (let run = 0; run < 24; run++) {
    const first = rng.int(1, total);
    const twice = rng.int(0, 1) === 1;
    const presses = twice ? [first, rng.int(first, total)] : [first];
    const r = await runWithPresses(`run-${run}`, presses);
    const files = readdirSync(r.out).sort();
    // A second press planned after the stop point never comes: the run ends with the engine running.
    if (r.pressed === 2) {
      // Aborted: nothing written at all, the old pair byte-identical.
      expect([r.code, files]).toEqual([130, ['report.html', 'result.json']]);
      expect(r.err[r.err.length - 1]).toMatch(/^interrupted: aborted during .*: nothing written$/);
      seen.aborted++;
    } else if (r.code === 130) {
      expect(files).toEqual(['report.html', 'report.interrupted.html', 'result.interrupted.json', 'result.json']);
      pairOk(r.out, 'result.interrupted.json', 'report.interrupted.html');
      expect(readResult(readFileSync(join(r.out, 'result.interrupted.json'), 'utf8')).interrupted).toBe(true);
      seen.interrupted++;
    } else {
      // Stopped during the last engine: nothing was skipped, so the run is complete and replaces the old pair.
      expect([r.code, files]).toEqual([0, ['report.html', 'result.json']]);
      seen.completed++;
    }
    if (r.code === 130 && r.pressed === 1) {
      expect(readFileSync(join(r.out, 'result.json')).equals(old.result)).toBe(true);
      expect(readFileSync(join(r.out, 'report.html')).equals(old.report)).toBe(true);
    }
    pairOk(r.out, 'result.json', 'report.html');
  }
  expect(seen.interrupted).toBeGreaterThan(0);
  expect(seen.aborted).toBeGreaterThan(0);
}, 180_000);
