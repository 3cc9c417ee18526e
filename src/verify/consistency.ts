// Theorems checking each other. Two entries of a library whose hypotheses
// overlap — after converting one normalization into the other — must predict
// the same minimum and the same Grams there: TB22-T3.1 is DER-DL at depth 1,
// DER-RB tends to TB22-B as λ_b → 0, ZDZ+22 is TB22-B in another normalization…
// A disagreement means one closed form, one normalization conversion or one
// hypothesis is wrong, and no amount of training would show it (each entry is
// internally consistent). Checking predictions only, it needs no training and
// runs in the default budget.
//
// A relation becomes an ordinary theorem, so every view reports it like any
// other: id "A_vs_B" (both entries named), regimes in A's parameters sampled from
// the overlap, hypothesis "both hypotheses hold after conversion", one identity
// clause per compared quantity (A's prediction, converted, against B's). A
// violated clause of "A_vs_B" is a disagreement between A and B.
import type { Arbitrary } from 'fast-check';
import { validateRegime } from '../regime/parameters.ts';
import type { Regime } from '../regime/regime.ts';
import type { Quantity } from '../theorem/clause.ts';
import { defineTheorem, type Prediction, type Theorem } from '../theorem/define.ts';
import { derived } from '../theorem/provenance.ts';
import type { TolerancePolicy } from '../theorem/tolerance.ts';

export interface ConsistencyQuantity {
  /** Clause id, e.g. "loss", "feature-gram". */
  readonly id: string;
  /** What is compared, in the papers' notation. */
  readonly statement: string;
  /** The quantity from entry A's prediction at A's regime, converted into B's normalization. */
  fromA(prediction: Prediction, regime: Regime): Quantity;
  /** The same quantity from entry B's prediction at the converted regime. */
  fromB(prediction: Prediction, regime: Regime): Quantity;
  /** Default 'gram' (closed forms agree to rounding; limits are sampled far enough out to stay inside it). */
  readonly tolerance?: TolerancePolicy;
}

export interface ConsistencyRelation {
  readonly a: Theorem;
  readonly b: Theorem;
  /** The overlap and the conversion in words, e.g. "DER-DL at L = 1 is TB22-T3.1 (same normalization)". */
  readonly statement: string;
  /** A's regime → B's regime (B's keys only, B's normalization). */
  convert(regime: Regime): Regime;
  /** Regimes in A's parameters, inside the overlap. */
  readonly regimes: Arbitrary<Regime>;
  /**
   * 'overlap' (default): A's and B's hypotheses must both hold, and the quantities must agree.
   * 'boundary': only B's must — A's closed form is continued to the edge of its hypothesis (e.g.
   * DER-dK's d < K formula at d = K) and must land on B. 'disjoint': A proves what B (a refuted,
   * known-false claim) says is false, so B's hypothesis must fail throughout A's — the quantities are
   * not read; one clause "region" is violated wherever B's hypothesis holds at a regime of A's.
   */
  readonly kind?: 'overlap' | 'boundary' | 'disjoint';
  readonly quantities: readonly ConsistencyQuantity[];
  /** Regimes per run when the user gives no --runs (default 20: predictions only, milliseconds each). */
  readonly runs?: number;
}

/** The prediction keys under which A's and B's sides of a quantity are carried. */
const sideKey = (side: 'a' | 'b', id: string) => `${side}:${id}`;

/** What names a relation's theorem, whatever its kind: "A_vs_B", both citations and normalizations, A's parameters. */
function relationIdentity(rel: ConsistencyRelation) {
  return {
    id: `${rel.a.id}_vs_${rel.b.id}`,
    title: `Consistency of ${rel.a.id} and ${rel.b.id}: ${rel.statement}`,
    citation: `${rel.a.citation}; ${rel.b.citation}`,
    provenance: derived(`consistency of the built-in entries ${rel.a.id} and ${rel.b.id}`),
    model: rel.a.model,
    normalization: `${rel.a.id}: ${rel.a.normalization}; ${rel.b.id}: ${rel.b.normalization}`,
    parameters: rel.a.parameters,
  } as const;
}

/** The theorem that checks a relation: violated exactly where A's and B's predictions disagree. */
export function consistencyTheorem(rel: ConsistencyRelation): Theorem {
  const owner = `consistency ${rel.a.id}_vs_${rel.b.id}`;
  const converted = (r: Regime): Regime => validateRegime(rel.b.parameters, rel.convert(r), `${owner} (converted regime)`) as Regime;
  if (rel.kind === 'disjoint') return disjointTheorem(rel, converted);
  return defineTheorem({
    ...relationIdentity(rel),
    hypothesis: {
      text: `${rel.kind === 'boundary' ? `${rel.b.id}'s hypothesis holds after conversion (${rel.a.id}'s closed form continued to its boundary)` : `${rel.a.id}'s and ${rel.b.id}'s hypotheses both hold, after conversion`}`,
      check(r: Regime) {
        if (rel.kind !== 'boundary') {
          const a = rel.a.hypothesis.check(r);
          if (a !== true) return `${rel.a.id}: ${a}`;
        }
        let rb: Regime;
        try {
          rb = converted(r);
        } catch (e) {
          return `${rel.b.id}: ${e instanceof Error ? e.message : String(e)}`;
        }
        const b = rel.b.hypothesis.check(rb);
        return b === true || `${rel.b.id}: ${b}`;
      },
    },
    predict(r: Regime): Prediction {
      const rb = converted(r);
      const pa = rel.a.predict(r);
      const pb = rel.b.predict(rb);
      const out: Record<string, Quantity> = {};
      for (const q of rel.quantities) {
        out[sideKey('a', q.id)] = q.fromA(pa, r);
        out[sideKey('b', q.id)] = q.fromB(pb, rb);
      }
      return { ...out, loss: Number.NaN };
    },
    clauses: ({ identity }) =>
      rel.quantities.map((q) =>
        identity(q.id, {
          statement: `${rel.a.id} and ${rel.b.id} predict the same ${q.statement}`,
          tolerance: q.tolerance ?? 'gram',
          // Predictions only: the point is not read, one random point is enough.
          points: 'random',
          predicted: (p) => quantityOf(p, sideKey('b', q.id)),
          measured: (_point, p) => quantityOf(p, sideKey('a', q.id)),
        }),
      ),
    regimes: { inside: rel.regimes },
    training: { restarts: 0 },
    runs: rel.runs ?? 20,
  });
}

/** A proved region and a refuted claim's region must not meet: B's hypothesis fails at every regime of A's. */
function disjointTheorem(rel: ConsistencyRelation, converted: (r: Regime) => Regime): Theorem {
  const refutedHere = (r: Regime): number => {
    let rb: Regime;
    try {
      rb = converted(r);
    } catch {
      return 0; // outside B's parameters altogether: B claims nothing here
    }
    return rel.b.hypothesis.check(rb) === true ? 1 : 0;
  };
  return defineTheorem({
    ...relationIdentity(rel),
    hypothesis: rel.a.hypothesis,
    predict: (r: Regime): Prediction => ({ loss: Number.NaN, refuted: refutedHere(r) }),
    clauses: ({ identity }) => [
      identity('region', {
        statement: `no regime is claimed proved by ${rel.a.id} and refuted by ${rel.b.id} (${rel.b.id}'s hypothesis "${rel.b.hypothesis.text}" fails throughout ${rel.a.id}'s)`,
        tolerance: { rtol: 0, atol: 0.5 },
        points: 'random',
        predicted: () => 0,
        measured: (_point, p) => quantityOf(p, 'refuted'),
      }),
    ],
    regimes: { inside: rel.regimes },
    training: { restarts: 0 },
    runs: rel.runs ?? 20,
  });
}

function quantityOf(p: Prediction, key: string): Quantity {
  const q = p[key];
  if (q === undefined) throw new Error(`consistency: no ${key} in the prediction`);
  return q;
}
