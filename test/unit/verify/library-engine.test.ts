// The engine pieces the theorem library added: identity clauses, stationary
// clauses at explicit points, known-false claims, per-theorem runs, endpoint
// distributions, and the mutants command.
import { describe, expect, it } from 'vitest';
import { cpuF64 } from '../../../src/backend/cpu-f64.ts';
import { mutantsCommand } from '../../../src/cli/mutants.ts';
import { main } from '../../../src/cli/main.ts';
import { scale, type Mat } from '../../../src/linalg/matrix.ts';
import { coverageReport, modeEntry, theoremEntry } from '../../../src/report/coverage.ts';
import { closingLine, renderTerminal } from '../../../src/report/terminal.ts';
import { defineTheorem } from '../../../src/theorem/define.ts';
import { mutate } from '../../../src/theorem/mutate.ts';
import { verifyTheoremMode } from '../../../src/verify/runner.ts';
import { evaluateRegime } from '../../../src/verify/evaluate.ts';
import { mseUfm } from '../../../src/models/ufm-mse.ts';
import { getModel } from '../../../src/models/registry.ts';
import { DEFAULT_TRAIN_OPTIONS } from '../../../src/train/train.ts';
import tb22T31 from '../../../theorems/tb22-t3-1.ts';
import tb22E from '../../../theorems/tb22-e.ts';
import { integer, positive } from '../../../src/regime/parameters.ts';
import fc from 'fast-check';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (s: string) => void out.push(s), err: (s: string) => void err.push(s), isTty: false }, out, err };
}

const base = {
  id: 'X',
  title: 't',
  citation: 'c',
  provenance: { kind: 'derived' as const },
  model: 'ufm-mse',
  normalization: 'n',
  parameters: { K: integer('K', { min: 2 }), n: integer('n', { min: 1 }), d: integer('d', { min: 1 }), lambdaW: positive('w'), lambdaH: positive('h') },
  hypothesis: { text: 'any', check: () => true as const },
  predict: () => ({ loss: 0 }),
};

describe('defineTheorem checks for the new pieces', () => {
  it('rejects malformed identity clauses, refuted claims without a bound, and bad runs', () => {
    expect(() => defineTheorem({ ...base, clauses: [{ id: 'i', kind: 'identity', statement: 's', tolerance: 'gram' } as never] })).toThrow(/identity clause "i" needs predicted\(\) and measured\(\)/);
    expect(() =>
      defineTheorem({ ...base, expect: 'refuted', clauses: ({ equality }) => [equality('e', { statement: 's', predicted: () => 0, measured: () => 0 })] }),
    ).toThrow(/refuted claim needs a bound clause/);
    expect(() => defineTheorem({ ...base, runs: 0, clauses: ({ bound }) => [bound('b', { statement: 's' })] })).toThrow(/runs must be a positive integer/);
    expect(() => defineTheorem({ ...base, expect: 'maybe' as never, clauses: ({ bound }) => [bound('b', { statement: 's' })] })).toThrow(/expect must be/);
  });
});

describe('identity clauses', () => {
  const regime = { K: 2, n: 2, d: 2, lambdaW: 0.1, lambdaH: 0.1 };
  const theorem = (claimed: number) =>
    defineTheorem({
      ...base,
      predict: () => ({ loss: NaN, claimed }),
      clauses: ({ identity }) => [
        identity('loss-identity', {
          statement: 'the loss equals itself plus the claim',
          tolerance: 'loss',
          predicted: (p) => p.claimed as number,
          // A true identity: the model's loss at the point minus the measured loss is 0.
          measured: ({ params, model, measurements }) => model.objective(cpuF64, regime).loss(params) - measurements.loss,
        }),
      ],
    });
  it('pass at random points and every solution, and are violated by a wrong claim without any training', () => {
    const ctx = { backend: cpuF64, train: { ...DEFAULT_TRAIN_OPTIONS, restarts: 0 } };
    const ok = evaluateRegime(theorem(0), mseUfm, regime, 'inside', 0, ctx).record.clauses[0];
    expect(ok.status).toBe('pass');
    expect(ok.reason).toMatch(/held at 7 points \(6 random, 1 solutions\)/);
    const bad = evaluateRegime(theorem(0.5), mseUfm, regime, 'inside', 0, ctx).record.clauses[0];
    expect(bad.status).toBe('violated');
    expect(bad.witness).toBe('random point 0');
  });
});

describe('known-false claims', () => {
  // "L* is 1e-3 below the true minimum" is false; a refutation search finds it (every solution beats it).
  const falseClaim = defineTheorem({
    ...base,
    id: 'FALSE',
    expect: 'refuted',
    predict: (r) => ({ loss: mseUfm.certify!(r)!.loss + 1e-3 }),
    clauses: ({ bound }) => [bound('claimed-minimum', { statement: 'no solution below the claim' })],
    regimes: { inside: fc.constant({ K: 2, n: 1, d: 2, lambdaW: 0.1, lambdaH: 0.1 }) },
  });
  const hopeless = defineTheorem({ ...falseClaim, id: 'HOPELESS', predict: (r) => ({ loss: mseUfm.certify!(r)!.loss - 1e-3 }) });

  it('a found violation is "refuted (expected)", counted as passed, and keeps the exit code at 0', async () => {
    const result = await verifyTheoremMode(falseClaim, 'inside', cpuF64, { modes: ['inside'], runs: 1, seed: 1 });
    const links = { replay: () => 'replay', solutionFile: () => 'file.json' };
    const report = coverageReport({ tool: 'nc-check', version: '0', node: 'v', backend: 'cpu-f64', dtype: 'float64', seed: 1, runs: 1, modes: ['inside'], train: { optimizer: 'lbfgs', restarts: 3, gradientTolerance: 1e-13, maxIterations: 1, initScale: 1 }, command: 'c', startedAt: 's' }, [theoremEntry(falseClaim, [modeEntry(falseClaim, result, links)])]);
    expect(report.summary).toMatchObject({ passed: 1, refuted: 1, failed: 0 });
    const text = renderTerminal(report);
    expect(text).toMatch(/KNOWN-FALSE CLAIM/);
    expect(text).toMatch(/refuted \(expected\)/);
    expect(text).toMatch(/lower-loss solution saved: file.json/);
    expect(closingLine(report.summary)).toMatch(/^verify: \d+ passed, \d+ failed, \d+ skipped.*; the passes include 1 known-false claim refuted as expected$/);
  });

  it('finding nothing below the claim is inconclusive with the best gap, never verified', async () => {
    const result = await verifyTheoremMode(hopeless, 'inside', cpuF64, { modes: ['inside'], runs: 1, seed: 1 });
    expect(result.clauses[0].counts).toMatchObject({ pass: 0, inconclusive: 1 });
    expect(result.clauses[0].firstReason).toMatch(/refutation search: no solution below the claimed minimum .*best gap found 1\.000e-3/);
  });
});

describe('deep theorems record endpoint distributions and stationary clauses at explicit points', () => {
  it('a record carries endpoints {global, local, notConverged, ranks} summing to the restarts', () => {
    const regime = { K: 3, n: 1, d: 6, L: 2, lambdaH: 0.1, lambdaW1: 0.2, lambdaW2: 0.5 };
    const { record } = evaluateRegime(tb22E, getModel('ufm-deep-linear'), regime, 'inside', 0, {
      backend: cpuF64,
      train: { ...DEFAULT_TRAIN_OPTIONS, restarts: 4, initScales: [1, 1, 1, 0.01] },
    });
    const e = record.endpoints!;
    expect(e.reference).toBe('certified minimum');
    expect(e.global + e.local + e.notConverged).toBe(4);
    expect(Object.values(e.ranks).reduce((s, v) => s + v, 0)).toBe(4);
    // the restart from scale 0.01 ends at the zero local minimum (rank 0): a local endpoint, not a failure.
    expect(record.solutions.filter((s) => s.source === 'restart').map((s) => s.endpoint)).toContain('local');
    expect(record.clauses.find((c) => c.clause === 'metastable-critical-point')?.status).toBe('not-applicable');
  });
});


describe('uncertified equality clauses (no certificate: ReLU models)', () => {
  const regime = { K: 2, n: 1, d: 3, L: 1, lambdaH: 0.1, lambdaW1: 0.1 };
  const theorem = (loss: number) =>
    defineTheorem({
      ...base,
      model: 'ufm-deep-relu',
      parameters: { K: integer('K', { min: 2 }), n: integer('n', { min: 1 }), d: integer('d', { min: 1 }), L: integer('L', { min: 1 }), lambdaH: positive('h'), lambdaW1: positive('w') },
      predict: () => ({ loss }),
      clauses: ({ equality }) => [equality('optimal-loss', { statement: 's', tolerance: 'loss', predicted: (p) => p.loss, measured: (m) => m.loss })],
    });
  const ctx = { backend: cpuF64, train: { ...DEFAULT_TRAIN_OPTIONS, restarts: 2 } };

  it('compare the best converged restarts and say uncertified', () => {
    const outcome = evaluateRegime(theorem(NaN), getModel('ufm-deep-relu'), regime, 'inside', 0, ctx).record.clauses[0];
    expect(outcome).toMatchObject({ certified: false });
  });

  it('are inconclusive, not violated, when every converged restart sits above the predicted minimum', () => {
    const outcome = evaluateRegime(theorem(0), getModel('ufm-deep-relu'), regime, 'inside', 0, ctx).record.clauses[0];
    expect(outcome.status).toBe('inconclusive');
    expect(outcome.reason).toMatch(/above the predicted minimum 0; no solution at the claimed optimum/);
  });
});

describe('nc-check mutants', () => {
  it('prints each verdict and closes with the share caught; a survivor makes the exit code 1', async () => {
    const caught = mutate(tb22T31, { name: 'rho-x2', description: 'ρ doubled', caughtBy: ['orthogonal-frame'], predict: (_r, p) => ({ ...p, HbarTHbar: scale(p.HbarTHbar as Mat, 2) }) });
    const survivor = mutate(tb22T31, { name: 'identity', description: 'no change at all', caughtBy: ['orthogonal-frame'], predict: (_r, p) => p });
    const c = capture();
    expect(await mutantsCommand([caught, survivor], cpuF64, { runs: 2, seed: 1 }, c.io)).toBe(1);
    const text = c.out.join('');
    expect(text).toMatch(/TB22-T3.1~rho-x2 +caught by orthogonal-frame/);
    expect(text).toMatch(/TB22-T3.1~identity +SURVIVED/);
    expect(text.trim().split('\n').at(-1)).toBe('mutants: 1 caught, 1 survived');
    const j = capture();
    expect(await mutantsCommand([caught], cpuF64, { runs: 1, seed: 1, json: true }, j.io)).toBe(0);
    expect(JSON.parse(j.out[0]).caught).toBe(1);
  });

  it('is registered: bad options are usage errors', async () => {
    const c = capture();
    expect(await main(['mutants', '--runs', '0'], c.io)).toBe(2);
    expect(c.err.join('')).toMatch(/--runs/);
  });
});

describe('train and predict speak the per-layer names', () => {
  it('train --json on a deep model reports W1W1t, H1barTH1bar, … and per-layer metrics', async () => {
    const c = capture();
    const code = await main(['train', 'ufm-deep-linear', '--regime', '{"K":2,"n":1,"d":4,"L":2,"lambdaH":0.1,"lambdaW1":0.1,"lambdaW2":0.1}', '--json'], c.io);
    expect(code).toBe(0);
    const out = JSON.parse(c.out.join(''));
    for (const key of ['W1W1t', 'W2W2t', 'H1barTH1bar', 'H2barTH2bar', 'W2H2bar', 'WWt', 'HbarTHbar', 'WHbar']) expect(out).toHaveProperty(key);
    expect(out.metrics).toHaveProperty('nc1TraceRatioH2');
    expect(out.status).toBe('converged');
  });

  it('predict TB22-E reports the per-layer Grams of the reference example (0.993300 I)', async () => {
    const c = capture();
    expect(await main(['predict', 'TB22-E', '--regime', '{"K":3,"n":2,"d":4,"lambdaH":0.01,"lambdaW1":0.01,"lambdaW2":0.01}', '--json'], c.io)).toBe(0);
    const p = JSON.parse(c.out.join('')).prediction;
    expect(p.loss).toBeCloseTo(0.014949832, 9);
    expect(p.H1barTH1bar[0][0]).toBeCloseTo(0.9933, 4);
    expect(p.W2W2t[1][1]).toBeCloseTo(0.9933, 4);
    expect(p.H2barTH2bar[0][0]).toBeCloseTo(0.986644, 5);
  });
});
