// The HTML view's plots, drawn server-side with Observable Plot: a phase
// diagram per mode and axis (every evaluated regime on the theorem's axes,
// coloured by its worst margin on a log scale that diverges at 1, the
// threshold drawn), margin histograms, and the convergence of each restart at
// a counterexample. Axes read in plain scientific notation (1e-3, never the SI
// prefixes 1m or 10µ), and every categorical line names its series (z) so the
// library has nothing to warn about on the terminal.
import * as Plot from '@observablehq/plot';
import type { CounterexampleEntry, ModeEntry, PhaseAxis, PointEntry, TheoremEntry } from '../schema.ts';
import { formatMargin } from '../terminal.ts';
import { regimeText } from './text.ts';
import { svg } from './svg.ts';
import { inertText } from '../sanitize.ts';

/** A tick label: plain decimals from 0.01 to 10⁴, else 1e-3, 2.5e+6 (no SI prefixes). */
export function tick(x: number): string {
  if (x === 0) return '0';
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  // Six significant digits at most, trailing zeros dropped: a narrow axis (0.998 … 1.012) keeps distinct labels.
  if (a >= 1e-2 && a < 1e4) return String(Number(x.toPrecision(6)));
  const [m, e] = x.toExponential(5).split('e');
  return `${Number(m)}e${Number(e)}`;
}

/** Powers of ten spanning [lo, hi], thinned to at most `max` ticks. */
export function decadeTicks(lo: number, hi: number, max = 7): number[] {
  if (!(lo > 0) || !(hi > 0)) return [];
  const a = Math.floor(Math.log10(lo));
  const b = Math.ceil(Math.log10(hi));
  const step = Math.max(1, Math.ceil((b - a + 1) / max));
  const out: number[] = [];
  // Number('1e-4'), not 10 ** -4 (= 9.999…e-5 in floating point).
  for (let e = a; e <= b; e += step) out.push(Number(`1e${e}`));
  return out;
}

/** Margins at or below this are drawn at it (a log scale has no 0): 0 = exact agreement. */
export const MARGIN_FLOOR = 1e-16;

const VERDICT_SYMBOL: Record<string, string> = { pass: 'circle', violated: 'times', inconclusive: 'diamond', error: 'square', 'not-applicable': 'triangle' };

function axisOptions(axis: PhaseAxis, values: readonly number[]) {
  const positive = values.filter((v) => v > 0);
  const log = axis.log && positive.length === values.length && positive.length > 0;
  const lo = Math.min(...positive);
  const hi = Math.max(...positive);
  return {
    type: log ? ('log' as const) : ('linear' as const),
    tickFormat: tick,
    ...(log && hi / lo > 100 ? { ticks: decadeTicks(lo, hi) } : {}),
    ...(log ? {} : { nice: true }),
  };
}

function phaseRows(t: TheoremEntry, m: ModeEntry, yIndex: number) {
  return (m.points ?? [])
    .filter((p) => typeof p.xy[0] === 'number' && typeof p.xy[yIndex + 1] === 'number')
    .map((p: PointEntry) => ({
      x: p.xy[0] as number,
      y: p.xy[yIndex + 1] as number,
      verdict: p.verdict,
      // An infinite margin (a nonzero error against a zero allowance) is drawn at the top of the scale.
      margin: p.worstMargin === undefined || Number.isNaN(p.worstMargin) ? undefined : Math.min(Math.max(p.worstMargin, MARGIN_FLOOR), 1e300),
      // Plot writes titles as text nodes (escaped), but controls would pass: inert first.
      title: inertText(
        `${t.id} ${m.mode}${p.origin === 'sample' ? '' : ` (${p.origin})`}: ${regimeText(p.regime)}\n${p.verdict}${p.hypothesisHolds ? '' : ' (outside the hypothesis)'}, worst margin ${formatMargin(p.worstMargin)}` +
        (p.failing === undefined ? '' : `\nnot passing: ${p.failing.join(', ')}`),
      ),
    }));
}

/**
 * The colour scale every phase diagram of a theorem shares: worst margins
 * binned by decades (a log scale), symmetric around 1 — blues hold, reds
 * break — so equal colour steps mean equal factors below or above tolerance.
 * Discrete bins also give a legend of swatches, which renders without a canvas.
 */
function marginColor(t: TheoremEntry) {
  const margins = t.modes.flatMap((m) => (m.points ?? []).map((p) => p.worstMargin).filter((x): x is number => x !== undefined && Number.isFinite(x)));
  const lo = Math.max(MARGIN_FLOOR, Math.min(1e-3, ...margins.map((x) => Math.max(x, MARGIN_FLOOR))));
  const hi = Math.max(1e3, ...margins);
  const span = Math.ceil(Math.max(-Math.log10(lo), Math.log10(hi)));
  const step = Math.max(1, Math.ceil(span / 5));
  const top = step * Math.ceil(span / step);
  const domain: number[] = [];
  for (let e = -top + step; e < top; e += step) domain.push(Number(`1e${e}`));
  return { type: 'threshold' as const, domain, scheme: 'rdbu' as const, reverse: true, legend: true, label: 'worst margin (error / allowance; ≤ 1 holds)', tickFormat: tick, width: 330 };
}

const PHASE_WIDTH = 340;
const PHASE_MARGIN_LEFT = 55;
const PHASE_MARGIN_RIGHT = 12;
const LABEL_FONT_SIZE = 10;
/** Characters of a 10 px axis label that fit the diagram's width (about 6 px each, with room to spare). */
const AXIS_LABEL_CHARS = 50;

/** `text`, cut to `max` characters with an ellipsis. */
export function ellipsize(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * Where the threshold's label goes: inside the frame, starting at its left
 * edge (anchored there, a long name grows rightwards into the plot, never out
 * past the axis), wrapped to the frame's width, on a white halo over the dots;
 * above the line when it sits in the lower half of the data, else below it, so
 * a threshold at the top of the range does not push its label out of the frame.
 */
export function thresholdLabelPlacement(at: number, ys: readonly number[], log: boolean) {
  const f = (y: number) => (log ? Math.log(y) : y);
  const finite = ys.filter((y) => Number.isFinite(f(y)));
  const middle = finite.length === 0 ? f(at) : (Math.min(...finite.map(f)) + Math.max(...finite.map(f))) / 2;
  const above = f(at) <= middle;
  return {
    frameAnchor: 'left' as const,
    textAnchor: 'start' as const,
    lineAnchor: above ? ('bottom' as const) : ('top' as const),
    dx: 4,
    dy: above ? -4 : 4,
    fontSize: LABEL_FONT_SIZE,
    // Plot wraps at this many ems (about two characters each): the frame's width, less the offset.
    lineWidth: (PHASE_WIDTH - PHASE_MARGIN_LEFT - PHASE_MARGIN_RIGHT - 12) / LABEL_FONT_SIZE,
    stroke: 'white',
    strokeWidth: 3,
    fill: '#222',
    paintOrder: 'stroke' as const,
  };
}

/** One mode's phase diagram on one y axis, or undefined when the mode has no points there. */
export function phaseDiagram(t: TheoremEntry, m: ModeEntry, yIndex: number, legend = true): string | undefined {
  const axes = t.phase;
  if (axes === undefined) return undefined;
  const yAxis: PhaseAxis = axes.y[yIndex];
  const data = phaseRows(t, m, yIndex).filter((d) => !yAxis.log || d.y > 0);
  if (data.length === 0) return undefined;
  const marks: Plot.Markish[] = [Plot.frame({ stroke: '#ccc' })];
  const at = yAxis.threshold?.at;
  const ys = data.map((d) => d.y);
  const drawThreshold = at !== undefined && (!yAxis.log || at > 0);
  if (drawThreshold) marks.push(Plot.ruleY([at], { stroke: '#222', strokeWidth: 1.5, strokeDasharray: '6,4', className: 'nc-threshold' }));
  const measured = data.filter((d) => d.margin !== undefined);
  const unmeasured = data.filter((d) => d.margin === undefined);
  // Regimes where nothing was compared (inconclusive, error, not applicable) have no margin: grey, shaped by verdict.
  if (unmeasured.length > 0) marks.push(Plot.dot(unmeasured, { x: 'x', y: 'y', symbol: (d: (typeof data)[number]) => VERDICT_SYMBOL[d.verdict], fill: '#999', r: 4, title: 'title', className: 'nc-regime' }));
  if (measured.length > 0) {
    marks.push(
      Plot.dot(measured, { x: 'x', y: 'y', fill: 'margin', symbol: (d: (typeof data)[number]) => VERDICT_SYMBOL[d.verdict], r: 4.5, stroke: (d: (typeof data)[number]) => (d.verdict === 'violated' ? '#b2182b' : '#555'), strokeWidth: (d: (typeof data)[number]) => (d.verdict === 'violated' ? 2 : 0.6), title: 'title', className: 'nc-regime' }),
    );
  }
  // The label last, over the dots (its halo keeps it readable).
  if (drawThreshold) {
    marks.push(Plot.text([at], { y: (d: number) => d, text: () => inertText(`threshold ${yAxis.threshold!.name}`), ...thresholdLabelPlacement(at!, ys, yAxis.log), className: 'nc-threshold-label' }));
  }
  const xs = data.map((d) => d.x);
  return svg({
    width: PHASE_WIDTH,
    height: 300,
    marginLeft: PHASE_MARGIN_LEFT,
    marginRight: PHASE_MARGIN_RIGHT,
    marginBottom: 40,
    x: { label: inertText(`${axes.x.label} →`), ...axisOptions(axes.x, xs) },
    // A long quantity (a threshold's name) is cut to the plot's width; the caption above states it whole.
    y: { label: inertText(ellipsize(`↑ ${yAxis.label}`, AXIS_LABEL_CHARS)), ...axisOptions(yAxis, ys) },
    color: { ...marginColor(t), legend },
    symbol: { type: 'identity' },
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
    height: 200,
    marginLeft: 50,
    x: { label: 'margin = error / allowance (decade) →', domain: order, tickRotate: -35 },
    y: { label: '↑ clause checks', grid: true },
    color: { legend: true, domain: ['margin ≤ 1 (within tolerance)', 'margin > 1 (beyond tolerance)'], range: ['#4c9be8', '#d62728'] },
    marks: [Plot.barY(rows, Plot.groupX({ y: 'sum' }, { x: 'bin', y: 'count', fill: 'side', className: 'nc-margin-bar' })), Plot.ruleY([0])],
  });
}

/** Ticks for a symlog axis over [lo, hi]: 0 and signed powers of ten, thinned. */
function symlogTicks(lo: number, hi: number, constant: number): number[] {
  const side = (a: number) => (a > constant ? decadeTicks(constant * 10, a, 4) : []);
  return [...side(-lo).map((x) => -x).reverse(), 0, ...side(hi)].filter((x) => x >= lo && x <= hi);
}

/**
 * Convergence of every restart at a counterexample, the whole trace: ||∇L||_P
 * on a log axis, and loss − reference on a symlog axis (linear within
 * ±`constant` of 0, logarithmic beyond), so a refutation's descent below the
 * candidate's loss shows as a curve going negative rather than vanishing.
 */
export function convergenceTrace(cx: CounterexampleEntry): string | undefined {
  const traces = cx.traces ?? [];
  const grad = traces.flatMap((t) => t.points.filter((p) => p.gradNorm > 0 && Number.isFinite(p.gradNorm)).map((p) => ({ ...p, restart: t.solution })));
  if (grad.length === 0) return undefined;
  const reference = cx.certifiedLoss ?? cx.predictedLoss;
  const referenceName = cx.certifiedLoss === undefined ? 'predicted minimum' : 'certified minimum';
  const gaps = reference === undefined ? [] : traces.flatMap((t) => t.points.map((p) => ({ iteration: p.iteration, gap: p.loss - reference, restart: t.solution })).filter((p) => Number.isFinite(p.gap)));
  const common = { width: 350, height: 230, marginLeft: 60, x: { label: 'iteration →', tickFormat: tick }, color: { legend: true } };
  const gLo = Math.min(...grad.map((p) => p.gradNorm));
  const gHi = Math.max(...grad.map((p) => p.gradNorm));
  const left = svg({
    ...common,
    y: { type: 'log', label: '↑ ||∇L||_P', grid: true, tickFormat: tick, ticks: decadeTicks(gLo, gHi, 6) },
    marks: [Plot.line(grad, { x: 'iteration', y: 'gradNorm', stroke: 'restart', z: 'restart', className: 'nc-trace' }), Plot.dot(grad, { x: 'iteration', y: 'gradNorm', stroke: 'restart', r: 1.5 })],
  });
  if (gaps.length === 0) return `<div class="traces">${left}</div>`;
  const magnitudes = gaps.map((p) => Math.abs(p.gap)).filter((a) => a > 0);
  const constant = Math.max(1e-15, Math.min(...magnitudes, Number.POSITIVE_INFINITY) / 2 || 1e-15);
  const lo = Math.min(0, ...gaps.map((p) => p.gap));
  const hi = Math.max(0, ...gaps.map((p) => p.gap));
  const right = svg({
    ...common,
    y: { type: 'symlog', constant, label: `↑ loss − ${referenceName} (symlog)`, grid: true, tickFormat: tick, ticks: symlogTicks(lo, hi, constant), domain: [lo, hi] },
    marks: [
      Plot.ruleY([0], { stroke: '#222', strokeDasharray: '4,3' }),
      Plot.line(gaps, { x: 'iteration', y: 'gap', stroke: 'restart', z: 'restart', className: 'nc-trace' }),
      Plot.dot(gaps, { x: 'iteration', y: 'gap', stroke: 'restart', r: 1.5, className: 'nc-trace-point' }),
    ],
  });
  return `<div class="traces">${left}${right}</div>`;
}
