// Which solutions an equality clause is measured on. A theorem's geometry is a
// claim about global minimizers, so it is read at the lowest-loss solution
// found — trained restarts, converged or not, and the certified minimizer —
// and only where that solution met its certificate (the certificate's own
// optimality proof, or a restart's stopping test). Anything else would measure
// the theorem on an endpoint it makes no claim about: the zero solution, a
// saddle or a higher local minimum, where scale-free ratios are round-off and
// a "violation" says nothing about the theorem (issue 16: SML23 was measured on
// a converged zero solution while 7 unconverged restarts sat 40× lower).
//
// The rule, in order (docs/soundness.md states it with the clause kinds):
//  1. no solution with a finite loss                    → inconclusive;
//  2. certified: the certificate is at the lowest level → measure the solutions
//     at the certified minimum (as before); some solution lies below the
//     certified minimum → measure the converged ones at that lower level (a
//     certificate or model bug; the bound and attained clauses report it);
//  3. uncertified: the best converged restart stands in for the minimum, unless
//     a restart that did not converge sits lower (beyond the loss allowance) —
//     then the lowest solution did not meet its stopping test, and the verdict
//     is inconclusive, naming both losses;
//  4. the solutions measured are those that met their certificate within the
//     clause's allowance of that level; the pass additionally needs a trained
//     restart among them (checkEquality).
import type { Certificate } from '../models/model.ts';
import { OPTIMIZER_OUTCOME, type SolutionSummary } from './results.ts';

export interface Candidate {
  readonly label: string;
  readonly summary: SolutionSummary;
}

export type ReferenceSelection<S extends Candidate> =
  | { readonly kind: 'measure'; readonly pool: readonly S[]; readonly certified: boolean; readonly level: number }
  | { readonly kind: 'inconclusive'; readonly reason: string; readonly certified: boolean };

/** Whether a solution met its certificate: the certified minimizer itself, or a restart that passed its stopping test. */
export function metCertificate(s: Candidate): boolean {
  return s.summary.source === 'certificate' || s.summary.status === 'converged';
}

const lowestOf = <S extends Candidate>(xs: readonly S[]): S => xs.reduce((a, b) => (b.summary.loss < a.summary.loss ? b : a));

function describe(s: Candidate): string {
  const why = s.summary.status === undefined ? '' : `, ${s.summary.status}${s.summary.reason === undefined ? '' : `: ${s.summary.reason}`}`;
  return `${s.label} (L = ${s.summary.loss}${why})`;
}

/**
 * Selects the solutions at the lowest loss found that met their certificate.
 * `lossAllowance(L)` is the loss tolerance at level L (what "at the same loss" means);
 * `poolAllowance(L)` is how far above the reference a solution may sit and still be measured.
 */
export function selectReference<S extends Candidate>(
  solutions: readonly S[],
  certificate: Certificate | undefined,
  lossAllowance: (level: number) => number,
  poolAllowance: (level: number) => number,
): ReferenceSelection<S> {
  const finite = solutions.filter((s) => Number.isFinite(s.summary.loss));
  const certified = certificate !== undefined;
  if (finite.length === 0) return { kind: 'inconclusive', certified, reason: 'no solution with a finite loss' };
  const lowest = lowestOf(finite);
  if (certificate !== undefined && lowest.summary.loss >= certificate.loss - lossAllowance(certificate.loss)) {
    const pool = solutions.filter((s) => s.summary.atCertifiedMinimum === true);
    return { kind: 'measure', pool, certified: true, level: certificate.loss };
  }
  const converged = finite.filter(metCertificate);
  if (converged.length === 0) {
    return {
      kind: 'inconclusive',
      certified,
      reason: `${OPTIMIZER_OUTCOME}: no restart met the stopping certificate; the lowest-loss solution ${describe(lowest)} is not measured`,
    };
  }
  const best = lowestOf(converged);
  if (best.summary.loss - lowest.summary.loss > lossAllowance(lowest.summary.loss)) {
    return {
      kind: 'inconclusive',
      certified,
      reason: `${OPTIMIZER_OUTCOME}: the lowest-loss solution ${describe(lowest)} did not meet its stopping certificate, and the best converged restart ${best.label} (L = ${best.summary.loss}) sits above it — a higher endpoint (zero, saddle or local minimum), not measured`,
    };
  }
  const level = best.summary.loss;
  const pool = converged.filter((s) => s.summary.loss - level <= poolAllowance(level));
  return { kind: 'measure', pool, certified: false, level };
}
