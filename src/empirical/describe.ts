// An empirical claim as `nc-check list` shows it: the fields a theorem has
// (id, title, citation, provenance, model, normalization, hypothesis,
// parameters, modes, clauses, nonClaims) so that tools reading the list need
// no special case, plus `kind: "empirical"`, the experiments, the default
// seeds and the test each clause is decided by.
import { provenanceEntry } from '../report/coverage.ts';
import type { EmpiricalClaim } from './claim.ts';
import { lossDescription, networkDescription } from './entry.ts';

export function claimDescription(c: EmpiricalClaim): Record<string, unknown> {
  return {
    id: c.id,
    kind: 'empirical',
    title: c.title,
    citation: c.citation,
    provenance: provenanceEntry(c.provenance),
    model: networkDescription(c),
    normalization: lossDescription(c),
    hypothesis: c.setting,
    // No regime parameters: a claim's configuration is its experiments.
    parameters: {},
    thresholds: [],
    modes: ['inside'],
    clauses: c.clauses.map((cl) => ({
      id: cl.id,
      kind: 'empirical',
      statement: cl.statement,
      provenance: provenanceEntry(cl.provenance ?? c.provenance),
      effect: cl.effect,
      uses: cl.uses,
      test: { name: 'sign-test', level: c.level, rule: 'verified when the interval for the median effect lies above 0, violated when below, else inconclusive' },
    })),
    nonClaims: c.nonClaims,
    seeds: c.seeds,
    experiments: Object.entries(c.experiments).map(([id, e]) => ({ id, label: e.label, rationale: e.rationale, data: e.data, network: e.network, training: e.training })),
  };
}
