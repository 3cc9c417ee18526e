// Worker-thread entry: registers tsx in this thread (so the TypeScript
// sources and user theorem files load without a build step, as in bin/),
// then starts the evaluation loop.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
