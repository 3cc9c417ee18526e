import { describe, expect, it } from 'vitest';
import type { SolutionSummary } from '../../../src/verify/results.ts';
import { selectReference } from '../../../src/verify/reference.ts';

const tol = (level: number) => 1e-10 * (1 + Math.abs(level));

function restart(i: number, loss: number, status: 'converged' | 'budget-exhausted', atCertifiedMinimum = false) {
  const summary: SolutionSummary = { source: 'restart', restart: i, status, loss, gapToPredicted: NaN, atCertifiedMinimum };
  return { label: `restart ${i}`, summary };
}
const certificateSolution = (loss: number) => ({
  label: 'certificate',
  summary: { source: 'certificate', loss, gapToPredicted: 0, atCertifiedMinimum: true } as SolutionSummary,
});

describe('selectReference: the lowest-loss solution found, only where it met its certificate', () => {
  it('SML23 shape: converged restarts at the zero solution above unconverged ones → inconclusive, naming both', () => {
    const solutions = [restart(0, 0.0124874623, 'budget-exhausted'), restart(1, 0.5, 'converged'), restart(2, 0.5, 'converged')];
    const s = selectReference(solutions, undefined, tol, tol);
    expect(s.kind).toBe('inconclusive');
    if (s.kind !== 'inconclusive') return;
    expect(s.reason).toContain('restart 0 (L = 0.0124874623, budget-exhausted)');
    expect(s.reason).toContain('restart 1 (L = 0.5) sits above it');
  });

  it('measures the best converged restarts when nothing unconverged lies below them', () => {
    const solutions = [restart(0, 0.3, 'budget-exhausted'), restart(1, 0.1, 'converged'), restart(2, 0.1 + 1e-12, 'converged'), restart(3, 0.2, 'converged')];
    const s = selectReference(solutions, undefined, tol, tol);
    expect(s).toMatchObject({ kind: 'measure', certified: false, level: 0.1 });
    if (s.kind === 'measure') expect(s.pool.map((p) => p.label)).toEqual(['restart 1', 'restart 2']);
  });

  it('an unconverged restart level with the best converged one (within the loss allowance) does not block it', () => {
    const solutions = [restart(0, 0.1 - 1e-12, 'budget-exhausted'), restart(1, 0.1, 'converged')];
    expect(selectReference(solutions, undefined, tol, tol).kind).toBe('measure');
  });

  it('no restart converged → inconclusive, whatever the losses', () => {
    const s = selectReference([restart(0, 0.1, 'budget-exhausted')], undefined, tol, tol);
    expect(s).toMatchObject({ kind: 'inconclusive' });
    if (s.kind === 'inconclusive') expect(s.reason).toContain('no restart met the stopping certificate');
  });

  it('certified: the solutions at the certified minimum, not a converged endpoint above it', () => {
    const solutions = [restart(0, 0.5, 'converged'), restart(1, 0.2, 'converged', true), certificateSolution(0.2)];
    const s = selectReference(solutions, { loss: 0.2, unique: true, method: 'test', minimizer: [] }, tol, tol);
    expect(s).toMatchObject({ kind: 'measure', certified: true });
    if (s.kind === 'measure') expect(s.pool.map((p) => p.label)).toEqual(['restart 1', 'certificate']);
  });

  it('certified, but a converged restart below the certified minimum: measured there, uncertified', () => {
    const solutions = [restart(0, 0.1, 'converged'), certificateSolution(0.2)];
    const s = selectReference(solutions, { loss: 0.2, unique: true, method: 'test', minimizer: [] }, tol, tol);
    expect(s).toMatchObject({ kind: 'measure', certified: false, level: 0.1 });
    if (s.kind === 'measure') expect(s.pool.map((p) => p.label)).toEqual(['restart 0']);
  });

  it('no finite loss → inconclusive', () => {
    expect(selectReference([restart(0, NaN, 'converged')], undefined, tol, tol).kind).toBe('inconclusive');
  });
});
