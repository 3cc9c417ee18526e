// The HTML view's plots for empirical claims, drawn server-side with
// Observable Plot like the phase diagrams: NC metrics per layer against
// epochs (median over seeds, one line per layer, one panel per experiment),
// numerical rank against weight decay (per weight matrix, SGD vs full batch),
// and each clause's per-seed effects with the interval the verdict reads.
import * as Plot from '@observablehq/plot';
import type { ClauseEntry, SeriesEntry, TheoremEntry } from '../schema.ts';
import { svg } from './svg.ts';

const METRIC_LABELS: Record<string, string> = {
  nc1TraceRatio: 'ÑC1 = Tr Σ_W / Tr Σ_B',
  ofErrorMeans: 'OF error of H̄ᵀH̄',
  rank: 'numerical rank (σ > 1e-3 σ_max)',
  stableRank: 'stable rank Σσ²/σ_max²',
  rho: 'ρ = Π ||W_l||_F',
  trainAccuracy: 'training accuracy',
  marginCv: 'margin sd / mean',
  classifierOfError: 'OF error of W Wᵀ (classifier)',
  selfDuality: '||W/||W|| − H̄ᵀ/||H̄|| || (classifier vs last layer)',
};

export const metricLabel = (metric: string): string => METRIC_LABELS[metric] ?? metric;

function experimentLabel(t: TheoremEntry, id: string): string {
  return t.empirical?.experiments.find((e) => e.id === id)?.label ?? id;
}

/** One metric per layer against epochs, a panel per experiment (log y when every value is positive). */
export function layerCurves(t: TheoremEntry, metric: string, layerName: (l: number) => string): string | undefined {
  const series = (t.empirical?.series ?? []).filter((s): s is SeriesEntry & { layer: number } => s.metric === metric && s.layer !== undefined);
  const rows = series.flatMap((s) =>
    s.points
      .filter((p) => p.median !== null)
      .map((p) => ({ epoch: p.epoch, value: p.median!, lo: p.lo, hi: p.hi, layer: layerName(s.layer), experiment: experimentLabel(t, s.experiment) })),
  );
  if (rows.length === 0) return undefined;
  const log = rows.every((r) => r.value > 0 && (r.lo ?? 1) > 0);
  return svg({
    width: 720,
    height: 260 + 30 * new Set(rows.map((r) => r.experiment)).size,
    marginLeft: 60,
    marginBottom: 40,
    // Experiment labels are long: each facet is titled inside its frame rather than clipped in the right margin.
    fy: { axis: null },
    x: { label: 'epoch →' },
    y: { label: `↑ ${metricLabel(metric)} (median over seeds)`, type: log ? 'log' : 'linear', grid: true },
    color: { legend: true, label: 'layer' },
    marks: [
      Plot.text(rows, Plot.selectFirst({ fy: 'experiment', text: 'experiment', frameAnchor: 'top-right', dx: -4, dy: 4, fontWeight: 'bold', className: 'nc-facet-title' })),
      Plot.line(rows, { x: 'epoch', y: 'value', stroke: 'layer', fy: 'experiment', className: 'nc-layer-curve' }),
      Plot.dot(rows, { x: 'epoch', y: 'value', stroke: 'layer', fy: 'experiment', r: 2, title: (d: (typeof rows)[number]) => `${d.experiment}, ${d.layer}, epoch ${d.epoch}: median ${d.value.toPrecision(3)} (range ${d.lo?.toPrecision(3)} … ${d.hi?.toPrecision(3)})` }),
    ],
  });
}

/** Network-level metrics (ρ, margins, classifier frame, accuracy) against epochs, one line per experiment. */
export function networkCurves(t: TheoremEntry, metric: string): string | undefined {
  const rows = (t.empirical?.series ?? [])
    .filter((s) => s.metric === metric && s.layer === undefined)
    .flatMap((s) => s.points.filter((p) => p.median !== null).map((p) => ({ epoch: p.epoch, value: p.median!, experiment: experimentLabel(t, s.experiment) })));
  if (rows.length === 0) return undefined;
  const log = metric === 'rho' && rows.every((r) => r.value > 0);
  return svg({
    width: 350,
    height: 230,
    marginLeft: 55,
    x: { label: 'epoch →' },
    y: { label: `↑ ${metricLabel(metric)}`, type: log ? 'log' : 'linear', grid: true },
    color: { legend: true },
    marks: [Plot.line(rows, { x: 'epoch', y: 'value', stroke: 'experiment', className: 'nc-network-curve' })],
  });
}

/** End-of-training rank of each weight matrix against the swept weight decay (median, range over seeds). */
export function rankSweep(t: TheoremEntry, metric: 'rank' | 'stableRank'): string | undefined {
  const sweep = t.empirical?.sweep;
  if (sweep === undefined) return undefined;
  const rows = sweep.points
    .filter((p) => p.metric === metric && p.median !== null)
    .map((p) => ({ x: p.x === 0 ? '0' : p.x.toExponential(2), order: p.x, series: p.series, layer: `W${p.layer}`, value: p.median!, lo: p.lo ?? p.median!, hi: p.hi ?? p.median! }));
  if (rows.length === 0) return undefined;
  const domain = [...new Map(rows.sort((a, b) => a.order - b.order).map((r) => [r.x, r.order])).keys()];
  return svg({
    width: 720,
    height: 300,
    marginLeft: 55,
    x: { label: `${sweep.label} →`, domain, type: 'point', padding: 0.4 },
    y: { label: `↑ ${metricLabel(metric)} at the end of training`, grid: true },
    color: { legend: true, label: 'weight matrix' },
    symbol: { legend: true },
    marks: [
      Plot.ruleX(rows, { x: 'x', y1: 'lo', y2: 'hi', stroke: 'layer', strokeOpacity: 0.35, dx: 0 }),
      Plot.line(
        rows.filter((r) => r.series === rows[0].series),
        { x: 'x', y: 'value', stroke: 'layer', strokeOpacity: 0.6 },
      ),
      Plot.dot(rows, { x: 'x', y: 'value', stroke: 'layer', symbol: 'series', r: 4, className: 'nc-rank-sweep', title: (d: (typeof rows)[number]) => `${d.layer}, λ = ${d.x}, ${d.series}: median ${d.value} (range ${d.lo} … ${d.hi})` }),
    ],
  });
}

/** A clause's per-seed effects, the interval for their median, and 0 (the verdict reads where the interval lies). */
export function effectStrip(c: ClauseEntry): string | undefined {
  const s = c.statistic;
  if (s === undefined) return undefined;
  const dots = s.perSeed.map((v, i) => ({ seed: i, effect: v })).filter((d): d is { seed: number; effect: number } => d.effect !== null);
  if (dots.length === 0) return undefined;
  const marks: Plot.Markish[] = [Plot.ruleX([0], { stroke: '#222', strokeDasharray: '4,3' })];
  if (s.interval !== undefined) marks.push(Plot.ruleY([0], { x1: s.interval.lo, x2: s.interval.hi, stroke: '#1f77b4', strokeWidth: 6, strokeOpacity: 0.35, className: 'nc-effect-interval' }));
  if (s.median !== null) marks.push(Plot.tickX([s.median], { x: (d: number) => d, stroke: '#1f77b4', strokeWidth: 2 }));
  marks.push(Plot.dot(dots, { x: 'effect', y: () => 0, fill: (d: { effect: number }) => (d.effect > 0 ? 'supports' : d.effect < 0 ? 'contradicts' : 'tie'), r: 4, className: 'nc-effect', title: (d: { seed: number; effect: number }) => `seed ${d.seed}: effect ${d.effect.toPrecision(3)}` }));
  return svg({
    width: 720,
    height: 90,
    marginLeft: 20,
    marginTop: 10,
    x: { label: `effect per seed → (${s.effect})`, grid: true },
    y: { axis: null, domain: [-1, 1] },
    color: { domain: ['supports', 'contradicts', 'tie'], range: ['#2ca02c', '#d62728', '#888'], legend: false },
    marks,
  });
}
