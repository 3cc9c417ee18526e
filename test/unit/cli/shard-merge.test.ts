// Sharded sweeps: two shards started the way Slurm and Kubernetes start them
// (their environment variables, no cluster), merged, give the unsharded run's
// verdicts, margins, counterexamples and records case for case; merge refuses
// shards of another run, duplicates, gaps and unfinished shards.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { resolveShard, shardFromEnv } from '../../../src/run/shard.ts';
import { commitLabel } from '../../../src/run/meta.ts';
import type { CoverageReport } from '../../../src/report/schema.ts';
import { comparableCoverage, comparableRecords, solutionFiles } from './compare.ts';
import { run, withEnv } from './run.ts';

const tmp = () => mkdtempSync(join(tmpdir(), 'nc-check-shard-'));
// A planted failure inside the hypothesis (shrunk counterexamples, exit 1) and a theorem that breaks only outside it.
const SWEEP = ['verify', 'MUTANT~rho', 'TB22-T3.1', '--theorems', 'test/fixtures/mutant-rho.ts', '--mode', 'inside,outside', '--runs', '7', '--restarts', '1', '--max-shrinks', '3', '--seed', '4'];
const ENGINE_VARS = ['SLURM_ARRAY_TASK_ID', 'SLURM_ARRAY_TASK_COUNT', 'JOB_COMPLETION_INDEX'];


const readMeta = (dir: string) => (JSON.parse(readFileSync(join(dir, 'theorem-coverage.json'), 'utf8')) as CoverageReport).meta;

describe('two shards merged equal the unsharded run', () => {
  const whole = tmp();
  const slurm = tmp();
  const k8s = tmp();
  const merged = tmp();
  let codes: number[] = [];
  let mergeErr = '';

  beforeAll(async () => {
    const u = await run(...SWEEP, '--out', whole);
    // Shard 0 as a Slurm array task, shard 1 as a Kubernetes Indexed Job pod: the same command line, --shard auto.
    const a = await withEnv({ SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_COUNT: '2' }, () => run(...SWEEP, '--shard', 'auto', '--out', slurm));
    const b = await withEnv({ JOB_COMPLETION_INDEX: '1' }, () => run(...SWEEP, '--shard', 'auto', '--shard-count', '2', '--out', k8s));
    const m = await run('merge', slurm, join(k8s, 'theorem-coverage.json'), '--out', merged);
    codes = [u.code, a.code, b.code, m.code];
    mergeErr = m.err;
    expect(a.err).toContain('shard 0/2 (SLURM_ARRAY_TASK_ID=0, SLURM_ARRAY_TASK_COUNT=2)');
    expect(b.err).toContain('shard 1/2 (JOB_COMPLETION_INDEX=1, --shard-count 2)');
  });
  afterEach(() => {
    for (const k of ENGINE_VARS) expect(process.env[k]).toBeUndefined();
  });

  it('splits the sample exactly and merges to identical verdicts, margins, counterexamples and records', () => {
    expect(codes).toEqual([1, 1, expect.any(Number), 1]);
    expect(mergeErr).toMatch(/merge: 2 shard\(s\) of one run/);
    // The shards partition the records: together exactly the unsharded ones, none twice.
    const parts = [...comparableRecords(slurm), ...comparableRecords(k8s)];
    expect(parts).toHaveLength(comparableRecords(whole).length);
    expect(comparableRecords(slurm).length).toBeGreaterThan(0);
    expect(comparableRecords(k8s).length).toBeGreaterThan(0);
    expect(comparableRecords(merged)).toEqual(comparableRecords(whole));
    expect(comparableCoverage(merged)).toEqual(comparableCoverage(whole));
    expect(solutionFiles(merged)).toEqual(solutionFiles(whole));
    // The comparison has teeth: the unsharded run found counterexamples inside and outside the hypothesis.
    const doc = comparableCoverage(whole) as CoverageReport;
    const cxs = doc.theorems.flatMap((t) => t.modes.flatMap((m) => m.clauses.filter((c) => c.counterexample !== undefined)));
    expect(cxs.some((c) => c.counterexample!.hypothesisHolds)).toBe(true);
    expect(cxs.some((c) => !c.counterexample!.hypothesisHolds)).toBe(true);
    expect(Object.keys(solutionFiles(whole)).length).toBeGreaterThan(0);
  });

  it('records the shards in each meta and the merge', () => {
    expect(readMeta(slurm).shard).toBe('0/2');
    expect(readMeta(k8s).shard).toBe('1/2');
    const m = readMeta(merged);
    expect(m.shard).toBeUndefined();
    expect(m.merged?.map((s) => s.shard)).toEqual(['0/2', '1/2']);
    expect(m.identity).toEqual(readMeta(whole).identity);
    expect(m.command).toMatch(/^nc-check merge /);
  });

  it('refuses shards of another run, duplicates, gaps, unfinished shards and unsharded folders, naming them', async () => {
    const other = tmp();
    cpSync(k8s, other, { recursive: true });
    const doc = JSON.parse(readFileSync(join(other, 'theorem-coverage.json'), 'utf8')) as { meta: { identity: { seed: number; fingerprint: string }; finishedAt?: string } };
    doc.meta.identity.seed = 5;
    doc.meta.identity.fingerprint = '0000000000000000';
    writeFileSync(join(other, 'theorem-coverage.json'), JSON.stringify(doc));
    const unfinished = tmp();
    cpSync(k8s, unfinished, { recursive: true });
    const half = JSON.parse(readFileSync(join(unfinished, 'theorem-coverage.json'), 'utf8')) as { meta: { finishedAt?: string } };
    delete half.meta.finishedAt;
    writeFileSync(join(unfinished, 'theorem-coverage.json'), JSON.stringify(half));
    const out = tmp();
    const cases: [string[], RegExp][] = [
      [[slurm, other], new RegExp(`shard 1/2 \\(${other}\\) is from a different run than shard 0/2 .*: seed 5 vs 4`)],
      [[slurm, slurm], /shard 0\/2 is given twice/],
      [[k8s], /missing shard\(s\) 0\/2 of 2 \(given: 1\/2\)/],
      [[slurm, unfinished], /shard 1\/2 .* did not finish; continue it with its command plus --resume/],
      [[slurm, whole], /is not a shard/],
      [[join(out, 'nope')], /no such shard folder/],
      [[], /missing required argument|give the result folders/],
    ];
    for (const [dirs, message] of cases) {
      const r = await run('merge', ...dirs, '--out', out);
      expect(r.code, r.err).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.err.trim().split('\n')).toHaveLength(1);
    }
  });
});

describe('--shard', () => {
  it('reads the shard from each job engine\'s environment', () => {
    expect(shardFromEnv({ SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_COUNT: '4' })).toMatchObject({ index: 3, count: 4 });
    // --array=1-4 and --array=0-6:2 number tasks from MIN in steps of STEP.
    expect(shardFromEnv({ SLURM_ARRAY_TASK_ID: '1', SLURM_ARRAY_TASK_COUNT: '4', SLURM_ARRAY_TASK_MIN: '1' })).toMatchObject({ index: 0, count: 4 });
    expect(shardFromEnv({ SLURM_ARRAY_TASK_ID: '6', SLURM_ARRAY_TASK_COUNT: '4', SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_STEP: '2' })).toMatchObject({ index: 3 });
    expect(shardFromEnv({ JOB_COMPLETION_INDEX: '2' }, 3)).toMatchObject({ index: 2, count: 3 });
    expect(shardFromEnv({ NC_CHECK_SHARD_INDEX: '0', NC_CHECK_SHARD_COUNT: '1' })).toMatchObject({ index: 0, count: 1 });
    expect(resolveShard(' 2 / 5 ', undefined, {})).toMatchObject({ index: 2, count: 5 });
    expect(resolveShard(undefined, undefined, { SLURM_ARRAY_TASK_ID: '0' })).toBeUndefined();
  });

  it.each([
    [['--shard', '2/2'], /shard index 2 is not in 0\.\.1/],
    [['--shard', '1/0'], /expected a shard count between 1 and/],
    [['--shard', 'x'], /--shard: expected i\/N/],
    [['--shard', 'auto'], /no shard in the environment/],
    [['--shard-count', '2'], /--shard-count: only with --shard auto/],
    [['--shard', '0/2', '--shard-count', '3'], /disagrees with --shard 0\/2/],
    [['--shard', '0/2', '--regime', '{"K":2}'], /--shard: not with --regime/],
  ])('%j is refused with one line, exit 2', async (args, message) => {
    const r = await run('verify', 'TB22-T3.1', ...args, '--out', tmp());
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });

  it('refuses an engine environment it cannot read', () => {
    expect(() => shardFromEnv({ JOB_COMPLETION_INDEX: '1' })).toThrow(/pass --shard-count N/);
    expect(() => shardFromEnv({ SLURM_ARRAY_TASK_ID: '5', SLURM_ARRAY_TASK_COUNT: '4' })).toThrow(/not in 0\.\.3/);
    expect(() => shardFromEnv({ SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_COUNT: '4', SLURM_ARRAY_TASK_STEP: '2' })).toThrow(/not on the array's range/);
    expect(() => shardFromEnv({ SLURM_ARRAY_TASK_ID: 'x', SLURM_ARRAY_TASK_COUNT: '4' })).toThrow(/not a non-negative integer/);
    expect(() => shardFromEnv({ SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_COUNT: '2' }, 3)).toThrow(/disagrees with SLURM_ARRAY_TASK_COUNT/);
  });
});

describe('the commit in a run identity', () => {
  it('is the bare commit for a clean tree and carries a hash of the diff for an edited one', () => {
    const head = 'a'.repeat(40);
    expect(commitLabel(head, '')).toBe(head);
    const edited = commitLabel(head, 'diff --git a/theorems/tb22-t3-1.ts b/theorems/tb22-t3-1.ts\n-  rtol: 1e-6\n+  rtol: 1e-3\n');
    expect(edited).toMatch(new RegExp(`^${head}\\+dirty\\.[0-9a-f]{12}$`));
    // Two different edits of the same commit are two different runs (merge and --resume refuse to combine them).
    expect(commitLabel(head, '-  rtol: 1e-6\n+  rtol: 1e-4\n')).not.toBe(edited);
  });
});
