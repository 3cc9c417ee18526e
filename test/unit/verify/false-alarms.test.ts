// The false counterexamples of issue 16 (and TB22-R's near band, issue 12), replayed through the CLI exactly as reported: a true theorem
// must never come out `violated`. Each clause ends pass, or inconclusive with its reason.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../cli/run.ts';

interface Outcome {
  clause: string;
  status: string;
  reason?: string;
}

async function verifyRegime(theorem: string, regime: object): Promise<{ code: number; clauses: Outcome[] }> {
  const out = mkdtempSync(join(tmpdir(), 'nc-check-soundness-'));
  const { code } = await run('verify', theorem, '--regime', JSON.stringify(regime), '--restarts', '10', '--out', out);
  const records = readFileSync(join(out, 'regimes.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { clauses: Outcome[] });
  return { code, clauses: records.flatMap((r) => r.clauses) };
}

describe('issue 16 reproductions: no false violation inside the hypothesis', () => {
  it('SML23 at K = 2, n = 1, d = 16, L = 4, λ = 0.005: the converged zero solution above unconverged restarts is not measured', async () => {
    const regime = { K: 2, n: 1, d: 16, L: 4, lambdaH: 0.005, lambdaW1: 0.005, lambdaW2: 0.005, lambdaW3: 0.005, lambdaW4: 0.005 };
    const { code, clauses } = await verifyRegime('SML23', regime);
    expect(clauses.map((c) => c.status)).not.toContain('violated');
    for (const c of clauses) if (c.status === 'inconclusive') expect(c.reason, c.clause).toMatch(/optimizer outcome: .+/);
    expect(clauses.every((c) => c.status === 'pass' || c.status === 'inconclusive')).toBe(true);
    expect(code).toBe(0);
  }, 120_000);

  it('TB22-R in its near band (c = 0.992 c_3, K = 2): a partially collapsed restart 1.5e-3 above L* is not measured as the minimizer', async () => {
    // Restart 1 converges to a critical point where one class is zero (logits ≈ diag(0.505, 0)), its loss within
    // the Gram tolerance widened 100× near the threshold; only the restarts at the lowest loss are measured now.
    const regime = { K: 2, n: 1, d: 16, L: 2, lambdaH: 0.3581420471061546, lambdaW1: 0.412807079250161, lambdaW2: 0.412807079250161 };
    const { code, clauses } = await verifyRegime('TB22-R', regime);
    expect(clauses.map((c) => c.status)).not.toContain('violated');
    expect(clauses.filter((c) => c.status === 'pass').map((c) => c.clause)).toEqual(expect.arrayContaining(['post-relu-gram', 'classifier-gram', 'first-layer-norms', 'logits']));
    expect(code).toBe(0);
  }, 120_000);

  it('HPD22 at d = Kn − 1 (K = 4, n = 2, d = 7): an interpolating fit, both sides zero, is not a relative error of 1', async () => {
    const { code, clauses } = await verifyRegime('HPD22', { K: 4, n: 2, d: 7, lambdaW: 0.5, lambdaH: 0.05, lambdaB: 0 });
    expect(clauses.map((c) => [c.clause, c.status])).toEqual([
      ['decomposition', 'pass'],
      ['least-squares-value', 'pass'],
    ]);
    expect(code).toBe(0);
  }, 120_000);
});
