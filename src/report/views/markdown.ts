// GitHub-flavoured Markdown summary, for $GITHUB_STEP_SUMMARY or a PR comment.
// GitHub caps a step summary at 1 MiB; this view stays far below by design:
// one table row per clause and mode, at most MAX_COUNTEREXAMPLES detailed
// counterexamples, and a hard cap (MAX_BYTES) after which it says what it left out.
import type { ClauseEntry, CoverageReport, ModeEntry, TheoremEntry } from '../schema.ts';
import { closingLine, formatMargin, notRunLabel, statusLabel } from '../terminal.ts';
import { applicable, ciOutcome } from './outcome.ts';
import { regimeText } from './text.ts';
import { htmlText, markdownCode, markdownCodeLines, markdownText, oneLine } from '../sanitize.ts';
import { empiricalModeHeader, isEmpiricalMode, pValueCell, runSizeText, STATISTIC_COLUMN, statisticCell } from '../empirical-text.ts';
import { caseReplay, counterexampleGroups, provenanceText, valuesLines, type CounterexampleGroup } from '../counterexamples.ts';

export const MAX_BYTES = 200_000;
export const MAX_COUNTEREXAMPLES = 20;

const ICON: Record<ReturnType<typeof ciOutcome>, string> = { passed: '✅', failed: '❌', error: '💥', skipped: '⚪' };

/** Text from the coverage file (which may come from anywhere): inert, one line, Markdown syntax escaped. */
const cell = markdownText;

/** Text inside our own HTML (the <details> summaries): inert, escaped, on one line. */
const html = (s: string): string => htmlText(oneLine(s));

/** A code span no text can close (see markdownCode); codeCell for one inside a table row. */
export const code = (s: string): string => markdownCode(s);
const codeCell = (s: string): string => markdownCode(s, true);

/** A fenced code block no line of the text can close. */
function codeBlock(lang: string, lines: readonly string[]): string[] {
  const fence = '`'.repeat(Math.max(2, ...lines.flatMap((l) => (l.match(/`+/g) ?? []).map((r) => r.length))) + 1);
  return [`${fence}${lang}`, ...lines, fence];
}

/** An empirical claim's table: the statistic over seeds instead of regimes and margins. */
function empiricalTable(m: ModeEntry): string[] {
  const lines = [`**${cell(m.mode)}**: ${cell(empiricalModeHeader(m))}`, '', `| | clause | status | ${STATISTIC_COLUMN} | p (test) |`, '|---|---|---|---|---:|'];
  for (const c of m.clauses) {
    const s = c.statistic;
    lines.push(`| ${ICON[ciOutcome(c)]} | ${codeCell(c.id)} | ${cell(statusLabel(c, m.mode))} | ${s === undefined ? '–' : cell(statisticCell(s))} | ${s === undefined ? '–' : cell(pValueCell(s))} |`);
  }
  lines.push('');
  const notes = m.clauses.filter((c) => c.status !== 'verified' && c.note !== undefined);
  if (notes.length > 0) lines.push(...notes.map((c) => `- ${code(c.id)}: ${cell(c.note!)}`), '');
  return lines;
}

function modeTable(m: ModeEntry): string[] {
  if (!m.ran) return [`**${cell(m.mode)}**: ${notRunLabel(m)} — ${cell(m.notRunReason ?? 'no regimes')}`, ''];
  if (isEmpiricalMode(m)) return empiricalTable(m);
  const replayed = m.replayed !== undefined && m.replayed > 0 ? `, ${m.replayed} replayed from the failure database` : '';
  const lines = [
    `**${cell(m.mode)}**: ${m.regimes.evaluated} regimes (hypothesis held in ${m.regimes.hypothesisHeld}, ${m.regimes.nearThreshold} near a threshold${replayed}); ` +
      `${m.restarts.converged}/${m.restarts.total} restarts converged`,
    '',
    '| | clause | kind | status | passed | worst margin |',
    '|---|---|---|---|---:|---:|',
  ];
  for (const c of m.clauses) {
    const passed = applicable(c) === 0 ? '–' : `${c.counts.pass}/${applicable(c)}`;
    lines.push(`| ${ICON[ciOutcome(c)]} | ${codeCell(c.id)} | ${cell(c.kind)} | ${cell(statusLabel(c, m.mode))} | ${passed} | ${formatMargin(c.worstMargin)} |`);
  }
  lines.push('');
  // A clause whose code failed says why (the theorem's author needs the message).
  const errors = m.clauses.filter((c) => c.status === 'error' && c.note !== undefined);
  if (errors.length > 0) lines.push(...errors.map((c) => `- ${ICON.error} ${code(c.id)}: ${cell(c.note!)}`), '');
  return lines;
}

/** One block per counterexample regime: the clauses it breaks with their numbers, then how to replay it. */
function counterexampleBlock(t: TheoremEntry, m: ModeEntry, g: CounterexampleGroup): string[] {
  const { cx } = g;
  const ids = g.clauses.map((c) => `<code>${html(c.id)}</code>`).join(', ');
  const margins = g.clauses.map((c) => formatMargin(c.counterexample!.margin));
  const lines = [
    `<details><summary><code>${html(t.id)}</code> · ${html(m.mode)} · ${ids}${cx.hypothesisHolds ? '' : ' (outside the hypothesis)'} — margin ${margins.join(', ')}</summary>`,
    '',
    `- regime: ${code(regimeText(cx.regime))}`,
  ];
  const how = provenanceText(cx);
  if (how !== undefined) lines.push(`- ${how}`);
  lines.push('');
  for (const c of g.clauses) {
    const x = c.counterexample!;
    lines.push(`**${code(c.id)}** — margin ${formatMargin(x.margin)}${x.reason === undefined ? '' : `: ${cell(x.reason)}`}`, '');
    if (x.values !== undefined) lines.push(...codeBlock('text', valuesLines(x.values).flatMap(markdownCodeLines)), '');
  }
  lines.push(...codeBlock('sh', [...markdownCodeLines(cx.replay), ...(cx.caseId === undefined ? [] : [oneLine(caseReplay(cx)!)])]));
  lines.push('', '</details>', '');
  return lines;
}

export function renderMarkdown(report: CoverageReport): string {
  const s = report.summary;
  const head = [
    `## nc-check theorem coverage — ${s.failed === 0 ? '✅' : '❌'} ${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped`,
    '',
    `\`${closingLine(s)}\``,
    '',
    `nc-check ${cell(report.meta.version)}${report.meta.commit === undefined ? '' : ` @ ${code(report.meta.commit.slice(0, 12))}`} · backend ${cell(report.meta.backend)} (${cell(report.meta.dtype)}) · seed ${report.meta.seed} · ${cell(runSizeText(report).text)}` +
      (report.meta.shard === undefined ? '' : ` · shard ${cell(report.meta.shard)}`),
    '',
    'A clause *passes* when verified on every regime where it applied; *skipped* covers inconclusive (never counted as verified), vacuous, not run, and violations that occur only outside the hypothesis. Margin = error / allowance (≤ 1 holds).',
    '',
  ];
  const body: string[] = [];
  const details: string[] = [];
  let shown = 0;
  let hidden = 0;
  for (const t of report.theorems) {
    if (t.error !== undefined) {
      body.push(`### ${ICON.error} ${code(t.id)} — ${cell(t.title)}`, '', `ERROR: ${cell(t.error)}`, '');
      continue;
    }
    body.push(`### ${code(t.id)} — ${cell(t.title)}`, '', `${cell(t.citation)} · ${cell(t.provenance.label)} · ${t.kind === 'empirical' ? 'setting' : 'hypothesis'}: ${cell(t.hypothesis)}`, '');
    for (const m of t.modes) {
      body.push(...modeTable(m));
      for (const g of counterexampleGroups(m)) {
        if (shown < MAX_COUNTEREXAMPLES) {
          details.push(...counterexampleBlock(t, m, g));
          shown++;
        } else hidden++;
      }
    }
  }
  if (details.length > 0) body.push('### Counterexamples', '', ...details);
  if (hidden > 0) body.push(`_${hidden} more counterexamples are in theorem-coverage.json._`, '');
  let out = [...head, ...body].join('\n');
  if (Buffer.byteLength(out) > MAX_BYTES) {
    // Cut at a line boundary, well inside GitHub's 1 MiB limit, and say so.
    const head = Buffer.from(out).subarray(0, MAX_BYTES - 200).toString();
    out = `${head.slice(0, head.lastIndexOf('\n'))}\n\n_…truncated at ${MAX_BYTES / 1000} kB; the full results are in theorem-coverage.json._\n`;
  }
  return out.endsWith('\n') ? out : `${out}\n`;
}
