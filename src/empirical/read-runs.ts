// Reading a trained run's snapshots the way the claims phrase their effects:
// the final snapshot, the first snapshot in the terminal phase, a window of
// epochs, the last hidden layer. Small pure helpers, so that each clause's
// effect reads like its statement.
import type { NetworkRun, Snapshot } from '../network/train.ts';
import type { FeatureMeasures } from '../measure/network-layers.ts';

export function finalSnapshot(run: NetworkRun): Snapshot {
  return run.snapshots[run.snapshots.length - 1];
}

/** The first snapshot with zero training error (the start of the terminal phase, at snapshot resolution). */
export function terminalPhaseStart(run: NetworkRun): Snapshot {
  const s = run.snapshots.find((x) => x.trainAccuracy === 1);
  if (s === undefined) throw new Error('the run never reached zero training error');
  return s;
}

/** Snapshots with from ≤ epoch ≤ to. */
export function snapshotsBetween(run: NetworkRun, from: number, to: number): Snapshot[] {
  return run.snapshots.filter((s) => s.epoch >= from && s.epoch <= to);
}

/** The last hidden layer's features (the "penultimate" features the classifier reads). */
export function lastHidden(s: Snapshot): FeatureMeasures {
  return s.features[s.features.length - 1];
}

/** The classifier's weight measures (the last weight matrix). */
export function classifierWeights(s: Snapshot): Snapshot['weights'][number] {
  return s.weights[s.weights.length - 1];
}

/** Spearman's rank correlation of two equally long sequences (average ranks for ties); NaN when either is constant. */
export function spearman(x: readonly number[], y: readonly number[]): number {
  const ranks = (v: readonly number[]): number[] => {
    const order = v.map((value, i) => ({ value, i })).sort((a, b) => a.value - b.value);
    const r = new Array<number>(v.length);
    for (let start = 0; start < order.length; ) {
      let end = start;
      while (end + 1 < order.length && order[end + 1].value === order[start].value) end++;
      for (let k = start; k <= end; k++) r[order[k].i] = (start + end) / 2 + 1;
      start = end + 1;
    }
    return r;
  };
  if (x.length !== y.length || x.length < 2) return NaN;
  const rx = ranks(x);
  const ry = ranks(y);
  const mean = (v: number[]) => v.reduce((s, a) => s + a, 0) / v.length;
  const mx = mean(rx);
  const my = mean(ry);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < rx.length; i++) {
    sxy += (rx[i] - mx) * (ry[i] - my);
    sxx += (rx[i] - mx) ** 2;
    syy += (ry[i] - my) ** 2;
  }
  return sxx === 0 || syy === 0 ? NaN : sxy / Math.sqrt(sxx * syy);
}
