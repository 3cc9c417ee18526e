// Every built-in theorem, end to end on a few regimes of its inside mode:
// training from random initialization, certificates, every clause. True claims
// must show no violation and no clause error; the refutation fixture must end
// refuted (its bound violated, the lower-loss solution kept) and nothing else.
// The full sweep is `npm start` / `npm run sweep`; this is the quick tier.
import { describe, expect, it } from 'vitest';
import { cpuF64 } from '../src/backend/cpu-f64.ts';
import { clauseStatus } from '../src/verify/aggregate.ts';
import { verifyTheoremMode } from '../src/verify/runner.ts';
import { builtinTheorems } from '../theorems/index.ts';

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

it('SML24 (known-false: DNC is globally optimal for K = 10, L = 4) is refuted with a saved, lower-loss solution', async () => {
  const sml24 = builtinTheorems.find((t) => t.id === 'SML24')!;
  expect(sml24.expect).toBe('refuted');
  const result = await verifyTheoremMode(sml24, 'inside', cpuF64, { modes: ['inside'], runs: 1, seed: 1 });
  const bound = result.clauses.find((a) => a.kind === 'bound')!;
  expect(clauseStatus(bound)).toBe('violated');
  const cx = result.counterexamples.find((c) => c.clause === bound.clause)!;
  expect(cx.solution?.map((b) => b.name)).toEqual(['H1', 'W1', 'W2', 'W3', 'W4']);
  expect(cx.record.solutions.some((s) => s.source === 'restart' && s.gapToPredicted < -1e-4)).toBe(true);
  // The candidate it beats is the real DNC critical point, not a mis-built one.
  expect(clauseStatus(result.clauses.find((a) => a.kind === 'stationary')!)).toBe('verified');
});
