// Effects the built-in claims share, each oriented so that positive supports
// the claim.
import type { NetworkRun, Snapshot } from '../../src/network/train.ts';
import { classifierWeights, finalSnapshot, lastHidden, spearman } from '../../src/empirical/read-runs.ts';

/** log10 ÑC1 of the last hidden layer. */
export const logNc1 = (s: Snapshot): number => Math.log10(lastHidden(s).nc1TraceRatio);

/** −Spearman(layer index, log ÑC1) over the input and every hidden layer at the end of training: 1 when ÑC1 falls at every layer. */
export function depthwiseDecrease(run: NetworkRun): number {
  const s = finalSnapshot(run);
  return -spearman(
    s.features.map((_, l) => l),
    s.features.map((f) => Math.log10(f.nc1TraceRatio)),
  );
}

/** Σ over weight matrices of a per-matrix statistic at the end of training. */
export const sumOverWeights = (run: NetworkRun, pick: (w: Snapshot['weights'][number]) => number): number =>
  finalSnapshot(run).weights.reduce((s, w) => s + pick(w), 0);

export const classifierOf = (run: NetworkRun): number => classifierWeights(finalSnapshot(run)).ofError;
