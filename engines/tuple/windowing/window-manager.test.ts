// Facts transcribed from apache/storm WindowManagerTest (ST-T-WM), run on the port.
import { CountEvictionPolicy, WatermarkCountEvictionPolicy, WatermarkTimeEvictionPolicy } from './eviction-policies.ts';
import { CountTriggerPolicy, WatermarkCountTriggerPolicy, WatermarkTimeTriggerPolicy } from './trigger-policies.ts';
import { type EvictionPolicy, EXPIRE_EVENTS_THRESHOLD, type TriggerPolicy, type WindowEvent, WindowManager } from './window-manager.ts';

const seq = (a: number, b = a) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

function harness() {
  const l = { activations: [] as number[][], news: [] as number[][], expiredLists: [] as number[][], expiries: [] as number[][] };
  const wm = new WindowManager<number>({
    onExpiry: (events) => l.expiries.push(events),
    onActivation: (events, newEvents, expired) => {
      l.activations.push(events);
      l.news.push(newEvents);
      l.expiredLists.push(expired);
    },
  });
  const clear = () => {
    l.activations = [];
    l.news = [];
    l.expiredLists = [];
    l.expiries = [];
  };
  return { wm, l, clear };
}

function use<T>(wm: WindowManager<T>, eviction: EvictionPolicy<T>, trigger: TriggerPolicy): void {
  wm.evictionPolicy = eviction;
  wm.triggerPolicy = trigger;
  trigger.start();
}

test('count window length 5 sliding every 2 fires every 2nd tuple over the last min(seen, 5) (testCountBasedWindow)', () => {
  const { wm, l } = harness();
  const ev = new CountEvictionPolicy<number>(5);
  use(wm, ev, new CountTriggerPolicy(2, wm, ev, () => 0));
  for (const i of seq(1, 8)) wm.add(i, 0);
  expect(l.activations).toEqual([seq(1, 2), seq(1, 4), seq(2, 6), seq(4, 8)]);
  expect(l.news).toEqual([seq(1, 2), seq(3, 4), seq(5, 6), seq(7, 8)]);
  expect(l.expiries).toEqual([[1], [2, 3]]);
});

test('a tumbling count window of 3 expires the previous 3 when the next 3 fire (testTumblingWindow)', () => {
  const { wm, l } = harness();
  const ev = new CountEvictionPolicy<number>(3);
  use(wm, ev, new CountTriggerPolicy(3, wm, ev, () => 0));
  for (const i of seq(1, 6)) wm.add(i, 0);
  expect(l.activations).toEqual([seq(1, 3), seq(4, 6)]);
  expect(l.expiredLists).toEqual([[], seq(1, 3)]);
});

test('compaction every 100 adds expires what no window can hold (testExpireThreshold)', () => {
  const { wm, l } = harness();
  const ev = new CountEvictionPolicy<number>(5);
  use(wm, ev, new CountTriggerPolicy(1_000_000, wm, ev, () => 0));
  for (const i of seq(1, EXPIRE_EVENTS_THRESHOLD)) wm.add(i, 0);
  expect(l.expiries.flat()).toEqual(seq(1, EXPIRE_EVENTS_THRESHOLD - 5));
});

function eventTime(eviction: EvictionPolicy<number>, slide = 10) {
  const h = harness();
  use(h.wm, eviction, new WatermarkTimeTriggerPolicy(slide, h.wm, eviction, h.wm, false));
  return h;
}

test('event-time windows (end-20, end] fire at each aligned end <= watermark and skip empty ones (testEventTimeBasedWindow)', () => {
  const { wm, l, clear } = eventTime(new WatermarkTimeEvictionPolicy(20));
  wm.add(1, 603);
  wm.add(2, 605);
  wm.add(3, 607);
  wm.addWatermark(609); // finds the first aligned end (610) but fires nothing
  expect(l.activations).toEqual([]);
  wm.add(4, 618);
  wm.add(5, 626);
  wm.add(6, 636);
  wm.addWatermark(631);
  expect(l.activations).toEqual([seq(1, 3), seq(1, 4), seq(4, 5)]);
  expect(l.news).toEqual([seq(1, 3), [4], [5]]);
  expect(l.expiredLists).toEqual([[], [], seq(1, 3)]);
  expect(l.expiries).toEqual([seq(1, 3)]);
  wm.add(7, 825);
  wm.add(8, 826);
  wm.add(9, 827);
  wm.add(10, 839);
  clear();
  wm.addWatermark(834);
  // (620, 640], (630, 650], then the jump over the empty ends to (810, 830].
  expect(l.activations).toEqual([seq(5, 6), [6], seq(7, 9)]);
  expect(l.news).toEqual([[6], [], seq(7, 9)]);
  expect(l.expiries).toEqual([[4], [5], [6]]);
});

test('out-of-order events within the lag are held for later windows (testEventTimeLag)', () => {
  const { wm, l } = eventTime(new WatermarkTimeEvictionPolicy(20, 5));
  for (const [v, ts] of [
    [1, 603],
    [2, 605],
    [3, 607],
    [4, 618],
    [5, 626],
    [6, 632],
    [7, 629],
    [8, 636],
  ] as const)
    wm.add(v, ts);
  wm.addWatermark(631);
  expect(l.activations).toEqual([seq(1, 3), seq(1, 4), [4, 5, 7]]);
});

test('an event more than the lag beyond the window end stops the scan (testScanStop)', () => {
  const scanned = new Set<number>();
  class Spy extends WatermarkTimeEvictionPolicy<number> {
    override evict(e: WindowEvent<number>) {
      scanned.add(e.value);
      return super.evict(e);
    }
  }
  const { wm, l } = eventTime(new Spy(20, 5));
  [603, 605, 607, 618, 626, 629, 636, 637, 638, 639].forEach((ts, i) => {
    wm.add(i + 1, ts);
  });
  wm.addWatermark(631);
  expect(l.activations).toEqual([seq(1, 3), seq(1, 4), [4, 5, 6]]);
  expect([...scanned].sort((a, b) => a - b)).toEqual(seq(1, 7));
});

test('count length with event-time slide counts only events up to each window end (testCountBasedWindowWithEventTs)', () => {
  const h = harness();
  const ev = new WatermarkCountEvictionPolicy<number>(3);
  use(h.wm, ev, new WatermarkTimeTriggerPolicy(10, h.wm, ev, h.wm, true));
  [603, 605, 607, 618, 626, 636].forEach((ts, i) => {
    h.wm.add(i + 1, ts);
  });
  h.wm.addWatermark(631);
  expect(h.l.activations).toEqual([seq(1, 3), seq(2, 4), seq(3, 5)]);
  [665, 666, 667, 679].forEach((ts, i) => {
    h.wm.add(i + 7, ts);
  });
  h.clear();
  h.wm.addWatermark(674);
  expect(h.l.activations).toEqual([seq(4, 6), seq(4, 6), seq(4, 6), seq(7, 9)]);
});

test('event-time count trigger fires per 3 events up to the watermark (testCountBasedTriggerWithEventTs)', () => {
  const h = harness();
  const ev = new WatermarkTimeEvictionPolicy<number>(20);
  use(h.wm, ev, new WatermarkCountTriggerPolicy(3, h.wm, ev, h.wm));
  [603, 605, 607, 618, 625, 626, 629, 636].forEach((ts, i) => {
    h.wm.add(i + 1, ts);
  });
  h.wm.addWatermark(631);
  expect(h.l.activations).toEqual([seq(1, 3), seq(3, 6)]);
  for (const [v, ts] of [
    [9, 665],
    [10, 666],
    [11, 667],
    [12, 669],
    [12, 679],
  ] as const)
    h.wm.add(v, ts);
  h.clear();
  h.wm.addWatermark(674);
  expect(h.l.activations).toEqual([[9], seq(9, 12)]);
});

test('event-time count windows with equal timestamps: tumbling 2/2 and sliding 5/2 (testCountBased*WithSameEventTs)', () => {
  const stamps = [10, 10, 11, 12, 12, 12, 12, 13, 14, 15];
  const run = (length: number, slide: number) => {
    const h = harness();
    const ev = new WatermarkCountEvictionPolicy<number>(length);
    use(h.wm, ev, new WatermarkCountTriggerPolicy(slide, h.wm, ev, h.wm));
    stamps.forEach((ts, i) => {
      h.wm.add(i + 1, ts);
    });
    h.wm.addWatermark(20);
    return h.l.activations;
  };
  expect(run(2, 2)).toEqual([seq(1, 2), seq(3, 4), seq(5, 6), seq(7, 8), seq(9, 10)]);
  expect(run(5, 2)).toEqual([seq(1, 2), seq(1, 4), seq(2, 6), seq(4, 8), seq(6, 10)]);
});
