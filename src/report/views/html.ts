// Self-contained HTML view: one file, no script and no network needed to open
// it. At the top, an overview a researcher reads in ten seconds: a grid of
// theorems × modes with each cell's clause statuses (colour + counts),
// problems first, and the same statuses in the table of contents. Below, one
// collapsed section per theorem: phase diagrams per mode coloured by worst
// margin, clause tables, margin histograms, and one block per counterexample
// regime with its numbers (predicted vs measured) and convergence traces.
// Plots are drawn with Observable Plot server-side (html-plots.ts).
import type { ClauseEntry, CoverageReport, ModeEntry, TheoremEntry } from '../schema.ts';
import { closingLine, formatMargin, notRunLabel, statusLabel } from '../terminal.ts';
import { applicable, category, CATEGORIES, CATEGORY_LABEL, categoryCounts, ciOutcome, COVERAGE_SEMANTICS, worstCategory, type Category } from './outcome.ts';
import { convergenceTrace, marginHistogram, phaseDiagram } from './html-plots.ts';
import { caseReplay, counterexampleGroups, formatValue, provenanceText, type CounterexampleGroup } from '../counterexamples.ts';
import type { ComparedValues, ValueEntry } from '../../verify/values.ts';
import { regimeText } from './text.ts';
import { htmlText as esc, htmlIsolated as iso } from '../sanitize.ts';
import { empiricalFigures, empiricalModeSection } from './html-empirical.ts';
import { isEmpiricalMode, runSizeText } from '../empirical-text.ts';

function clauseRow(m: ModeEntry, c: ClauseEntry): string {
  const passed = applicable(c) === 0 ? '–' : `${c.counts.pass}/${applicable(c)}`;
  const note = c.status === 'verified' || c.note === undefined ? '' : `<div class="note">${iso(c.note)}</div>`;
  return (
    `<tr class="${ciOutcome(c)}"><td><code>${esc(c.id)}</code><div class="statement">${iso(c.statement)}</div>${note}</td>` +
    `<td>${esc(c.kind)}</td><td class="status">${esc(statusLabel(c, m.mode))}</td><td class="num">${passed}</td><td class="num">${esc(formatMargin(c.worstMargin))}</td>` +
    `<td>${iso(c.provenance.label)}</td></tr>`
  );
}

function matrixTable(name: string, v: ValueEntry, other: ValueEntry): string {
  if (typeof v === 'number' || v.data === undefined) return '';
  const o = typeof other === 'number' ? undefined : other.data;
  const rows = Array.from({ length: v.rows }, (_, i) =>
    `<tr>${Array.from({ length: v.cols }, (_, j) => {
      const k = i * v.cols + j;
      const differs = o !== undefined && formatValue(o[k]) !== formatValue(v.data![k]);
      return `<td class="num${differs ? ' differs' : ''}">${esc(formatValue(v.data![k]))}</td>`;
    }).join('')}</tr>`,
  ).join('');
  return `<table class="matrix"><caption>${esc(name)} (${v.rows}×${v.cols})</caption><tbody>${rows}</tbody></table>`;
}

/** Predicted vs measured: a sentence for scalars, side-by-side matrices (differing entries marked), or the largest deviations and spectra. */
function valuesHtml(v: ComparedValues): string {
  if (typeof v.predicted === 'number' && typeof v.measured === 'number') {
    return `<p class="values">${iso(v.quantity)}: predicted <b>${esc(formatValue(v.predicted))}</b>, measured <b>${esc(formatValue(v.measured))}</b> (difference ${esc(formatValue(v.measured - v.predicted))})</p>`;
  }
  if (typeof v.predicted !== 'number' && v.predicted.data !== undefined) {
    return `<div class="values"><p>${iso(v.quantity)}:</p><div class="matrices">${matrixTable('predicted', v.predicted, v.measured)}${matrixTable('measured', v.measured, v.predicted)}</div></div>`;
  }
  const shape = typeof v.predicted === 'number' ? '' : `${v.predicted.rows}×${v.predicted.cols} `;
  const largest = (v.largest ?? []).map((d) => `<tr><td class="num">${d.row}</td><td class="num">${d.col}</td><td class="num">${esc(formatValue(d.predicted))}</td><td class="num">${esc(formatValue(d.measured))}</td></tr>`).join('');
  const spectra =
    v.spectra === undefined
      ? ''
      : `<p>singular values, predicted: ${esc(v.spectra.predicted.map(formatValue).join(', '))}<br>singular values, measured: ${esc(v.spectra.measured.map(formatValue).join(', '))}</p>`;
  return `<div class="values"><p>${iso(v.quantity)} (${esc(shape)}matrices; the largest deviations):</p><table class="deviations"><thead><tr><th>row</th><th>col</th><th>predicted</th><th>measured</th></tr></thead><tbody>${largest}</tbody></table>${spectra}</div>`;
}

/** One block per counterexample regime: the clauses it breaks, each with its numbers; the replay and traces once. */
function counterexampleBlock(t: TheoremEntry, m: ModeEntry, g: CounterexampleGroup): string {
  const { cx } = g;
  const trace = convergenceTrace(cx);
  const how = provenanceText(cx);
  const refutation = g.clauses.every((c) => c.expectedRefutation === true);
  const clauses = g.clauses
    .map((c) => {
      const x = c.counterexample!;
      return (
        `<div class="cx-clause"><p><code>${esc(c.id)}</code> · margin <b>${esc(formatMargin(x.margin))}</b>${x.reason === undefined ? '' : ` — ${iso(x.reason)}`}</p>` +
        (x.values === undefined ? '' : valuesHtml(x.values)) +
        (x.solutionFile === undefined ? '' : `<p class="note">solution: <code>${esc(x.solutionFile)}</code></p>`) +
        '</div>'
      );
    })
    .join('');
  return (
    `<details class="counterexample${refutation ? ' refutation' : ''}" open><summary>${refutation ? 'Refutation (expected)' : 'Counterexample'} · ${esc(m.mode)}${cx.hypothesisHolds ? '' : ' (outside the hypothesis)'} · ` +
    `${g.clauses.map((c) => `<code>${esc(c.id)}</code>`).join(', ')}</summary>` +
    `<p>regime <code>${esc(regimeText(cx.regime))}</code>${how === undefined ? '' : ` (${esc(how)})`}</p>` +
    clauses +
    `<pre>${esc(cx.replay)}${cx.caseId === undefined ? '' : `\n${esc(caseReplay(cx)!)}`}</pre>` +
    (trace === undefined ? '' : `<figure class="plot convergence-trace" data-theorem="${esc(t.id)}"><figcaption>Convergence of each restart at this regime (whole trace)</figcaption>${trace}</figure>`) +
    '</details>'
  );
}

function searchTable(m: ModeEntry): string {
  if (m.search === undefined || m.search.length === 0) return '';
  const rows = m.search
    .map(
      (s) =>
        `<tr><td><code>${esc(s.clause)}</code></td><td class="num">${s.evaluations}/${s.budget}</td><td class="num">${s.firstViolationAt ?? '–'}</td>` +
        `<td class="num">${esc(formatMargin(s.best?.margin))}</td><td>${esc(s.best?.status ?? '–')}</td><td><code>${esc(s.best === undefined ? '–' : regimeText(s.best.regime))}</code></td></tr>`,
    )
    .join('');
  return `<h4>Targeted search (${esc(m.mode)})</h4><table class="search"><thead><tr><th>clause</th><th>evaluations</th><th>first violation at</th><th>worst margin</th><th>status</th><th>worst regime</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function modeSection(t: TheoremEntry, m: ModeEntry): string {
  if (!m.ran) return `<h3>${esc(m.mode)}</h3><p class="not-run">${notRunLabel(m)} — ${esc(m.notRunReason ?? 'no regimes')}</p>`;
  if (isEmpiricalMode(m)) return empiricalModeSection(m);
  const hist = marginHistogram(m);
  const replayed = m.replayed !== undefined && m.replayed > 0 ? `, ${m.replayed} replayed first from the failure database` : '';
  const omitted = m.pointsOmitted !== undefined && m.pointsOmitted > 0 ? ` (phase diagram shows ${m.points?.length ?? 0}; ${m.pointsOmitted} omitted by the bounded sample)` : '';
  return (
    `<h3>${esc(m.mode)}</h3>` +
    `<p>${m.regimes.evaluated} regimes (hypothesis held in ${m.regimes.hypothesisHeld}, ${m.regimes.nearThreshold} within 2% of a threshold${replayed})${omitted}; ` +
    `${m.restarts.total} restarts: ${m.restarts.converged} converged, ${m.restarts.budgetExhausted} budget-exhausted, ${m.restarts.diverged} diverged; ${m.seconds.toFixed(1)} s</p>` +
    '<table class="clauses"><thead><tr><th>clause</th><th>kind</th><th>status</th><th>passed</th><th>worst margin</th><th>provenance</th></tr></thead><tbody>' +
    m.clauses.map((c) => clauseRow(m, c)).join('') +
    '</tbody></table>' +
    (hist === undefined ? '' : `<figure class="plot margin-histogram" data-theorem="${esc(t.id)}" data-mode="${esc(m.mode)}"><figcaption>Margins in ${esc(m.mode)} mode, all clauses</figcaption>${hist}</figure>`) +
    searchTable(m) +
    counterexampleGroups(m).map((g) => counterexampleBlock(t, m, g)).join('')
  );
}

const CATEGORY_COLOR: Record<Category, string> = {
  violated: '#d62728',
  error: '#9467bd',
  inconclusive: '#ff7f0e',
  vacuous: '#b0b0b0',
  'not-run': '#b0b0b0',
  outside: '#8c8c5a',
  refuted: '#17becf',
  verified: '#2ca02c',
};

/** A theorem's clause entries over all modes; a theorem that could not run counts as one error. */
function theoremCategory(t: TheoremEntry): Category {
  return t.error !== undefined ? 'error' : worstCategory(t.modes.flatMap((m) => m.clauses));
}

/** Problems first (violated, error, inconclusive, …), then the file's order. */
function byProblems(theorems: readonly TheoremEntry[]): TheoremEntry[] {
  const rank = (t: TheoremEntry) => CATEGORIES.indexOf(theoremCategory(t));
  return theorems.map((t, i) => ({ t, i })).sort((a, b) => rank(a.t) - rank(b.t) || a.i - b.i).map((x) => x.t);
}

function badge(k: Category, n?: number): string {
  return `<span class="badge ${k}" style="background:${CATEGORY_COLOR[k]}" title="${esc(CATEGORY_LABEL[k])}">${n === undefined ? '' : `${n} `}${esc(CATEGORY_LABEL[k])}</span>`;
}

function overviewCell(m: ModeEntry | undefined): string {
  if (m === undefined) return '<td class="cell none">–</td>';
  if (!m.ran && m.clauses.every((c) => c.status === 'not-run')) return `<td class="cell not-run" style="border-left:6px solid ${CATEGORY_COLOR['not-run']}">not run</td>`;
  const worst = worstCategory(m.clauses);
  const counts = [...categoryCounts(m.clauses)].map(([k, n]) => badge(k, n)).join(' ');
  return `<td class="cell ${worst}" style="border-left:6px solid ${CATEGORY_COLOR[worst]}" data-worst="${worst}">${counts}</td>`;
}

/** The grid at the top: theorems × modes, each cell the clause statuses of that mode (colour = the most serious). */
function overview(report: CoverageReport, sorted: readonly TheoremEntry[]): string {
  const modes = [...new Set(report.theorems.flatMap((t) => t.modes.map((m) => m.mode)))];
  const rows = sorted
    .map((t) => {
      const cells = t.error !== undefined ? `<td class="cell error" colspan="${Math.max(1, modes.length)}" style="border-left:6px solid ${CATEGORY_COLOR.error}">${badge('error', 1)} could not be run</td>` : modes.map((mode) => overviewCell(t.modes.find((m) => m.mode === mode))).join('');
      return `<tr data-theorem="${esc(t.id)}" data-worst="${theoremCategory(t)}"><th scope="row"><a href="#${esc(t.id)}"><code>${esc(t.id)}</code></a><div class="statement">${iso(t.title)}</div></th>${cells}</tr>`;
    })
    .join('');
  const legend = CATEGORIES.map((k) => badge(k)).join(' ');
  return (
    `<section class="overview"><h2>Overview</h2><p class="legend">${legend}</p>` +
    `<table class="overview-grid"><thead><tr><th>theorem</th>${modes.map((m) => `<th>${esc(m)}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table></section>`
  );
}

function toc(sorted: readonly TheoremEntry[]): string {
  const items = sorted
    .map((t) => {
      const k = theoremCategory(t);
      const counts = t.error !== undefined ? badge('error', 1) : [...categoryCounts(t.modes.flatMap((m) => m.clauses))].map(([c, n]) => badge(c, n)).join(' ');
      return `<li data-worst="${k}"><span class="dot" style="background:${CATEGORY_COLOR[k]}"></span><a href="#${esc(t.id)}"><code>${esc(t.id)}</code></a> ${iso(t.title)} ${counts}</li>`;
    })
    .join('');
  return `<nav><h2>Contents</h2><ul class="toc">${items}</ul></nav>`;
}

function phaseFigures(t: TheoremEntry): string {
  const axes = t.phase;
  if (axes === undefined) return '';
  return axes.y
    .map((axis, i) => {
      let legend = true;
      const plots = t.modes
        .map((m) => {
          // One legend per row: the modes share the colour scale.
          const plot = phaseDiagram(t, m, i, legend);
          if (plot !== undefined) legend = false;
          return plot === undefined ? '' : `<figure class="plot phase-diagram" data-theorem="${esc(t.id)}" data-mode="${esc(m.mode)}"><figcaption>${esc(m.mode)}</figcaption>${plot}</figure>`;
        })
        .join('');
      return plots === ''
        ? ''
        : `<div class="phase-row"><p class="phase-caption">Phase diagrams: ${esc(axis.label)} against ${esc(axes.x.label)}, every recorded regime coloured by its worst margin (log scale; blue holds, red breaks; × violated, ◆ inconclusive, ■ error, ▲ not applicable)${axis.threshold === undefined ? '' : `, threshold ${esc(axis.threshold.name)} dashed`}</p><div class="phase-diagrams">${plots}</div></div>`;
    })
    .join('');
}

function theoremSection(t: TheoremEntry): string {
  const k = theoremCategory(t);
  const head = `<summary><h2><span class="dot" style="background:${CATEGORY_COLOR[k]}"></span><code>${esc(t.id)}</code> ${iso(t.title)} <span class="worst">${esc(CATEGORY_LABEL[k])}</span></h2></summary>`;
  if (t.error !== undefined) {
    return `<details class="theorem error" id="${esc(t.id)}" data-worst="error">${head}<p class="theorem-error">ERROR: ${iso(t.error)}</p></details>`;
  }
  const diagrams = phaseFigures(t);
  const nonClaims = t.nonClaims.map((n) => `<li>${iso(n.statement)} — ${iso(n.reason)}</li>`).join('');
  return (
    `<details class="theorem" id="${esc(t.id)}" data-worst="${k}">${head}` +
    `<p>${iso(t.citation)} · <span class="provenance${t.provenance.unverified ? ' unverified' : ''}">${iso(t.provenance.label)}</span> · model <code>${esc(t.model)}</code></p>` +
    `<p>${t.empirical === undefined ? 'hypothesis' : 'setting'}: ${iso(t.hypothesis)} · ${t.empirical === undefined ? 'normalization' : 'loss'} <code>${esc(t.normalization)}</code></p>` +
    (t.empirical !== undefined ? empiricalFigures(t) : diagrams === '' ? '<p class="no-points">No regime points in this file (written before they were recorded).</p>' : diagrams) +
    t.modes.map((m) => modeSection(t, m)).join('') +
    (nonClaims === '' ? '' : `<h4>Not tested, by design</h4><ul>${nonClaims}</ul>`) +
    '</details>'
  );
}

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:1em 2em;color:#1b1b1b}
h1{margin-bottom:.2em}h2{font-size:1.25em;margin:.3em 0;display:inline}
details.theorem{border-top:2px solid #ddd;margin-top:1em;padding-top:.4em}details.theorem>summary{cursor:pointer;list-style-position:outside}
details.theorem[open]>summary{margin-bottom:.6em}.worst{font-size:12px;font-weight:normal;color:#555}
section.overview h2,nav h2{display:block;margin-top:1em}
code,pre{font:12px ui-monospace,monospace}pre{background:#f5f5f5;padding:.6em;overflow-x:auto;white-space:pre-wrap}
table{border-collapse:collapse;width:100%;margin:.5em 0}th,td{border-bottom:1px solid #e4e4e4;padding:.3em .5em;text-align:left;vertical-align:top}
td.num{text-align:right;font-variant-numeric:tabular-nums}.statement,.note{color:#555;font-size:12px;font-weight:normal}
tr.failed td.status{color:#c00;font-weight:600}tr.error td.status{color:#7a2ea0;font-weight:600}tr.skipped td.status{color:#a05a00}tr.passed td.status{color:#1c7a1c}
.theorem-error{color:#7a2ea0;font-weight:600}.closing{font:600 15px ui-monospace,monospace}.provenance.unverified{color:#a05a00}
.badge{display:inline-block;color:#fff;border-radius:3px;padding:0 .4em;font-size:11px;line-height:1.6;margin:1px 0;white-space:nowrap}
.badge.vacuous,.badge.not-run{color:#222}.dot{display:inline-block;width:.8em;height:.8em;border-radius:50%;margin-right:.4em;vertical-align:baseline}
table.overview-grid th[scope=row]{width:32%}table.overview-grid td.cell{background:#fafafa}
ul.toc{columns:2;padding-left:1em;font-size:13px}ul.toc li{list-style:none;break-inside:avoid;margin:.15em 0}
.phase-diagrams{display:flex;gap:.5em;flex-wrap:wrap}.phase-diagrams figure{margin:.2em 0}.phase-caption{font-weight:600;margin-bottom:.2em}
figure{margin:1em 0}figcaption{font-weight:600;margin-bottom:.3em}.traces{display:flex;gap:1em;flex-wrap:wrap}
details.counterexample{border:1px solid #e4e4e4;border-radius:4px;padding:.4em .8em;margin:.6em 0}details.counterexample>summary{cursor:pointer;font-weight:600}
.matrices{display:flex;gap:2em;flex-wrap:wrap}table.matrix{width:auto}table.matrix td{border:1px solid #e4e4e4;padding:.1em .4em}table.matrix td.differs{background:#fde0dd;font-weight:600}
table.matrix caption{text-align:left;font-size:12px;color:#555}table.deviations{width:auto}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.1em 1em}dt{color:#555}dd{margin:0}
`;

export function renderHtml(report: CoverageReport): string {
  const m = report.meta;
  const size = runSizeText(report);
  const meta: [string, string | undefined][] = [
    ['nc-check', m.version],
    ['commit', m.commit],
    ['backend', `${m.backend} (${m.dtype})`],
    ['seed', String(m.seed)],
    [size.label, size.value],
    ['modes', m.modes.join(', ')],
    // An imported network (`nc-check measure`) was not trained here: its optimizer line says so, without restarts or tolerances.
    ['training', m.train.restarts === 0 && m.train.maxIterations === 0 ? m.train.optimizer : `${m.train.optimizer}, ${m.train.restarts} restarts, gtol ${m.train.gradientTolerance}, ≤ ${m.train.maxIterations} iterations`],
    ['shard', m.shard],
    ['command', m.command],
    ['started', m.startedAt],
    ['finished', m.finishedAt],
  ];
  const sorted = byProblems(report.theorems);
  return (
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<title>nc-check theorem coverage</title><style>${STYLE}</style></head><body>` +
    `<header><h1>Theorem coverage</h1><p class="closing">${esc(closingLine(report.summary))}</p>` +
    overview(report, sorted) +
    toc(sorted) +
    `<details class="run"><summary>Run settings and how to read verdicts</summary><dl>${meta.filter(([, v]) => v !== undefined).map(([k, v]) => `<dt>${esc(k)}</dt><dd>${iso(v!)}</dd>`).join('')}</dl>` +
    `<p class="semantics">Verdicts: <b>verified</b> = passed on every regime where the clause applied; <b>violated</b> = some regime broke it beyond tolerance ` +
    `(outside the hypothesis: evidence the hypothesis is needed); <b>refuted as expected</b> = a known-false claim shipped as a refutation fixture was broken, which counts as a pass; <b>inconclusive</b> is never counted as verified. Margin = error / allowance (≤ 1 holds). ` +
    `In the coverage views (lcov, json-summary): ${esc(COVERAGE_SEMANTICS)}</p></details></header>` +
    sorted.map(theoremSection).join('') +
    '</body></html>\n'
  );
}
