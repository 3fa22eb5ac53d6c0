// A worker thread of the engine pool (engine-pool.ts): it loads the TypeScript sources through tsx, as
// bin/streamlab.mjs does for the main thread, then runs engine-worker.ts.
import { register } from 'tsx/esm/api';

register();
await import('./engine-worker.ts');
