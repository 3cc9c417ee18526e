// The main job's figures for `npm run bench` (issue 15: "npm start ≤ 2 minutes on
// 2 cores, with the regimes/second figure in the benchmark"): the command of
// `npm start` (nc-check verify with its default theorems, modes, runs and
// workers) in a child process of its own, results in a temporary folder and the
// failure database off, so that neither reports/ nor the database change.
// Reports wall-clock seconds, CPU seconds (every thread of the process: the
// verify workers are threads), the regimes evaluated (sampled regimes, not
// shrink steps) and regimes per wall-clock second. A benchmark, never a test.
//
// Run as a script (`node --import tsx bench/main-job.ts OUT [verify args]`) it is
// that child: runs the job in-process and prints its figures as JSON.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Io } from '../src/io.ts';

export interface MainJobFigures {
  readonly command: string;
  readonly exitCode: number;
  readonly wallSeconds: number;
  readonly cpuSeconds: number;
  readonly regimes: number;
  readonly regimesPerSecond: number;
  readonly cores: number;
  readonly loadAverageBefore: string;
  readonly loadAverageAfter: string;
}

const HERE = fileURLToPath(import.meta.url);

/** Sampled regimes in a run's regimes.jsonl (shrink steps are records too, with another origin). */
function sampledRegimes(out: string): number {
  return readFileSync(join(out, 'regimes.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && (JSON.parse(line) as { origin?: string }).origin === 'sample').length;
}

/** Runs `nc-check verify [extra]` (npm start's command when extra is empty) in a child process. */
export function measureMainJob(extra: readonly string[] = []): MainJobFigures {
  const out = mkdtempSync(join(tmpdir(), 'nc-check-main-job-'));
  const loadAverageBefore = loadavg().map((v) => v.toFixed(2)).join(' ');
  try {
    const r = spawnSync(process.execPath, ['--import', 'tsx', HERE, out, ...extra], { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'inherit'] });
    if (r.status === null) throw new Error(`bench: the main job stopped on ${r.signal ?? 'an error'}`);
    const child = JSON.parse(r.stdout) as { exitCode: number; wallSeconds: number; cpuSeconds: number };
    const regimes = sampledRegimes(out);
    return {
      command: ['nc-check verify', ...extra].join(' '),
      ...child,
      regimes,
      regimesPerSecond: regimes / child.wallSeconds,
      cores: cpus().length,
      loadAverageBefore,
      loadAverageAfter: loadavg().map((v) => v.toFixed(2)).join(' '),
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

export function mainJobMarkdown(f: MainJobFigures): string {
  return [
    '## The main job (`npm start`)',
    '',
    `\`${f.command}\` (npm start's command; default theorems, modes, runs and workers; failure database off), in a child process on ${f.cores} cores, load average ${f.loadAverageBefore} before and ${f.loadAverageAfter} after:`,
    '',
    '| wall s | CPU s (all threads) | regimes | regimes/s | exit |',
    '|---|---|---|---|---|',
    `| ${f.wallSeconds.toFixed(1)} | ${f.cpuSeconds.toFixed(1)} | ${f.regimes} | ${f.regimesPerSecond.toFixed(2)} | ${f.exitCode} |`,
    '',
  ].join('\n');
}

async function child(out: string, extra: string[]): Promise<void> {
  const { main } = await import('../src/cli/main.ts');
  const io: Io = { out: () => undefined, err: () => undefined, isTty: false };
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  const exitCode = await main(['verify', ...extra, '--no-db', '--out', out], io);
  const wallSeconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  process.stdout.write(`${JSON.stringify({ exitCode, wallSeconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 })}\n`);
  // Stdout is a pipe (synchronous on Linux): nothing is lost by leaving now, and an idle handle cannot hold the parent.
  process.exit(0);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === HERE) {
  void child(process.argv[2], process.argv.slice(3));
}
