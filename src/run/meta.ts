// What a run records about itself: the tool's version and commit, the command
// line, the run's metadata, and the command that replays one counterexample.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Backend } from '../backend/backend.ts';
import { DEFAULT_BACKEND } from '../backend/registry.ts';
import type { RunMeta } from '../report/schema.ts';
import type { Mode } from '../theorem/define.ts';
import type { TrainOptions } from '../train/train.ts';
import type { Counterexample } from '../verify/runner.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

/** The folders whose code decides a verdict: an uncommitted edit there must change the run's identity. */
const SOURCE_FOLDERS = ['src', 'theorems', 'properties'];
let cachedCommit: { value: string | undefined } | undefined;

/**
 * The checkout's commit, with `+dirty.<hash of the uncommitted diff>` when the
 * code folders differ from it: built-in theorems are pinned by the commit in
 * the run identity, so two runs of differently edited trees must not share it
 * (`merge` and `--resume` would otherwise combine them). Cached: the tree does
 * not change during a process.
 */
function gitCommit(): string | undefined {
  if (cachedCommit !== undefined) return cachedCommit.value;
  // An installed package is no checkout: git would answer for the user's repository around it.
  if (!existsSync(join(ROOT, '.git'))) {
    cachedCommit = { value: undefined };
    return undefined;
  }
  const git = (args: string[]) => execFileSync('git', args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 256 * 1024 * 1024 }).toString();
  let value: string | undefined;
  try {
    value = commitLabel(git(['rev-parse', 'HEAD']).trim(), git(['diff', 'HEAD', '--', ...SOURCE_FOLDERS]));
  } catch {
    value = undefined;
  }
  cachedCommit = { value };
  return value;
}

/** `commit`, or `commit+dirty.<12 hex of the diff's sha256>` for a non-empty diff. */
export function commitLabel(commit: string, uncommittedDiff: string): string {
  return uncommittedDiff.length === 0 ? commit : `${commit}+dirty.${createHash('sha256').update(uncommittedDiff).digest('hex').slice(0, 12)}`;
}

function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:=+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The command line as a shell would take it back. */
export function shellCommand(argv: readonly string[]): string {
  return ['nc-check', ...argv].map(shellQuote).join(' ');
}

/** The run's metadata for the coverage file: tool, commit, backend, seed, budget, training, command line. */
export function runMeta<T>(backend: Backend<T>, run: { seed: number; runs: number; modes: readonly Mode[]; train: TrainOptions }, argv: readonly string[]): RunMeta {
  const t = run.train;
  return {
    tool: 'nc-check',
    version: packageVersion(),
    commit: gitCommit(),
    node: process.version,
    backend: backend.name,
    dtype: backend.dtype,
    seed: run.seed,
    runs: run.runs,
    modes: run.modes,
    train: { optimizer: t.optimizer, restarts: t.restarts, gradientTolerance: t.gradientTolerance, maxIterations: t.maxIterations, initScale: t.initScale },
    command: shellCommand(argv),
    startedAt: new Date().toISOString(),
  };
}

/** How a user starts nc-check: ./bin/nc-check in a checkout, npx nc-check where it is an installed package. */
export function launcher(): string[] {
  return existsSync(join(ROOT, '.git')) ? ['./bin/nc-check'] : ['npx', 'nc-check'];
}

/** The settings a replay command must repeat: the run's seed, backend and training overrides. */
export interface ReplayBasis {
  readonly seed: number;
  readonly backend: string;
  readonly train?: Partial<Pick<TrainOptions, 'restarts' | 'optimizer' | 'initScale' | 'gradientTolerance' | 'maxIterations'>>;
}

/**
 * The exact command that reproduces a counterexample's verdict and margin: by
 * fast-check path for a sampled regime, by the regime itself for one replayed
 * from the failure database (its path belonged to another run's seed).
 */
export function replayCommand(cx: Pick<Counterexample, 'theorem' | 'mode' | 'path' | 'regime' | 'origin'>, o: ReplayBasis, theoremFile?: string): string {
  const where = cx.origin === 'sample' && cx.path !== '' ? ['--path', cx.path] : ['--regime', JSON.stringify(cx.regime)];
  const parts = [...launcher(), 'verify', cx.theorem, '--mode', cx.mode, '--seed', String(o.seed), ...where];
  if (theoremFile !== undefined) parts.push('--theorems', theoremFile);
  if (o.backend !== DEFAULT_BACKEND) parts.push('--backend', o.backend);
  const t = o.train ?? {};
  if (t.restarts !== undefined) parts.push('--restarts', String(t.restarts));
  if (t.optimizer !== undefined) parts.push('--optimizer', t.optimizer);
  if (t.initScale !== undefined) parts.push('--init-scale', String(t.initScale));
  if (t.gradientTolerance !== undefined) parts.push('--gtol', String(t.gradientTolerance));
  if (t.maxIterations !== undefined) parts.push('--max-iter', String(t.maxIterations));
  return parts.map(shellQuote).join(' ');
}
