import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cpuF64 } from '../../../src/backend/cpu-f64.ts';
import { addOutcome, clauseStatus, emptyAggregate } from '../../../src/verify/aggregate.ts';
import type { RegimeRecord } from '../../../src/verify/results.ts';
import { evaluateTask, type Executor } from '../../../src/verify/executor.ts';
import { inferMode, regimeAtPath, validateTheoremRegime, verifyTheoremMode, modeSeed } from '../../../src/verify/runner.ts';
import { planMode, sampleCandidates } from '../../../src/verify/plan.ts';
import { modeArbitrary } from '../../../src/theorem/modes.ts';
import tb22T31 from '../../../theorems/tb22-t3-1.ts';
import tb22B from '../../../theorems/tb22-b.ts';

const record = (hypothesisHolds: boolean, index = 0): RegimeRecord =>
  ({ index, hypothesisHolds, regime: { K: 2 } }) as unknown as RegimeRecord;

describe('aggregation', () => {
  it('never folds inconclusive into verified', async () => {
    const agg = emptyAggregate('c', 'equality');
    expect(clauseStatus(agg)).toBe('not-run');
    addOutcome(agg, { clause: 'c', kind: 'equality', status: 'not-applicable' }, record(true));
    expect(clauseStatus(agg)).toBe('vacuous');
    addOutcome(agg, { clause: 'c', kind: 'equality', status: 'pass', margin: 0.1 }, record(true));
    expect(clauseStatus(agg)).toBe('verified');
    addOutcome(agg, { clause: 'c', kind: 'equality', status: 'inconclusive' }, record(true));
    expect(clauseStatus(agg)).toBe('inconclusive');
    addOutcome(agg, { clause: 'c', kind: 'equality', status: 'error', reason: 'x' }, record(true));
    expect(clauseStatus(agg)).toBe('error');
    addOutcome(agg, { clause: 'c', kind: 'equality', status: 'violated', margin: 5 }, record(false, 7));
    // A violation outside the hypothesis is reported as outside: it does not hide the error.
    expect(clauseStatus(agg)).toBe('error');
    expect(agg.firstViolation).toBe(7);
    expect(agg.violatedOnlyOutsideHypothesis).toBe(true);
    expect(agg.worst?.margin).toBe(5);
    addOutcome(agg, { clause: 'c', kind: 'equality', status: 'violated', margin: 2 }, record(true, 9));
    expect(agg.violatedOnlyOutsideHypothesis).toBe(false);
    expect(clauseStatus(agg)).toBe('violated');
    expect(agg.firstViolation).toBe(7);
  });
});

describe('verifyTheoremMode', () => {
  it('verifies TB22-T3.1 inside its hypothesis', async () => {
    const result = await verifyTheoremMode(tb22T31, 'inside', cpuF64, { modes: ['inside'], runs: 6, seed: 3, train: { restarts: 2 } });
    expect(result.regimesEvaluated).toBe(6);
    expect(result.regimesHypothesisHeld).toBe(6);
    expect(result.counterexamples).toEqual([]);
    for (const a of result.clauses) expect(['verified', 'vacuous']).toContain(clauseStatus(a));
  });

  it('outside the hypothesis (d < K) finds a shrunk, replayable violation of the orthogonal frame', async () => {
    const result = await verifyTheoremMode(tb22T31, 'outside', cpuF64, { modes: ['outside'], runs: 6, seed: 3, train: { restarts: 1 } });
    const cx = result.counterexamples.find((c) => c.clause === 'orthogonal-frame');
    expect(cx).toBeDefined();
    expect(cx!.hypothesisHolds).toBe(false);
    expect(cx!.regime.d as number).toBeLessThan(cx!.regime.K as number);
    expect(cx!.solution?.map((b) => b.name)).toEqual(['W', 'H']);
    // the path replays to the same regime, and re-evaluating it gives the same margin
    expect(regimeAtPath(tb22T31, 'outside', 3, cx!.path)).toEqual(cx!.regime);
    const replay = await verifyTheoremMode(tb22T31, 'outside', cpuF64, { modes: ['outside'], runs: 1, seed: 3, path: cx!.path, train: { restarts: 1 } });
    const again = replay.clauses.find((a) => a.clause === 'orthogonal-frame')!;
    expect(clauseStatus(again)).toBe('violated');
    expect(again.worst?.margin).toBe(cx!.margin);
  });

  it('near mode runs within 2% of c = 1 and widens tolerances there', async () => {
    const result = await verifyTheoremMode(tb22B, 'near', cpuF64, { modes: ['near'], runs: 4, seed: 2, train: { restarts: 1 } });
    expect(result.regimesNearThreshold).toBe(4);
    expect(result.counterexamples).toEqual([]);
  });

  it('an explicit regime is evaluated as given, and its mode inferred', async () => {
    const regime = validateTheoremRegime(tb22B, { K: 3, n: 1, d: 1, lambdaW: 0.01, lambdaH: 0.01 });
    expect(regime.lambdaB).toBe(0);
    expect(inferMode(tb22B, regime)).toBe('outside');
    expect(inferMode(tb22B, { ...regime, d: 5 })).toBe('inside');
    expect(inferMode(tb22B, { ...regime, d: 5, lambdaW: 1, lambdaH: 1 })).toBe('near');
    const result = await verifyTheoremMode(tb22B, 'outside', cpuF64, { modes: ['outside'], runs: 1, seed: 1, regime, shrink: false, train: { restarts: 1 } });
    expect(result.regimesEvaluated).toBe(1);
    expect(result.counterexamples.length).toBeGreaterThan(0);
    expect(result.counterexamples[0].shrinkSteps).toBe(0);
  });

  it('reports a mode the theorem cannot generate as not run', async () => {
    const noNear = { ...tb22T31, regimes: { inside: tb22T31.regimes!.inside } };
    const result = await verifyTheoremMode(noNear, 'near', cpuF64, { modes: ['near'], runs: 2, seed: 1 });
    expect(result.ran).toBe(false);
    expect(result.notRunReason).toMatch(/no near-threshold regime generator/);
  });

  it('an executor that returns records only (as worker threads would) gives identical results', async () => {
    const recordsOnly: Executor = {
      name: 'records-only',
      async *run(tasks) {
        for (const t of tasks) yield { record: evaluateTask(cpuF64, t).record };
      },
    };
    const options = { modes: ['outside' as const], runs: 4, seed: 5, train: { restarts: 1 } };
    const reference = await verifyTheoremMode(tb22T31, 'outside', cpuF64, options);
    const other = await verifyTheoremMode(tb22T31, 'outside', cpuF64, { ...options, executor: recordsOnly });
    const strip = (r: typeof reference) => ({ ...r, seconds: 0, counterexamples: r.counterexamples.map((c) => ({ ...c, record: { ...c.record, seconds: 0, solutions: [] } })) });
    expect(strip(other)).toEqual(strip(reference));
    expect(other.counterexamples[0].solution).toBeDefined();
  });

  it('resumes from journaled records: folds them unevaluated and ends identical; refuses another run\'s journal', async () => {
    const options = { modes: ['outside' as const], runs: 5, seed: 5, train: { restarts: 1 }, maxShrinkEvaluations: 2 };
    const records: RegimeRecord[] = [];
    const reference = await verifyTheoremMode(tb22T31, 'outside', cpuF64, options, { onRegime: (r) => void records.push(r) });
    const evaluated: number[] = [];
    const resumed = await verifyTheoremMode(tb22T31, 'outside', cpuF64, { ...options, journaled: records.slice(0, 3) }, { onRegime: (r) => void evaluated.push(r.index) });
    expect(evaluated).toEqual(records.slice(3).map((r) => r.index));
    const strip = (r: typeof reference) => ({ ...r, seconds: 0, counterexamples: r.counterexamples.map((c) => ({ ...c, record: { ...c.record, seconds: 0, solutions: [] } })) });
    expect(strip(resumed)).toEqual(strip(reference));
    await expect(verifyTheoremMode(tb22T31, 'outside', cpuF64, { ...options, seed: 6, journaled: records.slice(0, 1) })).rejects.toThrow(/is not the regime this run plans there/);
    await expect(verifyTheoremMode(tb22T31, 'outside', cpuF64, { ...options, runs: 2, journaled: records })).rejects.toThrow(/beyond this run's plan/);
  });

  it('shards partition every mode\'s sample exactly (k mod N), from the one seed', () => {
    const whole = planMode(tb22T31, 'inside', { runs: 11, seed: 3 });
    const shards = [0, 1, 2].map((index) => planMode(tb22T31, 'inside', { runs: 11, seed: 3, shard: { index, count: 3 } }));
    if (!whole.ok || !shards.every((s) => s.ok)) throw new Error('not planned');
    const items = shards.flatMap((s) => (s.ok ? s.items : []));
    expect(items.map((i) => i.index).sort((a, b) => a - b)).toEqual(whole.items.map((i) => i.index));
    expect(shards.map((s) => (s.ok ? s.items.length : 0))).toEqual([4, 4, 3]);
    expect(shards[1].ok && shards[1].items[0]).toEqual(whole.items[1]);
    // Candidates are drawn lazily in chunks, yet they are exactly fc.sample's values.
    const arb = modeArbitrary(tb22T31, 'outside');
    expect([...sampleCandidates(tb22T31, 'outside', 4, 700)].map((c) => c.regime)).toEqual(fc.sample(arb, { seed: modeSeed(4, tb22T31, 'outside'), numRuns: 700 }));
  });

  it('sampling is the fast-check sequence: the i-th sample is path "i"', async () => {
    const arb = modeArbitrary(tb22T31, 'inside');
    const samples = fc.sample(arb, { seed: modeSeed(9, tb22T31, 'inside'), numRuns: 4 });
    expect(regimeAtPath(tb22T31, 'inside', 9, '3')).toEqual(samples[3]);
  });
});
