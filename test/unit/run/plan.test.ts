// `verify --plan`: regimes × per-regime cost, per theorem and mode, measured
// here or read from an earlier run's coverage file, and the longest shard.
import { mkdtempSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadBackend } from '../../../src/backend/registry.ts';
import { planVerification } from '../../../src/run/plan.ts';
import { readCoverage } from '../../../src/report/read.ts';
import tb22T31 from '../../../theorems/tb22-t3-1.ts';
import tb22R from '../../../theorems/tb22-r.ts';
import { modeRuns, verify } from '../../../src/run/verify.ts';
import type { PlannedWork } from '../../../src/verify/runner.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../cli/run.ts';

describe('verify --plan', () => {
  it('measures each mode on a few regimes and multiplies by the regimes the run would evaluate', async () => {
    const backend = await loadBackend('cpu-f64');
    const plan = await planVerification([tb22T31], { backend, modes: ['inside', 'outside'], runs: 50, sample: 2, shardCount: 4 });
    expect(plan.costs).toBe('cpu');
    expect(plan.rows.map((r) => [r.theorem, r.mode, r.regimes, r.measuredOn])).toEqual([
      ['TB22-T3.1', 'inside', 50, 2],
      ['TB22-T3.1', 'outside', 50, 2],
    ]);
    for (const r of plan.rows) {
      expect(r.perRegime).toBeGreaterThan(0);
      expect(r.seconds).toBeCloseTo(r.perRegime! * 50, 12);
    }
    expect(plan.seconds).toBeCloseTo(plan.rows[0].seconds! + plan.rows[1].seconds!, 12);
    // Shard 0 of 4 takes ceil(50 / 4) = 13 regimes of each mode.
    expect(plan.shards!.longest).toBeCloseTo(13 * (plan.rows[0].perRegime! + plan.rows[1].perRegime!), 12);
  });

  it('takes the seconds per regime from an earlier run\'s coverage file', async () => {
    const file = 'test/fixtures/results/modes.json';
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { theorems: { modes: { mode: string; seconds: number; regimes: { evaluated: number } }[] }[] };
    const backend = await loadBackend('cpu-f64');
    const plan = await planVerification([tb22T31], { backend, modes: ['inside', 'near', 'outside'], runs: 12500, costs: { report: readCoverage(file), file } });
    expect(plan.costs).toBe('wall');
    for (const [i, m] of doc.theorems[0].modes.entries()) {
      expect(plan.rows[i].mode).toBe(m.mode);
      expect(plan.rows[i].perRegime).toBe(m.seconds / m.regimes.evaluated);
      expect(plan.rows[i].seconds).toBeCloseTo((12500 * m.seconds) / m.regimes.evaluated, 9);
    }
  });

  it('prints the table and runs nothing; --costs and --plan-sample need --plan', async () => {
    const r = await run('verify', 'TB22-T3.1', '--plan', '--mode', 'all', '--runs', '12500', '--shard-count', '8', '--costs', 'test/fixtures/results/modes.json', '--out', '/nonexistent/never-written');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^ {2}TB22-T3\.1 {2}near +12500 +0\.25 +52 min 05 s$/m);
    expect(r.out).toMatch(/the longest of 8 shards: 19 min 32 s/);
    const bad = await run('verify', 'TB22-T3.1', '--costs', 'x.json');
    expect(bad.code).toBe(2);
    expect(bad.err).toBe('nc-check: --costs: only with --plan\n');
  });

  it('plans the default run as verify runs it: inside and near, the default budget split between them', async () => {
    const backend = await loadBackend('cpu-f64');
    const plan = await planVerification([tb22T31, tb22R], { backend, sample: 1 });
    expect(plan.rows.map((r) => [r.theorem, r.mode, r.regimes])).toEqual([
      ['TB22-T3.1', 'inside', modeRuns(tb22T31, 'inside', undefined, undefined)],
      ['TB22-T3.1', 'near', modeRuns(tb22T31, 'near', undefined, undefined)],
      ['TB22-R', 'inside', 15],
      ['TB22-R', 'near', 5],
    ]);
  }, 120_000);

  it('gives the overall ETA each mode\'s cost from the earlier run in the results folder (the same cost model)', async () => {
    const out = mkdtempSync(join(tmpdir(), 'nc-eta-costs-'));
    const seen: (readonly PlannedWork[] | undefined)[] = [];
    const options = { backend: 'cpu-f64', runs: 2, train: { restarts: 1 }, db: false as const, out, hooks: { onRunStart: (_n: number, work?: readonly PlannedWork[]) => void seen.push(work) } };
    const first = await verify([tb22T31], options);
    await verify([tb22T31], options);
    expect(seen[0]!.map((w) => [w.mode, w.regimes, w.perRegime])).toEqual([
      ['inside', 2, undefined],
      ['near', 2, undefined],
    ]);
    expect(seen[1]!.map((w) => [w.mode, w.regimes, w.perRegime])).toEqual(first.theorems[0].modes.map((m) => [m.mode, 2, m.seconds / m.regimes.evaluated]));
  });
});

