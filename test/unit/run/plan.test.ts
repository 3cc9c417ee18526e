// `verify --plan`: regimes × per-regime cost, per theorem and mode, measured
// here or read from an earlier run's coverage file, and the longest shard.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadBackend } from '../../../src/backend/registry.ts';
import { planVerification } from '../../../src/run/plan.ts';
import { readCoverage } from '../../../src/report/read.ts';
import tb22T31 from '../../../theorems/tb22-t3-1.ts';
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
});
