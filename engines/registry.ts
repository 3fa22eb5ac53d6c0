// The engines that exist, by kind. The trace runner, the scenario runner and the lab look engines up
// here and nowhere else; adding an engine is one line in `modules`.
import type { EngineKind } from './core/engine.ts';
import type { EngineModule } from './engine-module.ts';
import { eventEngine } from './event/module.ts';
import { microbatchEngine } from './microbatch/module.ts';
import { tupleEngine } from './tuple/module.ts';

export type { DeliveryMapping, DeliveryRequest, EngineModule, ModelFacts } from './engine-module.ts';

export const ALL_KINDS: readonly EngineKind[] = ['event', 'microbatch', 'tuple'];

export const modules: readonly EngineModule[] = [eventEngine, microbatchEngine, tupleEngine];

export function engineModule(kind: string): EngineModule | undefined {
  return modules.find((m) => m.kind === kind);
}
