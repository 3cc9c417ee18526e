// What a plain run checks and how it ends when time runs out:
// - by default every theorem with thresholds is also sampled in its near band,
//   so a threshold placed wrongly (a zero solution claimed above c = 0.98
//   instead of c = 1: test/fixtures/misplaced-threshold.ts) is reported
//   violated by plain `nc-check verify`, while inside mode alone passes it;
// - a time budget stops sampling, finishes what started, and reports every
//   clause it could not decide as inconclusive, never as verified.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../../../src/cli/main.ts';
import { readCoverage } from '../../../src/report/read.ts';
import { DEFAULT_MODES, DEFAULT_RUNS, modeRuns, theoremModes } from '../../../src/run/verify.ts';
import { inferMode, verifyTheoremMode, STOP_BATCH } from '../../../src/verify/runner.ts';
import { hypothesisOf, isNearThreshold } from '../../../src/verify/evaluate.ts';
import type { Regime } from '../../../src/regime/regime.ts';
import fc from 'fast-check';
import { modeEntry } from '../../../src/report/coverage.ts';
import { cpuF64 } from '../../../src/backend/cpu-f64.ts';
import tb22T31 from '../../../theorems/tb22-t3-1.ts';
import tb22R from '../../../theorems/tb22-r.ts';
import { builtinTheorems } from '../../../theorems/index.ts';

const quiet = () => {
  let out = '';
  let err = '';
  return { io: { out: (s: string) => void (out += s), err: (s: string) => void (err += s), isTty: false }, text: () => ({ out, err }) };
};

describe('the default modes', () => {
  it('are inside, plus near for every theorem that declares thresholds and a near-band generator', () => {
    expect(DEFAULT_MODES).toEqual(['inside', 'near']);
    expect(theoremModes(tb22T31, undefined)).toEqual(['inside', 'near']);
    expect(theoremModes(tb22T31, ['outside'])).toEqual(['outside']);
    const withNear = builtinTheorems.filter((t) => (t.thresholds?.length ?? 0) > 0 && t.regimes?.near !== undefined);
    expect(withNear.length).toBeGreaterThan(3);
    for (const t of builtinTheorems) expect(theoremModes(t, undefined).includes('near'), t.id).toBe(withNear.includes(t));
    // TB22-R (the deep ReLU model) samples its band c ≈ c_3 = 2^{−4/3} too, from below (its predictions need c < c_3).
    expect(theoremModes(tb22R, undefined)).toEqual(['inside', 'near']);
  });

  it('sample TB22-R\'s band from below: c within 2% under c_3 = 2^{−4/3}, where its hypothesis (a nonzero linear optimum) holds', () => {
    const drawn = fc.sample(tb22R.regimes!.near!, { seed: 12, numRuns: 200 }) as Regime[];
    for (const r of drawn) {
      const ratio = Math.cbrt((r.lambdaH as number) * (r.lambdaW1 as number) * (r.lambdaW2 as number)) / 2 ** (-4 / 3);
      expect(ratio).toBeGreaterThanOrEqual(0.98 - 1e-12);
      expect(ratio).toBeLessThanOrEqual(0.999 + 1e-12);
      expect(hypothesisOf(tb22R, r).holds, JSON.stringify(r)).toBe(true);
      expect(isNearThreshold(tb22R, r)).toBe(true);
      expect(inferMode(tb22R, r)).toBe('near');
    }
  });

  it('share the default budget: a quarter to the near band, the rest inside; an explicit --runs is per mode', () => {
    expect(modeRuns(tb22T31, 'inside', undefined, undefined)).toBe(DEFAULT_RUNS - DEFAULT_RUNS / 4);
    expect(modeRuns(tb22T31, 'near', undefined, undefined)).toBe(DEFAULT_RUNS / 4);
    expect(modeRuns(tb22T31, 'inside', undefined, ['inside'])).toBe(DEFAULT_RUNS);
    expect(modeRuns(tb22T31, 'near', 12, undefined)).toBe(12);
    // An expensive theorem keeps its own budget: TB22-R's 20 regimes are split 15 inside / 5 near, not added to.
    expect(modeRuns(tb22R, 'inside', undefined, undefined) + modeRuns(tb22R, 'near', undefined, undefined)).toBe(tb22R.runs);
    expect(modeRuns(tb22R, 'near', undefined, undefined)).toBe(5);
  });

  it('catch a misplaced threshold with plain `verify`; inside mode alone does not', { timeout: 120_000 }, async () => {
    const file = 'test/fixtures/misplaced-threshold.ts';
    const insideOnly = quiet();
    const dirA = mkdtempSync(join(tmpdir(), 'nc-misplaced-'));
    expect(await main(['verify', 'MISPLACED-THRESHOLD', '--theorems', file, '--mode', 'inside', '--runs', '20', '--out', dirA, '--no-db'], insideOnly.io)).toBe(0);
    const plain = quiet();
    const dirB = mkdtempSync(join(tmpdir(), 'nc-misplaced-'));
    expect(await main(['verify', 'MISPLACED-THRESHOLD', '--theorems', file, '--runs', '20', '--out', dirB, '--no-db'], plain.io)).toBe(1);
    const report = readCoverage(join(dirB, 'theorem-coverage.json'));
    expect(report.meta.modes).toEqual(['inside', 'near']);
    const near = report.theorems[0].modes.find((m) => m.mode === 'near')!;
    expect(near.clauses.find((c) => c.id === 'zero-solution')!.status).toBe('violated');
    expect(plain.text().out).toMatch(/MISPLACED-THRESHOLD near zero-solution: VIOLATED/);
    expect(plain.text().out).toMatch(/verify: 1 passed, 1 failed/);
  });
});

describe('a time budget', () => {
  it('stops sampling between batches and reports the clauses it did not decide as inconclusive, never verified', async () => {
    let checks = 0;
    const result = await verifyTheoremMode(tb22T31, 'inside', cpuF64, { modes: ['inside'], runs: 40, seed: 3, train: { restarts: 1 }, stop: () => checks++ >= 1 });
    expect(result.stoppedAt).toEqual({ evaluated: STOP_BATCH, planned: 40 });
    expect(result.regimesEvaluated).toBe(STOP_BATCH);
    const entry = modeEntry(tb22T31, result, { replay: () => 'replay' });
    expect(entry.clauses.some((c) => c.counts.pass > 0)).toBe(true);
    for (const c of entry.clauses) {
      expect(c.status).not.toBe('verified');
      if (c.counts.violated === 0 && c.counts.error === 0) expect(c.status).toBe('inconclusive');
    }
    expect(entry.clauses.find((c) => c.id === 'optimal-loss')!.note).toMatch(/^time limit: sampling stopped after 8 of 40 regimes, so this clause was not decided \(it held on the 8 where it applied\)$/);
  });

  it('--time-limit: a run out of time before it starts decides nothing and verifies nothing', async () => {
    const q = quiet();
    const dir = mkdtempSync(join(tmpdir(), 'nc-time-limit-'));
    // A clock that advances a second at every reading: the limit has always passed by the first check
    // (with the real clock, a warm process can plan its first batch within the millisecond).
    let clock = performance.now();
    const spy = vi.spyOn(performance, 'now').mockImplementation(() => (clock += 1000));
    const code = await main(['verify', 'TB22-T3.1', '--runs', '20', '--restarts', '1', '--time-limit', '0.001', '--out', dir, '--no-db'], q.io);
    spy.mockRestore();
    expect(code).toBe(0);
    const report = readCoverage(join(dir, 'theorem-coverage.json'));
    expect(report.summary.passed).toBe(0);
    expect(report.summary.inconclusive).toBe(report.summary.skipped);
    expect(report.theorems[0].modes.every((m) => m.stoppedAt !== undefined)).toBe(true);
    expect(q.text().err).toContain('time limit of 0.001 s reached');
    expect(q.text().out).toMatch(/verify: 0 passed, 0 failed, \d+ skipped \(\d+ inconclusive\)/);
  });

  it('rejects a malformed duration with a one-line error (exit 2)', async () => {
    const q = quiet();
    expect(await main(['verify', 'TB22-T3.1', '--time-limit', '5 parsecs'], q.io)).toBe(2);
    expect(q.text().err).toMatch(/^nc-check: option '--time-limit <duration>' argument '5 parsecs' is invalid\. expected a duration > 0/);
  });
});
