// Counterexamples as views present them: grouped by regime (several clauses
// broken at one regime make one block, not one block each), with their
// numbers — predicted vs measured, scalars and matrices — as text lines the
// terminal, Markdown and JUnit views share (HTML draws the same as tables).
import type { ComparedValues, ValueEntry } from '../verify/values.ts';
import type { ClauseEntry, CounterexampleEntry, ModeEntry } from './schema.ts';

export interface CounterexampleGroup {
  /** The first clause's counterexample: regime, replay, traces are the same for the group. */
  readonly cx: CounterexampleEntry;
  readonly clauses: readonly ClauseEntry[];
}

/** A mode's counterexamples, one group per regime (in clause order). */
export function counterexampleGroups(m: ModeEntry): CounterexampleGroup[] {
  const groups = new Map<string, { cx: CounterexampleEntry; clauses: ClauseEntry[] }>();
  for (const c of m.clauses) {
    const cx = c.counterexample;
    if (cx === undefined) continue;
    const key = `${JSON.stringify(cx.regime)}\u0000${cx.hypothesisHolds}`;
    const g = groups.get(key);
    if (g === undefined) groups.set(key, { cx, clauses: [c] });
    else g.clauses.push(c);
  }
  return [...groups.values()];
}

/**
 * `<launcher> replay <caseId>`: the failure-database replay, started the way the
 * run was — with the launcher its own replay command begins with (`./bin/nc-check`
 * in a checkout, `npx nc-check` as an installed package: src/run/meta.ts
 * launcher()). Read from the coverage file, so views stay pure and a file
 * written before this line existed prints what its run would have run.
 */
export function caseReplay(cx: Pick<CounterexampleEntry, 'replay' | 'caseId'>): string | undefined {
  if (cx.caseId === undefined) return undefined;
  const at = cx.replay.indexOf(' verify ');
  return `${at > 0 ? cx.replay.slice(0, at) : 'nc-check'} replay ${cx.caseId}`;
}

/** A number as a person compares it: exact zero, short fixed, or scientific for tiny and huge magnitudes. */
export function formatValue(x: number | null | undefined): string {
  if (x === null || x === undefined) return 'NaN';
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'NaN' : x > 0 ? 'inf' : '-inf';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a < 1e-4 || a >= 1e6) return x.toExponential(3);
  return String(Number(x.toPrecision(7)));
}

/** How a shrunk or replayed counterexample was found; undefined when neither (nothing worth saying). */
export function provenanceText(cx: CounterexampleEntry): string | undefined {
  if (cx.origin === 'database') return 'replayed from the failure database';
  return cx.shrinkSteps > 0 ? `shrunk in ${cx.shrinkSteps} step${cx.shrinkSteps === 1 ? '' : 's'}` : undefined;
}

const shape = (v: ValueEntry): string => (typeof v === 'number' ? 'scalar' : `${v.rows}×${v.cols}`);

function matrixLines(name: string, v: ValueEntry): string[] {
  if (typeof v === 'number' || v.data === undefined) return [];
  const cells = v.data.map((x) => formatValue(x));
  const width = Math.max(...cells.map((c) => c.length));
  const rows = Array.from({ length: v.rows }, (_, i) => cells.slice(i * v.cols, (i + 1) * v.cols).map((c) => c.padStart(width)).join('  '));
  return [`${name} (${shape(v)}):`, ...rows.map((r) => `  [ ${r} ]`)];
}

/** Predicted vs measured, as lines (no indentation). */
export function valuesLines(v: ComparedValues): string[] {
  if (typeof v.predicted === 'number' && typeof v.measured === 'number') {
    return [`${v.quantity}: predicted ${formatValue(v.predicted)}, measured ${formatValue(v.measured)} (difference ${formatValue(v.measured - v.predicted)})`];
  }
  const lines = [`${v.quantity}:`];
  if (typeof v.predicted !== 'number' && v.predicted.data !== undefined) {
    lines.push(...matrixLines('predicted', v.predicted), ...matrixLines('measured', v.measured));
    return lines;
  }
  lines.push(`${shape(v.predicted)} matrices; largest deviations (row, col: predicted → measured):`);
  for (const d of v.largest ?? []) lines.push(`  (${d.row}, ${d.col}): ${formatValue(d.predicted)} → ${formatValue(d.measured)}`);
  if (v.spectra !== undefined) {
    lines.push(`singular values, predicted: ${v.spectra.predicted.map(formatValue).join(', ')}`, `singular values, measured:  ${v.spectra.measured.map(formatValue).join(', ')}`);
  }
  return lines;
}
