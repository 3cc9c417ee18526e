// Per-regime points for phase diagrams, kept in bounded memory whatever the
// run length. Each regime is reduced to a small point (regime, verdict, worst
// margin, threshold values) and kept by a bottom-k sketch: the k points whose
// hash(regime key) is smallest. That choice is deterministic, independent of
// evaluation order, and mergeable — the bottom-k of two shards' bottom-k sets
// is the bottom-k of their union — so a sharded sweep's merged file holds the
// same points as one long run. Passing and non-passing regimes are sketched
// separately so that rare failures always show in the diagram.
import { hashString } from '../random/rng.ts';
import { regimeKey, type Regime } from '../regime/regime.ts';
import type { RegimeClauseStatus, RegimeOrigin, RegimeRecord } from './results.ts';

/** A regime's overall verdict: its worst clause outcome. */
export type PointVerdict = Exclude<RegimeClauseStatus, 'not-applicable'> | 'not-applicable';

export interface PointClause {
  readonly id: string;
  readonly status: RegimeClauseStatus;
  readonly margin?: number;
}

export interface RegimePoint {
  readonly regime: Regime;
  readonly index: number;
  readonly origin: RegimeOrigin;
  readonly path?: string;
  readonly hypothesisHolds: boolean;
  readonly nearThreshold: boolean;
  readonly verdict: PointVerdict;
  /** Largest margin over the clauses compared on this regime. */
  readonly worstMargin?: number;
  /** Clauses that were not a pass or not-applicable here. */
  readonly failing?: readonly string[];
  /** Each clause's outcome here (status, margin), for per-regime × clause exports. */
  readonly clauses?: readonly PointClause[];
  readonly thresholdValues?: readonly number[];
  /** Sketch priority: hash of the regime key. */
  readonly hash: number;
}

/** Points kept per theorem mode: passing and non-passing regimes each. */
export const POINTS_PER_MODE = { passing: 1000, failing: 500 } as const;

const SEVERITY: Record<PointVerdict, number> = { 'not-applicable': 0, pass: 1, inconclusive: 2, error: 3, violated: 4 };

export function pointOf(record: RegimeRecord): RegimePoint {
  let verdict: PointVerdict = 'not-applicable';
  let worstMargin: number | undefined;
  const failing: string[] = [];
  for (const c of record.clauses) {
    if (SEVERITY[c.status] > SEVERITY[verdict]) verdict = c.status;
    if (c.status !== 'pass' && c.status !== 'not-applicable') failing.push(c.clause);
    if (c.margin !== undefined && !Number.isNaN(c.margin) && (worstMargin === undefined || c.margin > worstMargin)) worstMargin = c.margin;
  }
  return {
    regime: record.regime,
    index: record.index,
    origin: record.origin ?? (record.index >= 0 ? 'sample' : 'explicit'),
    path: record.path,
    hypothesisHolds: record.hypothesisHolds,
    nearThreshold: record.nearThreshold,
    verdict,
    worstMargin,
    failing: failing.length > 0 ? failing : undefined,
    clauses: record.clauses.map((c) => ({ id: c.clause, status: c.status, margin: c.margin })),
    thresholdValues: record.thresholdValues,
    hash: hashString(regimeKey(record.regime)),
  };
}

export interface PointSketch {
  add(point: RegimePoint): void;
  /** Kept points, ordered by priority (deterministic). */
  points(): RegimePoint[];
  /** Points offered but not kept. */
  readonly omitted: number;
}

/** Keeps the `capacity` points of smallest hash; ties keep the first offered, and an identical regime is kept once. */
function bottomK(capacity: number): { add(p: RegimePoint): boolean; list: RegimePoint[] } {
  const list: RegimePoint[] = [];
  return {
    list,
    add(p) {
      if (capacity <= 0) return false;
      if (list.length === capacity && p.hash >= list[list.length - 1].hash) return false;
      let lo = 0;
      let hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (list[mid].hash <= p.hash) lo = mid + 1;
        else hi = mid;
      }
      if (lo > 0 && list[lo - 1].hash === p.hash && regimeKey(list[lo - 1].regime) === regimeKey(p.regime)) return false;
      list.splice(lo, 0, p);
      if (list.length > capacity) list.pop();
      return true;
    },
  };
}

export function createPointSketch(capacity: { passing: number; failing: number } = POINTS_PER_MODE): PointSketch {
  const passing = bottomK(capacity.passing);
  const failing = bottomK(capacity.failing);
  let offered = 0;
  return {
    add(point) {
      offered++;
      (point.verdict === 'pass' || point.verdict === 'not-applicable' ? passing : failing).add(point);
    },
    points: () => [...failing.list, ...passing.list],
    get omitted() {
      return offered - passing.list.length - failing.list.length;
    },
  };
}
