// `npm run bench [-- options]`: the training benchmark (bench/run.ts), then the
// measurement benchmark (bench/measure.ts). One entry point because npm appends
// `-- options` to the last command of a script only: `--quick` has to reach both.
// `--quick` goes to both; `--large` to bench/measure.ts only; every other option
// to bench/run.ts, which refuses what it does not know.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const MEASURE_ONLY = new Set(['--large']);

/** Runs one benchmark script in its own process with the options it takes; its exit status. */
function runScript(file: string, args: readonly string[]): number {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(HERE, file), ...args], { stdio: 'inherit' });
  return r.status ?? 1;
}

const args = process.argv.slice(2);
const trainingArgs = args.filter((a) => !MEASURE_ONLY.has(a));
const measureArgs = args.filter((a) => a === '--quick' || MEASURE_ONLY.has(a));
const training = runScript('run.ts', trainingArgs);
process.exit(training !== 0 ? training : runScript('measure.ts', measureArgs));
