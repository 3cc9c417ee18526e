// Regression check between two coverage documents (a baseline and a current
// run): which (theorem, mode, clause) entries got worse. Worse means a status
// lower on the ladder below, a clause that disappeared, a worst margin that
// grew by more than the stated factor (margins below the floor count as the
// floor, so noise far inside tolerance is not a drift), or more entries left
// inconclusive or in error than before. Time per regime is compared too, but a
// slowdown only gates when asked (CI runners differ in speed from run to run).
// Two runs made with different settings are not comparable: a different
// sample (runs, seed, modes) or different training turns noise into
// "regressions", so those differences are named first and, unless allowed,
// refused; a changed theorem definition is named loudly next to its entries.
import type { Mode } from '../theorem/define.ts';
import { summarize } from './coverage.ts';
import type { ClauseEntry, CoverageReport } from './schema.ts';
import { statusLabel } from './terminal.ts';

/** Higher is better. A violation outside the hypothesis is expected evidence, ranked with inconclusive; an expected refutation is the expected verdict. */
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
      return c.expectedRefutation === true ? 4 : c.outsideHypothesis ? 2 : 0;
    case 'error':
      return 0;
  }
}

export interface DiffOptions {
  /** Flag a worst margin that grew by more than this factor. */
  readonly marginFactor: number;
  /** Margins below this count as this value. */
  readonly marginFloor: number;
  /** Report a mode whose time per regime grew by more than this factor. */
  readonly timeFactor: number;
  /** Count such slowdowns as regressions (exit 1). */
  readonly failOnSlowdown: boolean;
}

export const DEFAULT_DIFF: DiffOptions = { marginFactor: 10, marginFloor: 1e-3, timeFactor: 3, failOnSlowdown: false };

/** Modes that took less than this (seconds, in both runs) are not timed: start-up noise dominates. */
export const TIME_FLOOR_SECONDS = 1;

export type DiffKind = 'status-worse' | 'missing' | 'margin-drift' | 'count-growth' | 'slower' | 'status-better' | 'new' | 'margin-better';

export interface DiffEntry {
  readonly theorem: string;
  readonly mode: string;
  readonly clause: string;
  readonly kind: DiffKind;
  readonly message: string;
}

/** A setting in which the two runs differ. `blocking`: the samples are not comparable (refused unless allowed). */
export interface SettingDifference {
  readonly setting: string;
  readonly baseline: string;
  readonly current: string;
  readonly blocking: boolean;
}

export interface DiffResult {
  readonly settings: readonly SettingDifference[];
  readonly regressions: readonly DiffEntry[];
  readonly improvements: readonly DiffEntry[];
  /** Slower modes (time per regime), also in `regressions` when failOnSlowdown. */
  readonly slower: readonly DiffEntry[];
  readonly unchanged: number;
  readonly counts: { readonly inconclusive: readonly [number, number]; readonly errors: readonly [number, number] };
}

function index(report: CoverageReport): Map<string, { theorem: string; mode: Mode; clause: ClauseEntry }> {
  const m = new Map<string, { theorem: string; mode: Mode; clause: ClauseEntry }>();
  for (const t of report.theorems) for (const md of t.modes) for (const c of md.clauses) m.set(`${t.id}\u0000${md.mode}\u0000${c.id}`, { theorem: t.id, mode: md.mode, clause: c });
  return m;
}

const fmt = (m: number | undefined): string => (m === undefined ? '-' : m.toPrecision(3));
const show = (v: unknown): string => (v === undefined ? 'none' : typeof v === 'string' ? v : JSON.stringify(v));

/** The settings the two runs differ in: sample and training first (blocking), then theorem definitions (a warning). */
export function settingDifferences(base: CoverageReport, current: CoverageReport): SettingDifference[] {
  const a = base.meta;
  const b = current.meta;
  const out: SettingDifference[] = [];
  const blocking: [string, unknown, unknown][] = [
    ['regimes per mode (--runs)', a.runs, b.runs],
    ['seed (--seed)', a.seed, b.seed],
    ['modes (--mode)', [...a.modes].sort(), [...b.modes].sort()],
    ['dtype', a.dtype, b.dtype],
    ['backend', a.backend, b.backend],
    ['training options', a.train, b.train],
    ['shard', a.shard, b.shard],
  ];
  for (const [setting, x, y] of blocking) if (show(x) !== show(y)) out.push({ setting, baseline: show(x), current: show(y), blocking: true });
  const hashes = (r: CoverageReport) => new Map((r.meta.identity?.theorems ?? []).map((t) => [t.id, t.hash]));
  const ha = hashes(base);
  const hb = hashes(current);
  for (const [id, h] of ha) {
    const h2 = hb.get(id);
    if (h2 !== undefined && h2 !== h) out.push({ setting: `theorem ${id} definition`, baseline: `hash ${h}`, current: `hash ${h2}`, blocking: false });
  }
  return out;
}

const secondsPerRegime = (m: { seconds: number; regimes: { evaluated: number } }): number | undefined =>
  m.regimes.evaluated > 0 && Number.isFinite(m.seconds) ? m.seconds / m.regimes.evaluated : undefined;

function slowdowns(base: CoverageReport, current: CoverageReport, o: DiffOptions): DiffEntry[] {
  const out: DiffEntry[] = [];
  for (const t of current.theorems) {
    const bt = base.theorems.find((x) => x.id === t.id);
    for (const m of t.modes) {
      const bm = bt?.modes.find((x) => x.mode === m.mode);
      if (bm === undefined || bm.seconds < TIME_FLOOR_SECONDS || m.seconds < TIME_FLOOR_SECONDS) continue;
      const before = secondsPerRegime(bm);
      const after = secondsPerRegime(m);
      if (before === undefined || after === undefined || before <= 0) continue;
      const factor = after / before;
      if (factor > o.timeFactor) {
        out.push({ theorem: t.id, mode: m.mode, clause: '*', kind: 'slower', message: `time per regime ${before.toPrecision(3)} s → ${after.toPrecision(3)} s (×${factor.toPrecision(3)} > ×${o.timeFactor})` });
      }
    }
  }
  return out;
}

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
    // An expected refutation's margin is how far the known-false claim is broken: its growth is no regression.
    if (ma !== undefined && mb !== undefined && a.clause.expectedRefutation !== true) {
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
  // Counted from the entries (not the stored summary), so a hand-edited or merged file cannot hide them.
  const sb = summarize(base.theorems);
  const sa = summarize(current.theorems);
  const all = { theorem: '*', mode: '*', clause: '*' } as const;
  if (sa.inconclusive > sb.inconclusive) regressions.push({ ...all, kind: 'count-growth', message: `inconclusive entries ${sb.inconclusive} → ${sa.inconclusive}` });
  if (sa.errors > sb.errors) regressions.push({ ...all, kind: 'count-growth', message: `entries in error ${sb.errors} → ${sa.errors}` });
  const slower = slowdowns(base, current, o);
  if (o.failOnSlowdown) regressions.push(...slower);
  return {
    settings: settingDifferences(base, current),
    regressions,
    improvements,
    slower,
    unchanged,
    counts: { inconclusive: [sb.inconclusive, sa.inconclusive], errors: [sb.errors, sa.errors] },
  };
}
