// Self-contained HTML view: one file, no script and no network needed to open
// it. Plots are drawn with Observable Plot *here*, server-side, into a
// linkedom document, and inlined as SVG: a phase diagram per theorem and
// threshold (x = d/K or the theorem's first regime axis, y = the threshold
// quantity, colour = the regime's verdict, shape = hypothesis held or not,
// the threshold drawn as a line), margin histograms per mode, and the
// convergence traces of every counterexample.
import * as Plot from '@observablehq/plot';
import { svg } from './svg.ts';
import type { ClauseEntry, CounterexampleEntry, CoverageReport, ModeEntry, PhaseAxis, PointEntry, TheoremEntry } from '../schema.ts';
import { closingLine, formatMargin, notRunLabel, statusLabel } from '../terminal.ts';
import { applicable, ciOutcome, COVERAGE_SEMANTICS } from './outcome.ts';
import { regimeText } from './text.ts';
import { htmlText as esc, htmlIsolated as iso } from '../sanitize.ts';
import { empiricalFigures, empiricalModeSection } from './html-empirical.ts';
import { isEmpiricalMode } from '../empirical-text.ts';

const VERDICTS = ['pass', 'violated', 'inconclusive', 'error', 'not-applicable'] as const;
const VERDICT_COLORS = ['#2ca02c', '#d62728', '#ff7f0e', '#9467bd', '#b0b0b0'];
const HYPOTHESIS = ['hypothesis holds', 'outside the hypothesis'];


function phasePoints(points: readonly PointEntry[], mode: string, yIndex: number) {
  return points
    .filter((p) => typeof p.xy[0] === 'number' && typeof p.xy[yIndex + 1] === 'number')
    .map((p) => ({
      x: p.xy[0] as number,
      y: p.xy[yIndex + 1] as number,
      verdict: p.verdict,
      hypothesis: p.hypothesisHolds ? HYPOTHESIS[0] : HYPOTHESIS[1],
      title:
        `${mode}${p.origin === 'sample' ? '' : ` (${p.origin})`}: ${regimeText(p.regime)}\n${p.verdict}, worst margin ${formatMargin(p.worstMargin)}` +
        (p.failing === undefined ? '' : `\nnot passing: ${p.failing.join(', ')}`),
    }));
}

/** One phase diagram: every mode's points on the theorem's axes, with the threshold line. */
export function phaseDiagram(t: TheoremEntry, yIndex: number): string | undefined {
  const axes = t.phase;
  if (axes === undefined) return undefined;
  const yAxis: PhaseAxis = axes.y[yIndex];
  const data = t.modes.flatMap((m) => phasePoints(m.points ?? [], m.mode, yIndex)).filter((d) => !yAxis.log || d.y > 0);
  if (data.length === 0) return undefined;
  const marks: Plot.Markish[] = [Plot.gridX(), Plot.gridY()];
  const at = yAxis.threshold?.at;
  if (at !== undefined && (!yAxis.log || at > 0)) {
    marks.push(
      Plot.ruleY([at], { stroke: '#222', strokeWidth: 1.5, strokeDasharray: '6,4', className: 'nc-threshold' }),
      Plot.text([at], { y: (d: number) => d, text: () => `threshold ${yAxis.threshold!.name}`, frameAnchor: 'right', dy: -7, className: 'nc-threshold-label' }),
    );
  }
  marks.push(
    Plot.dot(data, {
      x: 'x',
      y: 'y',
      fill: 'verdict',
      symbol: 'hypothesis',
      r: 4,
      fillOpacity: 0.75,
      stroke: 'white',
      strokeWidth: 0.5,
      title: 'title',
      className: 'nc-regime',
    }),
  );
  return svg({
    width: 720,
    height: 420,
    marginLeft: 60,
    marginRight: 20,
    x: { label: `${axes.x.label} →`, type: axes.x.log ? 'log' : 'linear', nice: true },
    y: { label: `↑ ${yAxis.label}`, type: yAxis.log ? 'log' : 'linear', nice: true },
    color: { legend: true, domain: [...VERDICTS], range: VERDICT_COLORS },
    symbol: { legend: true, domain: HYPOTHESIS, range: ['circle', 'triangle'] },
    marks,
  });
}

function binLabel(i: number, from: number, n: number): string {
  if (i === 0) return `<1e${from}`;
  if (i === n - 1) return `≥1e${from + n - 2}`;
  return `1e${from + i - 1}`;
}

/** Margin histogram of one mode: regimes per margin decade, summed over clauses, split at margin 1. */
export function marginHistogram(m: ModeEntry): string | undefined {
  const rows: { bin: string; order: number; side: string; count: number }[] = [];
  for (const c of m.clauses) {
    const h = c.margins;
    if (h === undefined) continue;
    h.counts.forEach((count, i) => {
      if (count === 0) return;
      // Bin i covers [10^(from+i−1), 10^(from+i)): margins ≥ 1 start at i = 1 − from.
      const side = i >= 1 - h.from ? 'margin > 1 (beyond tolerance)' : 'margin ≤ 1 (within tolerance)';
      rows.push({ bin: binLabel(i, h.from, h.counts.length), order: i, side, count });
    });
  }
  if (rows.length === 0) return undefined;
  const order = [...new Map(rows.sort((a, b) => a.order - b.order).map((r) => [r.bin, r.order])).keys()];
  return svg({
    width: 720,
    height: 220,
    marginLeft: 50,
    x: { label: 'margin = error / allowance (decade) →', domain: order, tickRotate: -35 },
    y: { label: '↑ clause checks', grid: true },
    color: { legend: true, domain: ['margin ≤ 1 (within tolerance)', 'margin > 1 (beyond tolerance)'], range: ['#4c9be8', '#d62728'] },
    marks: [Plot.barY(rows, Plot.groupX({ y: 'sum' }, { x: 'bin', y: 'count', fill: 'side', className: 'nc-margin-bar' })), Plot.ruleY([0])],
  });
}

/** Convergence of every restart at a counterexample: ||∇L||_P and loss − certified minimum against iterations. */
export function convergenceTrace(cx: CounterexampleEntry): string | undefined {
  const traces = cx.traces ?? [];
  const grad = traces.flatMap((t) => t.points.filter((p) => p.gradNorm > 0 && Number.isFinite(p.gradNorm)).map((p) => ({ ...p, restart: t.solution })));
  if (grad.length === 0) return undefined;
  const reference = cx.certifiedLoss ?? cx.predictedLoss;
  const gaps =
    reference === undefined
      ? []
      : traces.flatMap((t) => t.points.map((p) => ({ iteration: p.iteration, gap: p.loss - reference, restart: t.solution })).filter((p) => p.gap > 0 && Number.isFinite(p.gap)));
  const common = { width: 350, height: 220, marginLeft: 55, x: { label: 'iteration →' }, color: { legend: true } };
  const left = svg({ ...common, y: { type: 'log', label: '↑ ||∇L||_P', grid: true }, marks: [Plot.line(grad, { x: 'iteration', y: 'gradNorm', stroke: 'restart', className: 'nc-trace' })] });
  const right =
    gaps.length === 0
      ? ''
      : svg({
          ...common,
          y: { type: 'log', label: `↑ loss − ${cx.certifiedLoss === undefined ? 'predicted' : 'certified'} minimum`, grid: true },
          marks: [Plot.line(gaps, { x: 'iteration', y: 'gap', stroke: 'restart', className: 'nc-trace' })],
        });
  return `<div class="traces">${left}${right}</div>`;
}

function clauseRow(m: ModeEntry, c: ClauseEntry): string {
  const passed = applicable(c) === 0 ? '–' : `${c.counts.pass}/${applicable(c)}`;
  const note = c.status === 'verified' || c.note === undefined ? '' : `<div class="note">${iso(c.note)}</div>`;
  return (
    `<tr class="${ciOutcome(c)}"><td><code>${esc(c.id)}</code><div class="statement">${iso(c.statement)}</div>${note}</td>` +
    `<td>${esc(c.kind)}</td><td class="status">${esc(statusLabel(c, m.mode))}</td><td class="num">${passed}</td><td class="num">${esc(formatMargin(c.worstMargin))}</td>` +
    `<td>${iso(c.provenance.label)}</td></tr>`
  );
}

function counterexampleBlock(t: TheoremEntry, m: ModeEntry, c: ClauseEntry): string {
  const cx = c.counterexample!;
  const trace = convergenceTrace(cx);
  return (
    `<details class="counterexample" open><summary><code>${esc(c.id)}</code> · ${esc(m.mode)}${cx.hypothesisHolds ? '' : ' (outside the hypothesis)'} · margin ${esc(formatMargin(cx.margin))}</summary>` +
    `<p>regime <code>${esc(regimeText(cx.regime))}</code>${cx.origin === 'database' ? ' (replayed from the failure database)' : `, shrunk in ${cx.shrinkSteps} steps`}</p>` +
    (cx.reason === undefined ? '' : `<p>${iso(cx.reason)}</p>`) +
    `<pre>${esc(cx.replay)}${cx.caseId === undefined ? '' : `\n./bin/nc-check replay ${esc(cx.caseId)}`}</pre>` +
    (cx.solutionFile === undefined ? '' : `<p>solution: <code>${esc(cx.solutionFile)}</code></p>`) +
    (trace === undefined ? '' : `<figure class="plot convergence-trace" data-theorem="${esc(t.id)}"><figcaption>Convergence of each restart at this regime</figcaption>${trace}</figure>`) +
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
    m.clauses.filter((c) => c.counterexample !== undefined).map((c) => counterexampleBlock(t, m, c)).join('')
  );
}

function theoremSection(t: TheoremEntry): string {
  if (t.error !== undefined) {
    return `<section class="theorem error" id="${esc(t.id)}"><h2><code>${esc(t.id)}</code> ${iso(t.title)}</h2><p class="theorem-error">ERROR: ${iso(t.error)}</p></section>`;
  }
  const diagrams = (t.phase?.y ?? [])
    .map((axis, i) => {
      const plot = phaseDiagram(t, i);
      return plot === undefined
        ? ''
        : `<figure class="plot phase-diagram" data-theorem="${esc(t.id)}"><figcaption>Phase diagram: ${esc(axis.label)} against ${esc(t.phase!.x.label)}, every evaluated regime coloured by its verdict${axis.threshold === undefined ? '' : ', threshold dashed'}</figcaption>${plot}</figure>`;
    })
    .join('');
  const nonClaims = t.nonClaims.map((n) => `<li>${iso(n.statement)} — ${iso(n.reason)}</li>`).join('');
  return (
    `<section class="theorem" id="${esc(t.id)}"><h2><code>${esc(t.id)}</code> ${iso(t.title)}</h2>` +
    `<p>${iso(t.citation)} · <span class="provenance${t.provenance.unverified ? ' unverified' : ''}">${iso(t.provenance.label)}</span> · model <code>${esc(t.model)}</code></p>` +
    `<p>${t.empirical === undefined ? 'hypothesis' : 'setting'}: ${iso(t.hypothesis)} · ${t.empirical === undefined ? 'normalization' : 'loss'} <code>${esc(t.normalization)}</code></p>` +
    (t.empirical !== undefined ? empiricalFigures(t) : diagrams === '' ? '<p class="no-points">No regime points in this file (written before they were recorded).</p>' : diagrams) +
    t.modes.map((m) => modeSection(t, m)).join('') +
    (nonClaims === '' ? '' : `<h4>Not tested, by design</h4><ul>${nonClaims}</ul>`) +
    '</section>'
  );
}

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:1em 2em;color:#1b1b1b}
h1{margin-bottom:.2em}h2{border-top:2px solid #ddd;padding-top:.8em;margin-top:2em}
code,pre{font:12px ui-monospace,monospace}code{unicode-bidi:isolate}pre{background:#f5f5f5;padding:.6em;overflow-x:auto;white-space:pre-wrap}
table{border-collapse:collapse;width:100%;margin:.5em 0}th,td{border-bottom:1px solid #e4e4e4;padding:.3em .5em;text-align:left;vertical-align:top}
td.num{text-align:right;font-variant-numeric:tabular-nums}.statement,.note{color:#555;font-size:12px}
tr.failed td.status{color:#c00;font-weight:600}tr.error td.status{color:#7a2ea0;font-weight:600}tr.skipped td.status{color:#a05a00}tr.passed td.status{color:#1c7a1c}
.theorem-error{color:#7a2ea0;font-weight:600}.closing{font:600 15px ui-monospace,monospace}.provenance.unverified{color:#a05a00}
figure{margin:1em 0}figcaption{font-weight:600;margin-bottom:.3em}.traces{display:flex;gap:1em;flex-wrap:wrap}
details{border:1px solid #e4e4e4;border-radius:4px;padding:.4em .8em;margin:.6em 0}summary{cursor:pointer;font-weight:600}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.1em 1em}dt{color:#555}dd{margin:0}
`;

export function renderHtml(report: CoverageReport): string {
  const m = report.meta;
  const meta: [string, string | undefined][] = [
    ['nc-check', m.version],
    ['commit', m.commit],
    ['backend', `${m.backend} (${m.dtype})`],
    ['seed', String(m.seed)],
    ['regimes per mode', String(m.runs)],
    ['modes', m.modes.join(', ')],
    ['training', `${m.train.optimizer}, ${m.train.restarts} restarts, gtol ${m.train.gradientTolerance}, ≤ ${m.train.maxIterations} iterations`],
    ['shard', m.shard],
    ['command', m.command],
    ['started', m.startedAt],
    ['finished', m.finishedAt],
  ];
  const toc = report.theorems.map((t) => `<li><a href="#${esc(t.id)}"><code>${esc(t.id)}</code></a> ${iso(t.title)}</li>`).join('');
  return (
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<title>nc-check theorem coverage</title><style>${STYLE}</style></head><body>` +
    `<header><h1>Theorem coverage</h1><p class="closing">${esc(closingLine(report.summary))}</p>` +
    `<dl>${meta.filter(([, v]) => v !== undefined).map(([k, v]) => `<dt>${esc(k)}</dt><dd>${iso(v!)}</dd>`).join('')}</dl>` +
    `<p class="semantics">Verdicts: <b>verified</b> = passed on every regime where the clause applied; <b>violated</b> = some regime broke it beyond tolerance ` +
    `(outside the hypothesis: evidence the hypothesis is needed); <b>inconclusive</b> is never counted as verified. Margin = error / allowance (≤ 1 holds). ` +
    `In the coverage views (lcov, json-summary): ${esc(COVERAGE_SEMANTICS)}</p>` +
    `<nav><ul>${toc}</ul></nav></header>` +
    report.theorems.map(theoremSection).join('') +
    '</body></html>\n'
  );
}
