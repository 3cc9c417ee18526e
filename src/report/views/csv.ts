// CSV export for analysis in pandas or R: one row per (regime, clause) of
// every recorded regime point, with the regime's keys as columns, so that
// `pd.read_csv(f)` / `read.csv(f)` load it without options. Numbers are
// written at full precision (they round-trip), booleans as true/false, an
// infinite margin as Inf, anything missing as an empty field. The rows are
// the regime points the coverage file keeps (all evaluated regimes up to the
// bounded sample's size; see `pointsOmitted`).
import type { CoverageReport, PointEntry } from '../schema.ts';
import { csvField } from '../sanitize.ts';

const FIXED = ['theorem', 'mode', 'regime_index', 'origin', 'hypothesis_holds', 'near_threshold'] as const;
const TAIL = ['clause', 'kind', 'status', 'margin', 'regime_verdict', 'regime_worst_margin'] as const;

/** A field: numbers at full precision (Inf for infinity); text through the sanitizer's csvField (RFC 4180, one line, no formula). */
function field(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'number') return Number.isNaN(v) ? '' : v === Infinity ? 'Inf' : v === -Infinity ? '-Inf' : String(v);
  return csvField(typeof v === 'string' ? v : typeof v === 'boolean' ? String(v) : JSON.stringify(v));
}

/** Regime keys in order of first appearance over the whole file; a key named like a fixed column gets a `regime_` prefix. */
function regimeColumns(report: CoverageReport): { key: string; column: string }[] {
  const keys = new Set<string>();
  for (const t of report.theorems) for (const m of t.modes) for (const p of m.points ?? []) for (const k of Object.keys(p.regime)) keys.add(k);
  const taken = new Set<string>([...FIXED, ...TAIL]);
  return [...keys].map((key) => ({ key, column: taken.has(key) ? `regime_${key}` : key }));
}

export function renderCsv(report: CoverageReport): string {
  const columns = regimeColumns(report);
  const lines = [[...FIXED, ...columns.map((c) => c.column), ...TAIL].map(field).join(',')];
  for (const t of report.theorems) {
    for (const m of t.modes) {
      for (const p of m.points ?? []) {
        const head = [t.id, m.mode, p.index, p.origin, p.hypothesisHolds, p.nearThreshold, ...columns.map((c) => p.regime[c.key])];
        for (const c of m.clauses) {
          const outcome = clauseAt(p, c.id);
          lines.push([...head, c.id, c.kind, outcome?.status, outcome?.margin, p.verdict, p.worstMargin].map(field).join(','));
        }
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

function clauseAt(p: PointEntry, id: string): { status: string; margin?: number } | undefined {
  const found = p.clauses?.find((c) => c.id === id);
  if (found !== undefined) return found;
  // Files written before per-point outcomes (schema 1.5) only name the clauses that did not pass.
  return p.failing?.includes(id) === true ? { status: 'not-passing' } : undefined;
}
