// Every built-in theorem, end to end on a few regimes of its inside mode:
// training from random initialization, certificates, every clause. True claims
// must show no violation and no clause error; the refutation fixture must end
// refuted (its bound violated, the lower-loss solution kept) and nothing else.
// (SML24: deep ReLU MSE, K = 10, L = 4; GK: deep linear CE, K ≥ 6 or L ≥ 3.)
// The full sweep is `npm start` / `npm run sweep`; this is the quick tier.
import { describe, expect, it } from 'vitest';
import { cpuF64 } from '../src/backend/cpu-f64.ts';
import { clauseStatus } from '../src/verify/aggregate.ts';
import { verifyTheoremMode } from '../src/verify/runner.ts';
import { builtinTheorems } from '../theorems/index.ts';
import { getModel } from '../src/models/registry.ts';

describe.each(builtinTheorems.filter((t) => t.expect !== 'refuted'))('$id', (theorem) => {
  it('no clause is violated or errors on sampled regimes inside the hypothesis', async () => {
    const result = await verifyTheoremMode(theorem, 'inside', cpuF64, { modes: ['inside'], runs: Math.min(3, theorem.runs ?? 3), seed: 7, shrink: false });
    expect(result.regimesEvaluated).toBeGreaterThan(0);
    for (const a of result.clauses) {
      expect([a.clause, clauseStatus(a)]).not.toEqual([a.clause, 'violated']);
      expect([a.clause, clauseStatus(a)]).not.toEqual([a.clause, 'error']);
    }
    // Something was actually decided: at least one clause passed on at least one regime.
    expect(result.clauses.some((a) => a.counts.pass > 0)).toBe(true);
  });
});

describe.each(builtinTheorems.filter((t) => t.expect === 'refuted'))('$id (known-false claim)', (theorem) => {
  it('is refuted on its first named regime, with a saved lower-loss solution; its DNC candidate is a genuine critical point', async () => {
    const result = await verifyTheoremMode(theorem, 'inside', cpuF64, { modes: ['inside'], runs: 1, seed: 1 });
    const bound = result.clauses.find((a) => a.kind === 'bound')!;
    expect(clauseStatus(bound)).toBe('violated');
    const cx = result.counterexamples.find((c) => c.clause === bound.clause)!;
    expect(cx.solution?.map((b) => b.name)).toEqual(getModel(theorem.model).blocks(cx.regime).map((b) => b.name));
    expect(cx.record.solutions.some((s) => s.source === 'restart' && s.gapToPredicted < -1e-4)).toBe(true);
    // The candidate it beats is the real DNC critical point, not a mis-built one.
    expect(clauseStatus(result.clauses.find((a) => a.kind === 'stationary')!)).toBe('verified');
  });
});
