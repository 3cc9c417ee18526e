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

const D_OVER_K = 'd/K';

const numeric = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function firstKey(specs: ParameterSpecs, kind: 'integer' | 'real'): string | undefined {
  return Object.entries(specs).find(([, s]) => s.kind === kind && s.optional !== true)?.[0];
}

export function phaseOf(theorem: Theorem): Phase | undefined {
  const axes = phaseAxesOf(theorem);
  return axes === undefined ? undefined : { axes, ...phaseCoordinates(axes) };
}

function phaseAxesOf(theorem: Theorem): PhaseAxes | undefined {
  const p = theorem.parameters;
  const xKey = p.d?.kind === 'integer' && p.K?.kind === 'integer' ? D_OVER_K : (firstKey(p, 'integer') ?? firstKey(p, 'real'));
  if (xKey === undefined) return undefined;
  const x = { label: xKey, log: false };
  const thresholds = theorem.thresholds ?? [];
  if (thresholds.length > 0) {
    return { x, y: thresholds.map((t) => ({ label: t.name, log: t.at > 0, threshold: { name: t.name, at: t.at } })) };
  }
  const yKey = firstKey(p, 'real');
  if (yKey === undefined) return undefined;
  const spec = p[yKey];
  return { x, y: [{ label: yKey, log: spec.kind === 'real' && spec.log }] };
}

/**
 * The coordinates an axis stands for, from the axis alone (so that `merge`
 * recomputes them from a coverage file without theorem code): x is d/K or the
 * regime key it is labelled with; a y axis with a threshold is that
 * threshold's value at the regime (recorded with it), else the key it is
 * labelled with.
 */
export function phaseCoordinates(axes: PhaseAxes): Pick<Phase, 'x' | 'y'> {
  const x: Coordinate =
    axes.x.label === D_OVER_K
      ? (r) => {
          const d = numeric(r.d);
          const K = numeric(r.K);
          return d === null || K === null ? null : d / K;
        }
      : (r) => numeric(r[axes.x.label]);
  let threshold = 0;
  const y = axes.y.map((axis): Coordinate => {
    if (axis.threshold === undefined) return (r) => numeric(r[axis.label]);
    const i = threshold++;
    return (_r, values) => numeric(values?.[i]);
  });
  return { x, y };
}
