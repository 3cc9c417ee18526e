// `npm run mutation [folder…] [-- stryker options]`: StrykerJS over the engine's decision code, one
// folder at a time (stryker.config.mjs, MUTATE=<folder>), then the score table of docs/mutation.md,
// written to reports/mutation/scores.md.
//
// Why one Stryker run per folder and not one run over every folder: a *static* mutant (code run
// when a module loads — the tolerance table, `define()` called by every theorem file at import)
// cannot be traced to the tests that reach it, so Stryker reruns every test of the run against it.
// In one run over all folders that is every folder's tests (840 static mutants × 23 s); per folder,
// only that folder's tests (vitest.mutation.config.ts).
//
// Exit status: 0 when every folder run scores ≥ the target (90 %), 1 when one is below it, 2 on bad
// arguments or when Stryker itself fails.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';

const FOLDERS = ['measure', 'verify', 'theorem', 'certify', 'views'] as const;
type Folder = (typeof FOLDERS)[number];
const TARGET = 90;

/** Stryker's mutant states (mutation-testing-report-schema). */
type MutantStatus = 'Killed' | 'Survived' | 'NoCoverage' | 'Timeout' | 'CompileError' | 'RuntimeError' | 'Ignored' | 'Pending';
interface MutantReport {
  readonly status: MutantStatus;
  readonly location: { readonly start: { readonly line: number; readonly column: number } };
  readonly mutatorName: string;
  readonly replacement?: string;
}
interface StrykerReport { readonly files: Record<string, { readonly source: string; readonly mutants: readonly MutantReport[] }> }

interface Counts { mutants: number; killed: number; timeout: number; survived: number; noCoverage: number; errors: number; ignored: number }

/** Counts of one set of mutants, in Stryker's categories. */
function countMutants(mutants: readonly MutantReport[]): Counts {
  const c: Counts = { mutants: 0, killed: 0, timeout: 0, survived: 0, noCoverage: 0, errors: 0, ignored: 0 };
  for (const m of mutants) {
    c.mutants++;
    if (m.status === 'Killed') c.killed++;
    else if (m.status === 'Timeout') c.timeout++;
    else if (m.status === 'Survived') c.survived++;
    else if (m.status === 'NoCoverage') c.noCoverage++;
    else if (m.status === 'Ignored') c.ignored++;
    else c.errors++;
  }
  return c;
}

/**
 * Stryker's total mutation score: detected (killed + timeout) over detected + undetected (survived + no
 * coverage). Ignored mutants — equivalent ones, marked `// Stryker disable next-line …: reason` where they
 * sit — are in neither, and their count is shown beside the score.
 */
function mutationScore(c: Counts): number {
  const detected = c.killed + c.timeout;
  const valid = detected + c.survived + c.noCoverage;
  return valid === 0 ? Number.NaN : (100 * detected) / valid;
}

function usage(message: string): never {
  process.stderr.write(`npm run mutation: ${message}\nusage: npm run mutation [-- ${FOLDERS.join('|')} …] [-- --incremental]\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
const folders: Folder[] = [];
const passThrough: string[] = [];
for (const a of args) {
  if (a.startsWith('-')) passThrough.push(a);
  else if ((FOLDERS as readonly string[]).includes(a)) folders.push(a as Folder);
  else usage(`unknown folder '${a}': expected one of ${FOLDERS.join(', ')}`);
}
const fromEnv = process.env.MUTATE;
if (fromEnv !== undefined && fromEnv !== '') {
  if (!(FOLDERS as readonly string[]).includes(fromEnv)) usage(`MUTATE=${fromEnv}: expected one of ${FOLDERS.join(', ')}`);
  if (folders.length === 0) folders.push(fromEnv as Folder);
}
const selected = folders.length > 0 ? folders : [...FOLDERS];

const started = new Date();
const load = loadavg()[0];
const rows: string[] = [];
const perFile: string[] = [];
const survivors: string[] = [];
let below = false;
let totalSeconds = 0;
for (const folder of selected) {
  const t0 = process.hrtime.bigint();
  const run = spawnSync('npx', ['stryker', 'run', 'stryker.config.mjs', ...passThrough], { stdio: 'inherit', env: { ...process.env, MUTATE: folder } });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  totalSeconds += seconds;
  if (run.status !== 0) {
    process.stderr.write(`npm run mutation: Stryker failed on '${folder}' (exit ${run.status ?? run.signal}); the folders before it are in reports/mutation/.\n`);
    process.exit(2);
  }
  const report = JSON.parse(readFileSync(`reports/mutation/${folder}.json`, 'utf8')) as StrykerReport;
  const all = Object.values(report.files).flatMap((f) => f.mutants);
  const c = countMutants(all);
  const score = mutationScore(c);
  if (!(score >= TARGET)) below = true;
  rows.push(`| \`${folder}\` | ${c.mutants} | ${c.killed} | ${c.timeout} | ${c.survived} | ${c.noCoverage} | ${c.ignored} | ${c.errors} | **${score.toFixed(2)} %** | ${(seconds / 60).toFixed(1)} min |`);
  for (const [path, file] of Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b))) {
    const fc = countMutants(file.mutants);
    perFile.push(`| \`${folder}\` | \`${path}\` | ${fc.mutants} | ${fc.survived + fc.noCoverage} | ${mutationScore(fc).toFixed(2)} % |`);
    const lines = file.source.split('\n');
    for (const m of file.mutants) {
      if (m.status !== 'Survived' && m.status !== 'NoCoverage') continue;
      const { line, column } = m.location.start;
      const code = (lines[line - 1] ?? '').trim().slice(0, 100);
      survivors.push(`- \`${path}:${line}:${column}\` ${m.mutatorName}${m.status === 'NoCoverage' ? ' (no coverage)' : ''}: \`${(m.replacement ?? '').replace(/`/g, "'").slice(0, 80)}\` in \`${code.replace(/`/g, "'")}\``);
    }
  }
}

const table = [
  `Run ${started.toISOString()}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), load ${load.toFixed(2)} at the start, STRYKER_CONCURRENCY=${process.env.STRYKER_CONCURRENCY ?? '2'}${passThrough.length > 0 ? `, options ${passThrough.join(' ')}` : ''}; ${(totalSeconds / 60).toFixed(1)} min in all.`,
  '',
  '| folder | mutants | killed | timeout | survived | no coverage | ignored (equivalent, marked in the source) | errors | score | took |',
  '|---|---|---|---|---|---|---|---|---|---|',
  ...rows,
  '',
  '| folder | file | mutants | survived + no coverage | score |',
  '|---|---|---|---|---|',
  ...perFile,
  '',
].join('\n');
mkdirSync('reports/mutation', { recursive: true });
writeFileSync('reports/mutation/scores.md', table);
writeFileSync('reports/mutation/survivors.md', `Surviving mutants (survived or without coverage), ${started.toISOString()}: ${survivors.length}\n\n${survivors.join('\n')}\n`);
process.stdout.write(`\n${table}\nreports/mutation/scores.md and survivors.md written. Target ≥ ${TARGET} % per folder: ${below ? 'NOT met' : 'met'}.\n`);
process.exit(below ? 1 : 0);
