// The terminal view of a coverage document: one block per theorem, one table
// per mode, counterexamples with their replay command, and the closing
// "N passed, N failed" line CI tools read.
import type { ClauseEntry, CoverageReport, ModeEntry, Summary, TheoremEntry } from './schema.ts';
import { counterexampleGroups, provenanceText, valuesLines, type CounterexampleGroup } from './counterexamples.ts';
import { terminalText } from './sanitize.ts';
import { empiricalModeHeader, empiricalRunLine, isEmpiricalMode, STATISTIC_COLUMN, statisticCell, statisticText } from './empirical-text.ts';

const STATUS_LABEL: Record<ClauseEntry['status'], string> = {
  verified: 'verified',
  violated: 'VIOLATED',
  inconclusive: 'inconclusive',
  vacuous: 'vacuous',
  'not-run': 'not run',
  error: 'ERROR',
};

export function statusLabel(c: ClauseEntry, mode: ModeEntry['mode']): string {
  if (c.expectedRefutation === true) return 'refuted (expected)';
  if (c.status === 'violated' && c.outsideHypothesis) return 'violated outside hypothesis';
  if (c.status === 'verified' && mode === 'outside') return 'held outside hypothesis';
  // Passes compared against the best trained restarts only (no certificate of the global minimum).
  if (c.status === 'verified' && c.counts.uncertified > 0) return c.counts.uncertified === c.counts.pass ? 'verified, uncertified' : 'verified, partly uncertified';
  return STATUS_LABEL[c.status];
}

/** A mode that did not run: "not run", or "ERROR" when the theorem's own code failed while planning it. */
export function notRunLabel(m: ModeEntry): string {
  return m.clauses.some((c) => c.status === 'error') ? 'ERROR' : 'not run';
}

export function formatMargin(m: number | undefined): string {
  if (m === undefined) return '-';
  if (!Number.isFinite(m)) return 'inf';
  // Three significant digits: enough to compare runs, few enough to read.
  return m === 0 ? '0' : m < 1e-3 || m >= 1e4 ? m.toExponential(2) : m.toPrecision(3);
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

function applicable(c: ClauseEntry): number {
  return c.counts.pass + c.counts.violated + c.counts.inconclusive + c.counts.error;
}

/** An empirical claim's table: seeds instead of regimes, the statistic instead of margins. */
function empiricalModeBlock(m: ModeEntry): string[] {
  const lines = [`  ${m.mode}: ${empiricalModeHeader(m)}`];
  const idWidth = Math.max(6, ...m.clauses.map((c) => c.id.length)) + 2;
  lines.push(`    ${pad('clause', idWidth)}${pad('status', 14)}${STATISTIC_COLUMN}`);
  for (const c of m.clauses) lines.push(`    ${pad(c.id, idWidth)}${pad(statusLabel(c, m.mode), 14)}${c.statistic === undefined ? '-' : statisticCell(c.statistic)}`);
  for (const c of m.clauses) {
    if (c.statistic !== undefined) lines.push(`      ${c.id}: ${c.statistic.effect}`, `        ${statisticText(c.statistic)}`);
    if (c.status !== 'verified' && c.note !== undefined) lines.push(`        ${c.note}`);
  }
  return lines;
}

/** One block per counterexample regime: the clauses it breaks, each with its numbers, then how to replay it. */
function counterexampleBlock(g: CounterexampleGroup): string[] {
  const { cx } = g;
  const refutation = g.clauses.every((c) => c.expectedRefutation === true);
  const ids = g.clauses.map((c) => c.id).join(', ');
  const lines = [`      ${refutation ? 'refutation of the known-false claim' : 'counterexample to'} ${ids}${cx.hypothesisHolds ? '' : ' (outside the hypothesis)'}: ${JSON.stringify(cx.regime)}`];
  for (const c of g.clauses) {
    const x = c.counterexample!;
    lines.push(`        ${c.id}: margin ${formatMargin(x.margin)}${x.reason === undefined ? '' : `; ${x.reason}`}`);
    if (x.values !== undefined) lines.push(...valuesLines(x.values).map((l) => `          ${l}`));
    if (x.solutionFile !== undefined) lines.push(`          ${c.expectedRefutation === true ? 'lower-loss' : 'violating'} solution saved: ${x.solutionFile}`);
  }
  const how = provenanceText(cx);
  lines.push(`        ${how === undefined ? '' : `${how}; `}replay: ${cx.replay}`);
  return lines;
}

function modeBlock(m: ModeEntry): string[] {
  if (!m.ran) return [`  ${m.mode}: ${notRunLabel(m)} — ${m.notRunReason ?? 'no regimes'}`];
  if (isEmpiricalMode(m)) return empiricalModeBlock(m);
  const r = m.restarts;
  const lines = [
    `  ${m.mode}: ${m.regimes.evaluated} regimes (hypothesis held in ${m.regimes.hypothesisHeld}, ${m.regimes.nearThreshold} within 2% of a threshold); ` +
      `${r.total} restarts: ${r.converged} converged, ${r.budgetExhausted} budget-exhausted, ${r.diverged} diverged; ${m.seconds.toFixed(1)} s`,
  ];
  const idWidth = Math.max(6, ...m.clauses.map((c) => c.id.length)) + 2;
  lines.push(`    ${pad('clause', idWidth)}${pad('kind', 12)}${pad('status', 30)}${pad('passed', 10)}worst margin`);
  for (const c of m.clauses) {
    const passed = applicable(c) === 0 ? '-' : `${c.counts.pass}/${applicable(c)}`;
    lines.push(`    ${pad(c.id, idWidth)}${pad(c.kind, 12)}${pad(statusLabel(c, m.mode), 30)}${pad(passed, 10)}${formatMargin(c.worstMargin)}`);
  }
  for (const c of m.clauses) if (c.status === 'inconclusive' || c.status === 'error') lines.push(`      ${c.id}: ${c.note ?? ''}`);
  for (const g of counterexampleGroups(m)) lines.push(...counterexampleBlock(g));
  return lines;
}

export function theoremBlock(t: TheoremEntry): string {
  if (t.error !== undefined) return [`${t.id}  ${t.title}`, `  ERROR: ${t.error}`].join('\n');
  const run = empiricalRunLine(t);
  const lines = [`${t.id}  ${t.title}`, `  ${t.citation}  ${t.provenance.label}`, `  ${run === undefined ? 'hypothesis' : 'setting'}: ${t.hypothesis}`, ...(run === undefined ? [] : [`  ${run}`])];
  if (t.expect === 'refuted') lines.push('  KNOWN-FALSE CLAIM (refutation fixture): a violation is the expected outcome; finding none is inconclusive');
  for (const m of t.modes) lines.push(...modeBlock(m));
  for (const n of t.nonClaims) lines.push(`  not tested, by design: ${n.statement} — ${n.reason}`);
  return lines.join('\n');
}

export function closingLine(s: Summary): string {
  // "N passed, N failed" stays contiguous (CI tools read it). Expected refutations of known-false claims
  // count among the passes, so they are named after the breakdown of the skips, not inside it.
  const refuted = s.refuted > 0 ? `; the passes include ${s.refuted} known-false claim${s.refuted === 1 ? '' : 's'} refuted as expected` : '';
  const details = [
    s.inconclusive > 0 ? `${s.inconclusive} inconclusive` : '',
    s.violatedOutsideHypothesis > 0 ? `${s.violatedOutsideHypothesis} violated only outside the hypothesis` : '',
    s.vacuous > 0 ? `${s.vacuous} vacuous` : '',
    s.notRun > 0 ? `${s.notRun} not run` : '',
  ].filter((x) => x !== '');
  return `verify: ${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped${details.length > 0 ? ` (${details.join(', ')})` : ''}${refuted}`;
}

/**
 * Titles, statements and error messages come from theorem files and coverage files: an escape sequence
 * or a bidi override in one must not reach the user's terminal (see sanitize.ts).
 */
export const printable = terminalText;

export function renderTerminal(report: CoverageReport): string {
  return printable(`${report.theorems.map(theoremBlock).join('\n\n')}\n\n${closingLine(report.summary)}\n`);
}
