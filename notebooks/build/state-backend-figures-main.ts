// Prints notebook 10's state backend figures as JSON. The build runs it as a child process, so lmdb (a native
// module) is loaded in a process of its own: loaded again into another module registry of one process (a
// test runner's), its encoder no longer round-trips the registry's Maps.
import { measureStateBackends } from './state-backend-figures.ts';

process.stdout.write(`${JSON.stringify(await measureStateBackends())}\n`);
