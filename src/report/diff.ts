// Regression check between two coverage documents (a baseline and a current
// run): which (theorem, mode, clause) entries got worse. Worse means a status
// lower on the ladder below, a clause that disappeared, or a worst margin that
// grew by more than the stated factor (margins below the floor count as the
// floor, so noise far inside tolerance is not a drift).
import type { Mode } from '../theorem/define.ts';
import type { ClauseEntry, CoverageReport } from './schema.ts';
import { statusLabel } from './terminal.ts';

/** Higher is better. A violation outside the hypothesis is expected evidence, ranked with inconclusive. */
function rank(c: ClauseEntry): number {
  switch (c.status) {
    case 'verified':
      return 4;
    case 'vacuous':
      return 3;
    case 'inconclusive':
    case 'not-run':
      return 2;
    case 'violated':
      return c.outsideHypothesis ? 2 : 0;
    case 'error':
      return 0;
  }
}

export interface DiffOptions {
  /** Flag a worst margin that grew by more than this factor. */
  readonly marginFactor: number;
  /** Margins below this count as this value. */
  readonly marginFloor: number;
}

export const DEFAULT_DIFF: DiffOptions = { marginFactor: 10, marginFloor: 1e-3 };

export interface DiffEntry {
  readonly theorem: string;
  readonly mode: string;
  readonly clause: string;
  readonly kind: 'status-worse' | 'missing' | 'margin-drift' | 'status-better' | 'new' | 'margin-better';
  readonly message: string;
}

export interface DiffResult {
  readonly regressions: readonly DiffEntry[];
  readonly improvements: readonly DiffEntry[];
  readonly unchanged: number;
}

function index(report: CoverageReport): Map<string, { theorem: string; mode: Mode; clause: ClauseEntry }> {
  const m = new Map<string, { theorem: string; mode: Mode; clause: ClauseEntry }>();
  for (const t of report.theorems) for (const md of t.modes) for (const c of md.clauses) m.set(`${t.id}\u0000${md.mode}\u0000${c.id}`, { theorem: t.id, mode: md.mode, clause: c });
  return m;
}

const fmt = (m: number | undefined): string => (m === undefined ? '-' : m.toExponential(2));

export function diffCoverage(base: CoverageReport, current: CoverageReport, o: DiffOptions = DEFAULT_DIFF): DiffResult {
  const before = index(base);
  const after = index(current);
  const regressions: DiffEntry[] = [];
  const improvements: DiffEntry[] = [];
  let unchanged = 0;
  for (const [key, b] of before) {
    const where = { theorem: b.theorem, mode: b.mode, clause: b.clause.id };
    const a = after.get(key);
    if (a === undefined) {
      regressions.push({ ...where, kind: 'missing', message: `no longer checked (was ${statusLabel(b.clause, b.mode)})` });
      continue;
    }
    const rb = rank(b.clause);
    const ra = rank(a.clause);
    const label = (c: ClauseEntry) => statusLabel(c, b.mode);
    if (ra < rb) {
      regressions.push({ ...where, kind: 'status-worse', message: `${label(b.clause)} → ${label(a.clause)}` });
      continue;
    }
    if (ra > rb) improvements.push({ ...where, kind: 'status-better', message: `${label(b.clause)} → ${label(a.clause)}` });
    const mb = b.clause.worstMargin;
    const ma = a.clause.worstMargin;
    if (ma !== undefined && mb !== undefined) {
      const growth = Math.max(ma, o.marginFloor) / Math.max(mb, o.marginFloor);
      if (growth > o.marginFactor) {
        regressions.push({ ...where, kind: 'margin-drift', message: `worst margin ${fmt(mb)} → ${fmt(ma)} (×${growth.toPrecision(3)} > ×${o.marginFactor})` });
        continue;
      }
      if (1 / growth > o.marginFactor) improvements.push({ ...where, kind: 'margin-better', message: `worst margin ${fmt(mb)} → ${fmt(ma)}` });
    }
    if (ra === rb) unchanged++;
  }
  for (const [key, a] of after) {
    if (!before.has(key)) improvements.push({ theorem: a.theorem, mode: a.mode, clause: a.clause.id, kind: 'new', message: `new: ${statusLabel(a.clause, a.mode)}` });
  }
  return { regressions, improvements, unchanged };
}
