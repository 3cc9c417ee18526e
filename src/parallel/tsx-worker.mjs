// Worker-thread entry for TypeScript modules: registers tsx in this thread (so
// the sources and user theorem files load without a build step, as in bin/),
// then imports the module named by workerData.entry (a file URL).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
