// What notebook 7's topology did at one instant, in sentences with their rule keys, and the acker's ledger of
// one tree: every message about its root and the XOR of the values so far (the acker keeps exactly this XOR;
// the tree is complete when it comes back to 0, C2). Read off what the runtime was seen doing.
import type { Sentence } from '../../lib/explain.ts';
import type { P } from './scenario.ts';
import type { Seen, TopologyRun } from './topology-run.ts';

export const short = (id: string) => `${id.slice(0, 6)}…`;
const label = (msg: number) => `sentence ${msg + 1}`;

/** The sentence (its offset, the spout's msgId) each root belongs to. */
export function messageOf(seen: readonly Seen[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of seen) if (s.kind === 'emit') out.set(s.root, s.msg);
  return out;
}

export function sentencesAt(t: TopologyRun, time: number, p: Pick<P, 'acking'>): Sentence[] {
  const at = t.seen.filter((s) => s.t === time);
  const msg = messageOf(t.seen);
  const out: Sentence[] = [];
  const words: string[] = [];
  for (const s of at) {
    switch (s.kind) {
      case 'emit': {
        const init = at.find((x) => x.kind === 'acker' && x.what === 'init' && x.root === s.root);
        out.push({
          text: s.replay
            ? `The spout replayed ${label(s.msg)} as a new tree (root ${short(s.root)}): every bolt that already processed it will process it again.`
            : p.acking
              ? `The spout emitted ${label(s.msg)} as a tree with root ${short(s.root)}; it told the acker “init” with the XOR of the edge it sent${init && init.kind === 'acker' ? ` (${short(init.val)})` : ''}.`
              : `The spout emitted ${label(s.msg)}. Acking is off: Storm acks it at once, and no failure will ever bring it back (at-most-once).`,
          rules: ['C2'],
        });
        break;
      }
      case 'executed': {
        const m = msg.get(s.root);
        const who = m === undefined ? '' : ` of ${label(m)}`;
        if (s.outcome === 'fail')
          out.push({
            text: `${s.by} failed its tuple${who}: the acker tells the spout “fail” at once, whatever the rest of the tree does.`,
            rules: ['C2'],
          });
        else if (s.by === 'split') {
          const n = at.filter((x) => x.kind === 'tuple' && x.from === 'split' && x.root === s.root).length;
          out.push({
            text: `split executed${who}: ${n} word tuple(s) anchored on it, each a new edge id XOR-ed into its ackVal; its ack sends edge ⊕ ackVal.`,
            rules: ['C2'],
          });
        }
        break;
      }
      case 'verdict':
        if (s.outcome === 'ack')
          out.push({
            text: `The acker’s XOR for root ${short(s.root)}${msg.has(s.root) ? ` (${label(msg.get(s.root)!)})` : ''} is 0: every tuple of the tree was acked, and the spout hears “ack”.`,
            rules: ['C2'],
          });
        break;
      case 'spout-fail':
        if (s.timeout)
          out.push({
            text: `${label(s.msg)} timed out: still pending when the spout’s map rotated twice (between the timeout and twice it). The spout fails it and will replay it.`,
            rules: ['C2'],
          });
        break;
      case 'kill':
        out.push({
          text: `The count bolt’s task was killed and came back empty: its counts are gone and ${s.lost} tuple(s) waiting at it were lost. Bolt memory is never restored; only the lost tuples’ trees time out and replay.`,
          rules: ['C1', 'C2'],
        });
        break;
      case 'sink':
        words.push(`${s.word} = ${s.count}`);
        break;
      default:
        break;
    }
  }
  if (words.length) out.push({ text: `The sink wrote ${words.join(', ')}.`, rules: [] });
  return out.length ? out : [{ text: 'Tuples moved on to the next bolt.', rules: ['C1'] }];
}

export interface LedgerLine {
  t: number;
  what: string;
  from: string;
  val: string;
  xor: string;
}

/** The acker's messages about `root`, with the XOR after each (64-bit values as 16 hex digits). */
export function ackerLedger(seen: readonly Seen[], root: string, until = Number.POSITIVE_INFINITY): LedgerLine[] {
  let xor = 0n;
  const out: LedgerLine[] = [];
  for (const s of seen) {
    if (s.t > until) break;
    if (s.kind !== 'acker' || s.root !== root) continue;
    if (s.what !== 'fail') xor ^= BigInt(`0x${s.val}`);
    out.push({ t: s.t, what: s.what, from: s.from, val: s.val, xor: xor.toString(16).padStart(16, '0') });
  }
  return out;
}

/** The roots of sentence `msg` (one per attempt), in emit order. */
export function attempts(seen: readonly Seen[], msg: number): Array<Extract<Seen, { kind: 'emit' }>> {
  return seen.filter((s): s is Extract<Seen, { kind: 'emit' }> => s.kind === 'emit' && s.msg === msg);
}
