// The shape of theorem-coverage.json, checked when a file is read back
// (`report`, `diff`, `merge`, `--resume`), so that a file from elsewhere —
// truncated, edited, hostile — is refused with the path of the first field
// that is wrong instead of crashing a view. It mirrors schema.ts: every field
// a view or the merge reads is checked; objects stay open (later compatible
// revisions may add fields), and numbers the writer may have turned to null
// (non-finite margins and losses, see toJson) may be null.
import * as z from 'zod';

const num = z.number();
const count = z.number().int().nonnegative();
const maybe = z.number().nullable().optional();
const text = z.string();
const mode = z.enum(['inside', 'near', 'outside']);
const regime = z.record(z.string(), z.unknown());

const provenance = z.looseObject({ kind: text, label: text, source: text.optional(), unverified: z.boolean() });

const trace = z.looseObject({
  solution: text,
  status: text.optional(),
  points: z.array(z.looseObject({ iteration: num, loss: num.nullable(), gradNorm: num.nullable() })),
});

const counterexample = z.looseObject({
  mode,
  regime,
  hypothesisHolds: z.boolean(),
  path: text,
  margin: maybe,
  reason: text.optional(),
  witness: text.optional(),
  shrinkSteps: count,
  replay: text,
  solutionFile: text.optional(),
  origin: text.optional(),
  caseId: text.optional(),
  predictedLoss: maybe,
  certifiedLoss: maybe,
  traces: z.array(trace).optional(),
});

const nullableNum = num.nullable();

const statistic = z.looseObject({
  test: text,
  effect: text,
  seeds: count,
  n: count,
  positive: count,
  negative: count,
  ties: count,
  median: nullableNum,
  mean: nullableNum,
  sd: nullableNum,
  effectSize: nullableNum,
  pValue: num,
  level: num,
  interval: z.looseObject({ lo: num, hi: num, coverage: num }).optional(),
  perSeed: z.array(nullableNum),
});

const band = { median: nullableNum, lo: nullableNum, hi: nullableNum };

const empirical = z.looseObject({
  backend: text,
  dtype: text,
  deterministic: z.boolean(),
  setting: text,
  seeds: z.array(num),
  level: num,
  experiments: z.array(
    z.looseObject({
      id: text,
      label: text,
      rationale: text,
      data: text,
      config: z.record(z.string(), z.unknown()),
      runs: z.looseObject({ total: count, terminalPhase: count, notInterpolating: count, diverged: count }),
      medianZeroErrorEpoch: num.optional(),
      seconds: num,
    }),
  ),
  series: z
    .array(z.looseObject({ experiment: text, metric: text, layer: count.optional(), points: z.array(z.looseObject({ epoch: num, ...band })) }))
    .optional(),
  sweep: z
    .looseObject({
      label: text,
      points: z.array(z.looseObject({ experiment: text, series: text, x: num, metric: text, layer: count, ...band })),
    })
    .optional(),
});

const clause = z.looseObject({
  id: text,
  kind: text,
  statement: text,
  provenance,
  status: z.enum(['verified', 'violated', 'inconclusive', 'vacuous', 'not-run', 'error']),
  outsideHypothesis: z.boolean(),
  counts: z.looseObject({ pass: count, violated: count, inconclusive: count, notApplicable: count, error: count, uncertified: count }),
  worstMargin: maybe,
  worstRegime: regime.optional(),
  note: text.optional(),
  counterexample: counterexample.optional(),
  margins: z.looseObject({ from: z.number().int(), to: z.number().int(), counts: z.array(count) }).optional(),
  expectedRefutation: z.boolean().optional(),
  statistic: statistic.optional(),
});

const point = z.looseObject({
  regime,
  index: z.number().int(),
  origin: text,
  path: text.optional(),
  hypothesisHolds: z.boolean(),
  nearThreshold: z.boolean(),
  verdict: text,
  worstMargin: maybe,
  failing: z.array(text).optional(),
  xy: z.array(num.nullable()),
});

const search = z.looseObject({
  clause: text,
  budget: count,
  evaluations: count,
  firstViolationAt: count.optional(),
  best: z.looseObject({ regime, status: text, margin: maybe, hypothesisHolds: z.boolean() }).optional(),
  replay: text.optional(),
});

const modeEntry = z.looseObject({
  mode,
  ran: z.boolean(),
  notRunReason: text.optional(),
  fcSeed: num,
  regimes: z.looseObject({ evaluated: count, hypothesisHeld: count, nearThreshold: count }),
  restarts: z.looseObject({ total: count, converged: count, budgetExhausted: count, diverged: count }),
  seconds: num,
  clauses: z.array(clause),
  replayed: count.optional(),
  points: z.array(point).optional(),
  pointsOmitted: count.optional(),
  search: z.array(search).optional(),
});

const axis = z.looseObject({ label: text, log: z.boolean(), threshold: z.looseObject({ name: text, at: num }).optional() });

const theorem = z.looseObject({
  id: text,
  title: text,
  citation: text,
  model: text,
  normalization: text,
  hypothesis: text,
  provenance,
  nonClaims: z.array(z.looseObject({ statement: text, reason: text })),
  modes: z.array(modeEntry),
  thresholds: z.array(z.looseObject({ name: text, at: num })).optional(),
  phase: z.looseObject({ x: axis, y: z.array(axis) }).optional(),
  file: text.optional(),
  error: text.optional(),
  expect: z.enum(['holds', 'refuted']).optional(),
  kind: z.literal('empirical').optional(),
  empirical: empirical.optional(),
});

const identity = z.looseObject({
  fingerprint: text,
  version: text,
  commit: text.optional(),
  backend: text,
  dtype: text,
  seed: num,
  runs: num,
  modes: z.array(mode),
  train: z.record(z.string(), z.unknown()),
  shrink: z.looseObject({ enabled: z.boolean(), maxEvaluations: num }),
  theorems: z.array(z.looseObject({ id: text, hash: text })),
});

const meta = z.looseObject({
  tool: text,
  version: text,
  commit: text.optional(),
  node: text,
  backend: text,
  dtype: z.enum(['float64', 'float32']),
  seed: num,
  runs: num,
  modes: z.array(mode),
  train: z.looseObject({ optimizer: text, restarts: num, gradientTolerance: num, maxIterations: num, initScale: num }),
  shard: z.string().regex(/^\d+\/\d+$/).optional(),
  identity: identity.optional(),
  merged: z.array(z.looseObject({ shard: text, source: text, startedAt: text, finishedAt: text.optional(), node: text })).optional(),
  resumedAt: z.array(text).optional(),
  command: text,
  startedAt: text,
  finishedAt: text.optional(),
});

const summaryCounts = ['passed', 'failed', 'skipped', 'inconclusive', 'vacuous', 'notRun', 'violatedOutsideHypothesis', 'errors'] as const;

export const coverageSchema = z.looseObject({
  schemaVersion: z.literal(1),
  schemaRevision: count.optional(),
  meta,
  theorems: z.array(theorem),
  summary: z.looseObject({
    ...(Object.fromEntries(summaryCounts.map((k) => [k, count])) as Record<(typeof summaryCounts)[number], typeof count>),
    refuted: count.optional(),
  }),
});

/** The first problem with a parsed coverage document, as "theorems[0].modes[1].seconds: expected number, received null", or undefined. */
export function coverageProblem(doc: unknown): string | undefined {
  const result = coverageSchema.safeParse(doc);
  if (result.success) return undefined;
  const issue = result.error.issues[0];
  const path = issue.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
  return `${path === '' ? '(document)' : path}: ${issue.message}`;
}
