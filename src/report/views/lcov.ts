// Theorem coverage in the formats code-coverage tools read: lcov tracefiles
// (genhtml, Codecov, Coveralls) and istanbul's json-summary (badges). Each
// theorem is a "source file": a generated clause listing, one line per (mode,
// clause), written next to the tracefile so genhtml can show it. What a hit
// means is COVERAGE_SEMANTICS, printed at the top of every listing.
import { safeFileName } from '../writer.ts';
import type { ClauseEntry, CoverageReport, ModeEntry, TheoremEntry } from '../schema.ts';
import { applicable, ciOutcome, COVERAGE_SEMANTICS } from './outcome.ts';
import { statisticCell } from '../empirical-text.ts';
import { listingField } from '../sanitize.ts';

/** Folder (relative to the tracefile) holding the clause listings. */
export const LISTING_DIR = 'theorem-listings';
/** Branches drawn per clause line at most; larger regime counts are scaled, keeping the passed fraction. */
export const MAX_BRANCHES_PER_LINE = 1000;

interface ListedLine {
  readonly line: number;
  readonly mode: ModeEntry;
  readonly clause: ClauseEntry;
}

interface Listing {
  readonly path: string;
  readonly text: string;
  readonly modes: readonly { readonly line: number; readonly mode: ModeEntry }[];
  readonly clauses: readonly ListedLine[];
}

export function listingPath(t: TheoremEntry): string {
  return `${LISTING_DIR}/${safeFileName(t.id)}.txt`;
}

/** The generated "source" of a theorem: the lines lcov's DA records point at. */
export function theoremListing(t: TheoremEntry): Listing {
  // Every field through listingField: one line each, so a newline in a title cannot move the lines DA/FN point at.
  const f = listingField;
  const lines = [`# ${f(t.id)} — ${f(t.title)}`, `# ${f(t.citation)}; hypothesis: ${f(t.hypothesis)}`, `# ${COVERAGE_SEMANTICS}`];
  if (t.error !== undefined) lines.push(`ERROR, could not be run: ${f(t.error)}`);
  const modes: { line: number; mode: ModeEntry }[] = [];
  const clauses: ListedLine[] = [];
  for (const m of t.modes) {
    lines.push(`mode ${f(m.mode)}:${m.ran ? '' : ` not run (${f(m.notRunReason ?? 'no regimes')})`}`);
    modes.push({ line: lines.length, mode: m });
    for (const c of m.clauses) {
      lines.push(`  ${f(c.id)} [${f(c.kind)}] ${f(c.statement)}${c.statistic === undefined ? '' : ` — ${f(c.statistic.effect)}: ${f(statisticCell(c.statistic))}`}`);
      clauses.push({ line: lines.length, mode: m, clause: c });
    }
  }
  return { path: listingPath(t), text: `${lines.join('\n')}\n`, modes, clauses };
}

/** Passed and total branches for a clause line (regimes, scaled to MAX_BRANCHES_PER_LINE). */
export function branchCounts(c: ClauseEntry): { total: number; taken: number } {
  const total = applicable(c);
  if (total <= MAX_BRANCHES_PER_LINE) return { total, taken: c.counts.pass };
  let taken = Math.round((MAX_BRANCHES_PER_LINE * c.counts.pass) / total);
  // Never round a partial pass up to "all" or down to "none".
  if (c.counts.pass < total) taken = Math.min(taken, MAX_BRANCHES_PER_LINE - 1);
  if (c.counts.pass > 0) taken = Math.max(taken, 1);
  return { total: MAX_BRANCHES_PER_LINE, taken };
}

const hits = (c: ClauseEntry): number => (ciOutcome(c) === 'passed' ? Math.max(1, c.counts.pass) : 0);

export function renderLcov(report: CoverageReport): string {
  const out: string[] = [];
  for (const t of report.theorems) {
    const listing = theoremListing(t);
    out.push('TN:nc_check_theorem_coverage', `SF:${listing.path}`);
    for (const { line, mode } of listing.modes) out.push(`FN:${line},${listingField(mode.mode)}`);
    for (const { mode } of listing.modes) out.push(`FNDA:${mode.ran ? Math.max(1, mode.regimes.evaluated) : 0},${listingField(mode.mode)}`);
    out.push(`FNF:${listing.modes.length}`, `FNH:${listing.modes.filter((m) => m.mode.ran).length}`);
    let brf = 0;
    let brh = 0;
    listing.clauses.forEach(({ line, clause }, block) => {
      const { total, taken } = branchCounts(clause);
      for (let b = 0; b < total; b++) out.push(`BRDA:${line},${block},${b},${b < taken ? 1 : 0}`);
      brf += total;
      brh += taken;
    });
    out.push(`BRF:${brf}`, `BRH:${brh}`);
    for (const { line, clause } of listing.clauses) out.push(`DA:${line},${hits(clause)}`);
    // A theorem that could not be run is one missed line: its error.
    if (t.error !== undefined) out.push('DA:4,0');
    const broken = t.error === undefined ? 0 : 1;
    out.push(`LF:${listing.clauses.length + broken}`, `LH:${listing.clauses.filter(({ clause }) => hits(clause) > 0).length}`, 'end_of_record');
  }
  return `${out.join('\n')}\n`;
}

interface Metric {
  total: number;
  covered: number;
  skipped: number;
  pct: number;
}

const metric = (total: number, covered: number): Metric => ({ total, covered, skipped: 0, pct: total === 0 ? 100 : Math.round((10000 * covered) / total) / 100 });

/** istanbul's coverage-summary.json: `total` plus one entry per theorem listing. */
export function renderJsonSummary(report: CoverageReport): string {
  const entries: [string, Record<string, Metric>][] = [];
  const sum = { lines: [0, 0], functions: [0, 0], branches: [0, 0] };
  for (const t of report.theorems) {
    const listing = theoremListing(t);
    const lines = [listing.clauses.length + (t.error === undefined ? 0 : 1), listing.clauses.filter(({ clause }) => hits(clause) > 0).length];
    const functions = [listing.modes.length, listing.modes.filter((m) => m.mode.ran).length];
    const branches = listing.clauses.map(({ clause }) => branchCounts(clause)).reduce((a, b) => [a[0] + b.total, a[1] + b.taken], [0, 0]);
    entries.push([listing.path, { lines: metric(lines[0], lines[1]), statements: metric(lines[0], lines[1]), functions: metric(functions[0], functions[1]), branches: metric(branches[0], branches[1]) }]);
    for (const [k, v] of [['lines', lines], ['functions', functions], ['branches', branches]] as const) {
      sum[k][0] += v[0];
      sum[k][1] += v[1];
    }
  }
  const total = {
    lines: metric(sum.lines[0], sum.lines[1]),
    statements: metric(sum.lines[0], sum.lines[1]),
    functions: metric(sum.functions[0], sum.functions[1]),
    branches: metric(sum.branches[0], sum.branches[1]),
  };
  return `${JSON.stringify(Object.fromEntries([['total', total], ...entries]), null, 2)}\n`;
}
