// Phase-diagram axes of a theorem, decided once when the canonical file is
// written so that views need no theorem code: x is the width ratio d/K when the
// regime has both (where "d ≥ K"-style hypotheses break), else the first
// integer parameter; one y axis per threshold (its quantity, e.g. c =
// sqrt(λ_W λ_H) or Kq, drawn with the threshold line), or the first real
// parameter when the theorem declares none.
import type { ParameterSpecs } from '../regime/parameters.ts';
import type { Regime } from '../regime/regime.ts';
import type { Theorem } from '../theorem/define.ts';
import type { PhaseAxes } from './schema.ts';

type Coordinate = (regime: Regime, thresholdValues: readonly number[] | undefined) => number | null;

export interface Phase {
  readonly axes: PhaseAxes;
  readonly x: Coordinate;
  readonly y: readonly Coordinate[];
}

const numeric = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function firstKey(specs: ParameterSpecs, kind: 'integer' | 'real'): string | undefined {
  return Object.entries(specs).find(([, s]) => s.kind === kind && s.optional !== true)?.[0];
}

export function phaseOf(theorem: Theorem): Phase | undefined {
  const p = theorem.parameters;
  let x: Phase['x'];
  let xLabel: string;
  if (p.d?.kind === 'integer' && p.K?.kind === 'integer') {
    xLabel = 'd/K';
    x = (r) => {
      const d = numeric(r.d);
      const K = numeric(r.K);
      return d === null || K === null ? null : d / K;
    };
  } else {
    const key = firstKey(p, 'integer') ?? firstKey(p, 'real');
    if (key === undefined) return undefined;
    xLabel = key;
    x = (r) => numeric(r[key]);
  }
  const thresholds = theorem.thresholds ?? [];
  if (thresholds.length > 0) {
    return {
      axes: {
        x: { label: xLabel, log: false },
        y: thresholds.map((t) => ({ label: t.name, log: t.at > 0, threshold: { name: t.name, at: t.at } })),
      },
      x,
      y: thresholds.map((_, i) => (_r: Regime, values: readonly number[] | undefined) => numeric(values?.[i])),
    };
  }
  const yKey = firstKey(p, 'real');
  if (yKey === undefined) return undefined;
  const spec = p[yKey];
  return {
    axes: { x: { label: xLabel, log: false }, y: [{ label: yKey, log: spec.kind === 'real' && spec.log }] },
    x,
    y: [(r) => numeric(r[yKey])],
  };
}
