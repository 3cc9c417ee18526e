// `nc-check list`: the theorem library, with provenance, parameters and clauses.
import { listModels } from '../models/registry.ts';
import { describeParameters } from '../regime/parameters.ts';
import { provenanceEntry } from '../report/coverage.ts';
import type { Theorem } from '../theorem/define.ts';
import { MODES } from '../theorem/define.ts';
import { resolveTolerance } from '../theorem/tolerance.ts';
import type { Io } from '../io.ts';
import type { BrokenTheorem } from '../theorem/registry.ts';
import type { EmpiricalClaim } from '../empirical/claim.ts';
import { claimDescription } from '../empirical/describe.ts';

export function theoremDescription(t: Theorem): Record<string, unknown> {
  return {
    id: t.id,
    title: t.title,
    citation: t.citation,
    provenance: provenanceEntry(t.provenance),
    model: t.model,
    normalization: t.normalization,
    hypothesis: t.hypothesis.text,
    parameters: describeParameters(t.parameters),
    thresholds: (t.thresholds ?? []).map((th) => ({ name: th.name, at: th.at })),
    modes: MODES.filter((m) => m !== 'near' || t.regimes?.near !== undefined),
    clauses: t.clauses.map((c) => ({
      id: c.id,
      kind: c.kind,
      statement: c.statement,
      provenance: provenanceEntry(c.provenance ?? t.provenance),
      tolerance: { float64: resolveTolerance(c.tolerance, 'float64'), float32: resolveTolerance(c.tolerance, 'float32') },
    })),
    nonClaims: t.nonClaims ?? [],
  };
}

export function listCommand(theorems: readonly Theorem[], options: { json?: boolean }, io: Io, broken: readonly BrokenTheorem[] = [], claims: readonly EmpiricalClaim[] = []): number {
  if (options.json === true) {
    const models = listModels().map((m) => ({
      id: m.id,
      title: m.title,
      normalization: m.normalization,
      parameters: describeParameters(m.parameters),
    }));
    // Claims in their own array: consumers of `theorems` (predict, explore) keep seeing only closed forms.
    io.out(`${JSON.stringify({ theorems: theorems.map(theoremDescription), claims: claims.map(claimDescription), models, broken }, null, 2)}\n`);
    return 0;
  }
  for (const t of theorems) {
    io.out(`${t.id}  ${t.title}\n`);
    io.out(`  ${t.citation}  ${provenanceEntry(t.provenance).label}\n`);
    io.out(`  model ${t.model}: ${t.normalization}\n`);
    io.out(`  hypothesis: ${t.hypothesis.text}; regime keys: ${Object.keys(t.parameters).join(', ')}\n`);
    io.out(`  clauses (${t.clauses.length}): ${t.clauses.map((c) => `${c.id} [${c.kind}]`).join(', ')}\n\n`);
  }
  for (const c of claims) {
    io.out(`${c.id}  [empirical] ${c.title}\n`);
    io.out(`  ${c.citation}  ${provenanceEntry(c.provenance).label}\n`);
    io.out(`  setting: ${c.setting}; ${c.seeds} seeds, sign test at ${Math.round(c.level * 100)}%\n`);
    io.out(`  experiments: ${Object.values(c.experiments).map((e) => e.label).join('; ')}\n`);
    io.out(`  clauses (${c.clauses.length}): ${c.clauses.map((x) => `${x.id} [empirical]`).join(', ')}\n\n`);
  }
  for (const b of broken) io.out(`${b.id}  could not be loaded (${b.file}): ${b.message}\n\n`);
  io.out(`${theorems.length} theorems${claims.length > 0 ? `, ${claims.length} empirical claims (nc-check verify --suite empirical)` : ''}${broken.length > 0 ? ` (and ${broken.length} that could not be loaded)` : ''}; models: ${listModels().map((m) => m.id).join(', ')}\n`);
  return 0;
}
