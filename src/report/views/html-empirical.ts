// The HTML view's sections for an empirical claim: the experiments as run,
// the per-layer and network-level curves, the rank sweep, and a clause table
// whose verdicts show their statistic and per-seed effects. Everything from
// the coverage file, escaped like the rest of the view.
import type { ClauseEntry, ModeEntry, TheoremEntry } from '../schema.ts';
import { empiricalModeHeader, empiricalRunLine, statisticText } from '../empirical-text.ts';
import { statusLabel } from '../terminal.ts';
import { effectStrip, layerCurves, metricLabel, networkCurves, rankSweep } from './empirical-plots.ts';
import { ciOutcome } from './outcome.ts';
import { htmlText as esc, htmlIsolated as iso } from '../sanitize.ts';

const figure = (cls: string, t: TheoremEntry, caption: string, plot: string | undefined): string =>
  plot === undefined ? '' : `<figure class="plot ${cls}" data-theorem="${esc(t.id)}"><figcaption>${esc(caption)}</figcaption>${plot}</figure>`;

function experimentsTable(t: TheoremEntry): string {
  const rows = (t.empirical?.experiments ?? [])
    .map(
      (e) =>
        `<tr><td><code>${esc(e.id)}</code><div class="statement">${iso(e.label)}</div><div class="note">${iso(e.rationale)}</div></td><td>${esc(e.data)}</td>` +
        `<td class="num">${e.runs.terminalPhase}/${e.runs.total}${e.runs.diverged > 0 ? ` (${e.runs.diverged} diverged)` : ''}</td><td class="num">${e.medianZeroErrorEpoch ?? '–'}</td><td class="num">${e.seconds.toFixed(1)} s</td></tr>`,
    )
    .join('');
  return `<table class="experiments"><thead><tr><th>experiment</th><th>data</th><th>zero training error</th><th>from epoch (median)</th><th>training time</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** Figures and the experiments of a claim (in place of the phase diagrams a theorem has). */
export function empiricalFigures(t: TheoremEntry): string {
  const run = empiricalRunLine(t);
  const layer = (l: number) => (l === 0 ? 'input' : `hidden ${l}`);
  const weight = (l: number) => `W${l}`;
  const network = ['rho', 'marginCv', 'classifierOfError', 'trainAccuracy'].map((m) => networkCurves(t, m)).filter((p) => p !== undefined);
  return (
    (run === undefined ? '' : `<p class="empirical-run">${esc(run)}</p>`) +
    experimentsTable(t) +
    figure('layer-curves', t, `${metricLabel('nc1TraceRatio')} per layer against epochs (median over seeds)`, layerCurves(t, 'nc1TraceRatio', layer)) +
    figure('layer-curves', t, `${metricLabel('ofErrorMeans')} per layer against epochs (median over seeds)`, layerCurves(t, 'ofErrorMeans', layer)) +
    figure('layer-curves', t, `${metricLabel('rank')} of each weight matrix against epochs (median over seeds)`, layerCurves(t, 'rank', weight)) +
    (network.length === 0 ? '' : `<figure class="plot network-curves" data-theorem="${esc(t.id)}"><figcaption>Network-level metrics against epochs (median over seeds)</figcaption><div class="traces">${network.join('')}</div></figure>`) +
    figure('rank-sweep', t, 'Numerical rank of each weight matrix against weight decay (median and range over seeds; SGD vs full-batch GD)', rankSweep(t, 'rank')) +
    figure('rank-sweep', t, 'Stable rank of each weight matrix against weight decay', rankSweep(t, 'stableRank'))
  );
}

function clauseRow(m: ModeEntry, c: ClauseEntry): string {
  const s = c.statistic;
  const strip = effectStrip(c);
  const note = c.status === 'verified' || c.note === undefined ? '' : `<div class="note">${iso(c.note)}</div>`;
  return (
    `<tr class="${ciOutcome(c)}"><td><code>${esc(c.id)}</code><div class="statement">${iso(c.statement)}</div>` +
    (s === undefined ? '' : `<div class="note">effect: ${esc(s.effect)}</div>`) +
    `${note}</td><td class="status">${esc(statusLabel(c, m.mode))}</td><td>${s === undefined ? '–' : esc(statisticText(s))}</td><td>${iso(c.provenance.label)}</td></tr>` +
    (strip === undefined ? '' : `<tr class="effects"><td colspan="4"><figure class="plot effect-strip" data-clause="${esc(c.id)}">${strip}</figure></td></tr>`)
  );
}

/** A claim's mode: seeds and trainings, then one row per clause with its statistic and per-seed effects. */
export function empiricalModeSection(m: ModeEntry): string {
  return (
    `<h3>${esc(m.mode)}</h3><p>${esc(empiricalModeHeader(m))}</p>` +
    '<table class="clauses empirical"><thead><tr><th>clause</th><th>status</th><th>statistic and sample size</th><th>provenance</th></tr></thead><tbody>' +
    m.clauses.map((c) => clauseRow(m, c)).join('') +
    '</tbody></table>'
  );
}
