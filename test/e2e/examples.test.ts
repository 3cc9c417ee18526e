// The job-engine examples run as written, minus the cluster: each example's
// own `nc-check verify` command line is run for two shards with the
// environment its engine sets (Kubernetes' JOB_COMPLETION_INDEX, Slurm's
// SLURM_ARRAY_TASK_ID/COUNT, the NC_CHECK_SHARD_* a GitHub matrix sets), with
// only the sweep's size made small, and then its own `nc-check merge` line
// recombines them. So an option renamed in the CLI breaks these tests, not a
// user's cluster job.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run, withEnv } from '../unit/cli/run.ts';

const read = (f: string) => readFileSync(join('examples', f), 'utf8');

/** The nc-check command that follows `start` in an example, up to the shell's `||` or `;` or the line's end (continuations joined). */
function commandIn(text: string, start: string): string[] {
  const joined = text.replace(/\\\n\s*/g, ' ').replace(/\n\s+(?=--|\|\||rc=)/g, ' ');
  const line = joined.split('\n').find((l) => l.includes(start));
  if (line === undefined) throw new Error(`no "${start}" line`);
  const command = line.slice(line.indexOf(start) + './bin/nc-check '.length).split(/\|\||;|\s&(?:\s|$)/)[0].replace(/["\]]+$/, '');
  return command.trim().split(/\s+/).map((t) => t.replace(/^"|"$/g, ''));
}

/** The example's verify line, sized down: one regime per mode, inside the hypothesis only. */
function small(argv: readonly string[], substitute: (t: string) => string): string[] {
  const resized: Record<string, string> = { '--runs': '1', '--mode': 'inside' };
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const value = resized[argv[i]];
    if (value === undefined) out.push(substitute(argv[i]));
    else out.push(argv[i], value), i++;
  }
  return [...out, '--restarts', '1'];
}


async function sweepAndMerge(verify: string[], merge: string[], env: (i: number) => Record<string, string>, dir: string, substitute: (t: string, i: number) => string) {
  for (const i of [0, 1]) {
    const r = await withEnv(env(i), () => run(...small(verify, (t) => substitute(t, i))));
    expect([0, 1], r.err).toContain(r.code);
    expect(r.err).toContain(`shard ${i}/2`);
  }
  const m = await run(...merge.flatMap((t) => (t.endsWith('shard-*') ? [0, 1].map((i) => substitute(t.replace('*', String(i)), i)) : [substitute(t, 0)])));
  expect([0, 1], m.err).toContain(m.code);
  expect(m.err).toContain('merge: 2 shard(s) of one run');
  expect(existsSync(join(dir, 'merged', 'theorem-coverage.md'))).toBe(true);
}

describe('examples/', () => {
  it('kubernetes: the Indexed Job\'s command, with JOB_COMPLETION_INDEX and --shard-count, then the merge Job\'s', async () => {
    const job = read('kubernetes/nc-check-sweep.yaml');
    expect(job).toMatch(/completionMode: Indexed/);
    const completions = Number(/completions: (\d+)/.exec(job)![1]);
    const verify = commandIn(job, './bin/nc-check verify');
    expect(verify).toEqual(expect.arrayContaining(['--shard', 'auto', '--shard-count', String(completions), '--resume']));
    const dir = mkdtempSync(join(tmpdir(), 'nc-check-k8s-'));
    const sub = (t: string, i: number) => t.replace('/results', dir).replace('$JOB_COMPLETION_INDEX', String(i)).replace(/^8$/, '2');
    await sweepAndMerge(verify, commandIn(read('kubernetes/nc-check-merge.yaml'), './bin/nc-check merge'), (i) => ({ JOB_COMPLETION_INDEX: String(i) }), dir, sub);
  });

  it('slurm: the array script\'s command with SLURM_ARRAY_TASK_ID/COUNT, then the dependent merge job\'s', async () => {
    const sweep = read('slurm/sweep.sbatch');
    expect(sweep).toMatch(/#SBATCH --array=0-\d+/);
    expect(read('slurm/submit.sh')).toMatch(/--dependency="afterany:\$\{sweep%%;\*\}" examples\/slurm\/merge\.sbatch/);
    const verify = commandIn(sweep, './bin/nc-check verify');
    expect(verify).toEqual(expect.arrayContaining(['--shard', 'auto', '--resume']));
    const dir = mkdtempSync(join(tmpdir(), 'nc-check-slurm-'));
    const sub = (t: string, i: number) => t.replace(/^results/, join(dir)).replace('${SLURM_ARRAY_TASK_ID}', String(i));
    await sweepAndMerge(verify, commandIn(read('slurm/merge.sbatch'), './bin/nc-check merge'), (i) => ({ SLURM_ARRAY_TASK_ID: String(i), SLURM_ARRAY_TASK_COUNT: '2' }), dir, sub);
  });

  it('github: the matrix job\'s command with NC_CHECK_SHARD_INDEX/COUNT, then the merge job\'s, which writes the step summary', async () => {
    const workflow = read('github/nc-check-sweep.yml');
    expect(workflow).toMatch(/NC_CHECK_SHARD_INDEX: \$\{\{ strategy\.job-index \}\}/);
    expect(workflow).toMatch(/NC_CHECK_SHARD_COUNT: \$\{\{ strategy\.job-total \}\}/);
    expect(workflow).toMatch(/cat merged\/theorem-coverage\.md >> "\$GITHUB_STEP_SUMMARY"/);
    const steps = workflow.replaceAll('${{ matrix.shard }}', 'MATRIX_SHARD');
    const verify = commandIn(steps, './bin/nc-check verify');
    const dir = mkdtempSync(join(tmpdir(), 'nc-check-gha-'));
    const sub = (t: string, i: number) => t.replace('shard-MATRIX_SHARD', join(dir, `shard-${i}`)).replace(/^shards\/shard-/, join(dir, 'shard-')).replace(/^merged$/, join(dir, 'merged'));
    await sweepAndMerge(verify, commandIn(steps, './bin/nc-check merge'), (i) => ({ NC_CHECK_SHARD_INDEX: String(i), NC_CHECK_SHARD_COUNT: '2' }), dir, sub);
  });

  it('slurm: a task out of time stops nc-check, keeps what it finished, requeues itself, and the requeued task resumes', async () => {
    // The array script as Slurm runs it, minus Slurm: a submit dir with the checkout's bin/, a fake
    // `scontrol` that records its arguments, and USR1 sent as --signal=B:USR1@300 would send it.
    const dir = mkdtempSync(join(tmpdir(), 'nc-check-slurm-requeue-'));
    symlinkSync(resolve('bin'), join(dir, 'bin'));
    mkdirSync(join(dir, 'results'));
    mkdirSync(join(dir, 'fake'));
    writeFileSync(join(dir, 'fake', 'scontrol'), `#!/bin/sh\necho "$@" >> "${join(dir, 'scontrol.log')}"\n`);
    chmodSync(join(dir, 'fake', 'scontrol'), 0o755);
    const env = { ...process.env, PATH: `${join(dir, 'fake')}:${process.env.PATH}`, SLURM_SUBMIT_DIR: dir, SLURM_ARRAY_JOB_ID: '77', SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_COUNT: '8' };
    const journal = join(dir, 'results', 'shard-0', 'regimes.jsonl');
    const records = () => (existsSync(journal) ? readFileSync(journal, 'utf8').split('\n').filter((l) => l.endsWith('}')) : []);

    async function attempt(atLeast: number): Promise<{ code: number | null; out: string }> {
      const task = spawn('bash', [resolve('examples/slurm/sweep.sbatch')], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      task.stdout.on('data', (b: Buffer) => void (out += b.toString()));
      task.stderr.on('data', (b: Buffer) => void (out += b.toString()));
      const exited = new Promise<number | null>((done) => task.on('exit', (code) => done(code)));
      for (let waited = 0; records().length < atLeast; waited += 100) {
        if (waited > 90_000) throw new Error(`no progress: ${out}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      task.kill('SIGUSR1');
      const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 20_000));
      const code = await Promise.race([exited, timeout]);
      if (code === 'timeout') {
        task.kill('SIGKILL');
        throw new Error(`the task did not stop within 20 s of USR1: ${out}`);
      }
      return { code, out };
    }

    const first = await attempt(2);
    expect(first.code, first.out).toBe(0);
    expect(first.out).toContain('requeueing 77_0');
    expect(readFileSync(join(dir, 'scontrol.log'), 'utf8')).toBe('requeue 77_0\n');
    const kept = records();
    expect(kept.length).toBeGreaterThanOrEqual(2);

    // The requeued attempt: the same script, which resumes — the first attempt's records stay as they were.
    const second = await attempt(kept.length + 2);
    expect(second.code, second.out).toBe(0);
    const after = records();
    expect(after.slice(0, kept.length)).toEqual(kept);
    const keys = after.map((l) => { const r = JSON.parse(l) as { theorem: string; mode: string; index: number }; return `${r.theorem} ${r.mode} ${r.index}`; });
    expect(new Set(keys).size).toBe(keys.length);
  });
});
