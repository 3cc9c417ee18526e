// TB22's empirical finding (docs/theorems.md §8, [restated in THN23]):
// within-class variability decreases with depth through the layers of an
// end-to-end trained network (also reported by PHD20 and Galanti 2022). Read
// as: ÑC1 of the input and of each hidden layer's features, at the end of
// training, falls with depth (Spearman's rank correlation between depth and
// log ÑC1 is negative), with and without weight decay.
import { defineClaim } from '../../src/empirical/claim.ts';
import { empirical as empiricalProvenance } from '../../src/theorem/provenance.ts';
import type { DataSpec } from '../../src/data/spec.ts';
import { depthwiseDecrease } from './effects.ts';
import { IRIS, MIXTURE, sgd } from './experiments.ts';

function depthwise(id: string, data: DataSpec, dataName: string) {
  return defineClaim({
    id,
    title: `Within-class variability decreases with depth through a trained network (${dataName})`,
    citation: 'Tirer & Bruna, ICML 2022, experiments (TB22; restated in THN23; docs/theorems.md §8)',
    provenance: empiricalProvenance('TB22 experiments, restated in THN23 (§8)'),
    setting: `4 × 32 ReLU MLP with BN, MSE, THN23 baseline, ${dataName}; layers: the input and the 4 hidden layers; a seed counts when its run reaches zero training error`,
    experiments: { wd: sgd(data, 1), noWd: sgd(data, 0) },
    seeds: 10,
    clauses: ({ empirical }) => [
      empirical('nc1-decreases-with-depth', {
        statement: 'With weight decay, ÑC1 at the end of training decreases with depth (input → last hidden layer)',
        effect: '−Spearman(layer index, log10 ÑC1) over the input and the 4 hidden layers ∈ [−1, 1]',
        uses: ['wd'],
        value: (r) => depthwiseDecrease(r.wd),
      }),
      empirical('nc1-decreases-with-depth-no-wd', {
        statement: 'Without weight decay, ÑC1 at the end of training decreases with depth',
        effect: '−Spearman(layer index, log10 ÑC1), no-WD run',
        uses: ['noWd'],
        value: (r) => depthwiseDecrease(r.noWd),
      }),
    ],
    nonClaims: [{ statement: 'A strict decrease at every layer', reason: 'the claim is a trend with depth; Spearman’s correlation measures it without requiring every step' }],
    plots: { curves: ['wd'] },
  });
}

export const depthwiseMixture = depthwise('TB22-DEPTHWISE', MIXTURE, 'Gaussian mixture, K = 4');
export const depthwiseIris = depthwise('TB22-DEPTHWISE.iris', IRIS, 'iris, K = 3');
