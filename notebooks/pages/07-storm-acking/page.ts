// Notebook 7, Storm acking and at-least-once: the tuple tree with its edge ids and the acker's XOR going to
// 0; fan-out, failure probability per bolt, message timeout, max.spout.pending, a killed bolt; the spout's
// emits, acks, fails and replays; the sink against the oracle; the windowed bolt's timeout rule.
import lateStream from '../../../engines/conformance/storm-late-stream.json' with { type: 'json' };
import tumbling from '../../../engines/conformance/storm-tumbling-event-time.json' with { type: 'json' };
import { notebookMeta } from '../../catalog.ts';
import type { Exercise } from '../../lib/exercises.ts';
import { mountNotebook } from '../../lib/notebook.ts';
import { presetOf } from '../../lib/presets.ts';
import { timeView } from '../../lib/time-view.ts';
import type { Ctx } from '../../lib/types.ts';
import { ackerLedger, attempts } from './narrate.ts';
import { sinkRows, sinkView, windowedView } from './output-views.ts';
import { type Model, model, type P, params, WINDOW } from './scenario.ts';
import { spoutView } from './spout-view.ts';
import { treeView } from './tree-view.ts';

type C = Ctx<P, Model>;

const LABELS = {
  ack: 'a tree completes (the acker’s XOR reaches 0)',
  fail: 'a tree fails (a bolt fails a tuple, or it times out)',
  replay: 'the spout replays a sentence',
  sink: 'the sink shows a new count',
  nothing: 'nothing of these',
};

const exercises: ReadonlyArray<Exercise<C>> = [
  {
    id: 'ex-zero',
    prompt:
      'Step until the tree of the sentence you picked completes. How many acker messages did its root get, init included? Type the number.',
    answer: { label: 'Messages:', placeholder: 'e.g. 7' },
    check(ctx, answer) {
      const done = attempts(ctx.model.topo.seen, ctx.values.tree - 1).find((a) =>
        ctx.model.topo.seen.some((s) => s.kind === 'verdict' && s.outcome === 'ack' && s.root === a.root),
      );
      if (!done)
        return {
          ok: false,
          message: 'This sentence’s tree never completes in this run: pick another, or lower the failure probabilities.',
        };
      const n = ackerLedger(ctx.model.topo.seen, done.root).length;
      return Number(answer) === n
        ? {
            ok: true,
            message: `${n}: one init from the spout and one ack per tuple of the tree; each edge id was XOR-ed in twice, so the value came back to 0 (C2).`,
          }
        : { ok: false, message: 'Count the rows of the acker’s ledger up to the moment its XOR is 0.' };
    },
  },
  {
    id: 'ex-twice',
    prompt:
      'Find failure settings that make the sink count some word <strong>more</strong> often than the oracle, with no kill. Why does at-least-once do that?',
    check(ctx) {
      if (ctx.values.killAt > 0) return { ok: false, message: 'Without a kill, please: set it to 0.' };
      const over = sinkRows({ ...ctx, cursor: ctx.model.main.moments.length - 1 }).filter((r) => (r.sink ?? 0) > r.oracle);
      return over.length
        ? {
            ok: true,
            message: `${over.map((r) => r.word).join(', ')}: a bolt failed one word of a sentence, the spout replayed the whole sentence, and the words already counted were counted again (C2).`,
          }
        : { ok: false, message: 'Every count is right or short: raise the count bolt’s failure probability, with acking on.' };
    },
  },
  {
    id: 'ex-timeout',
    prompt: `Make Storm refuse the windowed bolt. Which message timeout does it take, for windows of ${WINDOW / 1000} s?`,
    check(ctx) {
      const e = ctx.model.windowed.error;
      return e?.refused
        ? {
            ok: true,
            message: `Refused: ${e.message}. The bolt acks a tuple only when it leaves the window, after length + slide; a shorter timeout would replay every tuple (C3).`,
          }
        : { ok: false, message: 'It runs: its tuples are acked in time. Lower the message timeout.' };
    },
  },
];

mountNotebook<typeof params, Model>({
  meta: notebookMeta('07-storm-acking'),
  intro: [
    'Storm keeps no state for you: a bolt’s memory is its own, and it is gone when its task dies (C1). What Storm guarantees is that every tuple a spout emits is processed, at least once (C2). Each tuple is an edge of a <strong>tree</strong> rooted at the spout’s tuple and has a random 64-bit id; a bolt that emits a tuple <em>anchored</em> on its input adds an edge. The <strong>acker</strong> keeps one 64-bit value per tree and XORs every edge id into it twice, when the edge is created and when it is acked: the value is 0 exactly when every tuple has been acked. Then the spout hears “ack”; a failure, or no answer within the message timeout, makes it hear “fail”, and replaying is its job.',
    'Below, sentences go through split (one word tuple per word) and count (a count per word in memory) to a sink. Pick a sentence, predict, and step: watch its tree grow and the XOR fall back to 0. Then let the bolts fail, kill the count bolt, and compare the sink with the oracle.',
  ],
  params,
  presets: [presetOf(tumbling), presetOf(lateStream)],
  model,
  predict: {
    labels: LABELS,
    outcomes(ctx, from, to) {
      const run = ctx.model.main;
      const t0 = run.moments[from]?.time ?? Number.NEGATIVE_INFINITY;
      const t1 = run.moments[to]!.time;
      const out = new Set<string>();
      for (const s of ctx.model.topo.seen) {
        if (s.t <= t0 || s.t > t1) continue;
        if (s.kind === 'verdict') out.add(s.outcome === 'ack' ? 'ack' : 'fail');
        if (s.kind === 'spout-fail' && s.timeout) out.add('fail');
        if (s.kind === 'emit' && s.replay) out.add('replay');
        if (s.kind === 'sink') out.add('sink');
      }
      if (out.size === 0) out.add('nothing');
      return out;
    },
  },
  views: [
    treeView(),
    spoutView(),
    sinkView(),
    windowedView(),
    {
      ...timeView<P, Model>({
        id: 'time',
        title: 'The conformance trace',
        description: 'Storm’s windowed bolt, step by step (C3).',
        presetToo: true,
      }),
      presetOnly: true,
    },
  ],
  exercises,
});
