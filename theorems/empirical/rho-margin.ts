// XRLGP23 §7 item 1 (docs/theorems.md): with normalization (here BN) and
// weight decay λ > 0, the product of layer norms ρ settles to a λ-dependent
// equilibrium and the training margins concentrate. "Settles" is read within
// the first learning-rate stage (constant rate: an equilibrium is defined for
// a fixed rate and λ), over its second half; "λ-dependent" as ρ at the end
// falling monotonically over λ ∈ {0, λ, 4λ}; margins as the coefficient of
// variation sd/mean of the training margins f_y − max_{c≠y} f_c (scale-free,
// so it does not matter how ρ is normalized away).
import { defineClaim } from '../../src/empirical/claim.ts';
import { empirical as empiricalProvenance } from '../../src/theorem/provenance.ts';
import { finalSnapshot, snapshotsBetween } from '../../src/empirical/read-runs.ts';
import type { NetworkRun } from '../../src/network/train.ts';
import { milestoneEpochs } from '../../src/network/schedule.ts';
import { MIXTURE, sgd } from './experiments.ts';

/** max − min of log ρ over the snapshots in the second half of the first learning-rate stage (NaN with fewer than two). */
export function rhoDrift(run: NetworkRun, schedule: Parameters<typeof milestoneEpochs>[0], epochs: number): number {
  const first = milestoneEpochs(schedule, epochs)[0] ?? epochs;
  const logs = snapshotsBetween(run, first / 2, first).map((s) => Math.log(s.rho));
  return logs.length < 2 ? NaN : Math.max(...logs) - Math.min(...logs);
}

const logRho = (run: NetworkRun): number => Math.log(finalSnapshot(run).rho);

const experiments = { wd: sgd(MIXTURE, 1), noWd: sgd(MIXTURE, 0), wd4: sgd(MIXTURE, 4) };
const drift = (run: NetworkRun, e: keyof typeof experiments): number => rhoDrift(run, experiments[e].training.schedule, run.epochs);

export const rhoMargin = defineClaim({
  id: 'XRLGP23-RHO-MARGIN',
  title: 'With BN and weight decay, ρ = Π||W_l||_F settles to a λ-dependent equilibrium and the training margins concentrate (Gaussian mixture, K = 4)',
  citation: 'Xu, Rangamani, Liao, Galanti & Poggio, Research 2023 (XRLGP23, docs/theorems.md §7 item 1)',
  provenance: empiricalProvenance('XRLGP23 §7 item 1', { unverified: true }),
  setting: '4 × 32 ReLU MLP with BN, MSE, THN23 baseline; a seed counts when the compared runs reach zero training error',
  experiments,
  seeds: 10,
  clauses: ({ empirical }) => [
    empirical('rho-settles-with-wd', {
      statement: 'Within the first (constant) learning-rate stage, log ρ moves less over its second half with weight decay than without',
      effect: 'drift(no WD) − drift(WD), drift = max − min of log ρ over the snapshots in epochs [m/2, m], m the first milestone',
      uses: ['wd', 'noWd'],
      value: (r) => drift(r.noWd, 'noWd') - drift(r.wd, 'wd'),
    }),
    empirical('rho-decreases-with-lambda', {
      statement: 'ρ at the end of training decreases monotonically in λ ∈ {0, λ, 4λ}',
      effect: 'min(log ρ(0) − log ρ(λ), log ρ(λ) − log ρ(4λ))',
      uses: ['noWd', 'wd', 'wd4'],
      value: (r) => Math.min(logRho(r.noWd) - logRho(r.wd), logRho(r.wd) - logRho(r.wd4)),
    }),
    empirical('margins-concentrate-with-wd', {
      statement: 'The training margins are more concentrated (smaller sd/mean) at the end of training with weight decay than without',
      effect: 'CV(no WD) − CV(WD), CV = sd/mean of f_y(x) − max_{c≠y} f_c(x) over the training set',
      uses: ['wd', 'noWd'],
      value: (r) => finalSnapshot(r.noWd).classifier.margins.cv - finalSnapshot(r.wd).classifier.margins.cv,
    }),
  ],
  nonClaims: [{ statement: 'Generalization bounds scaling with ρ / margin (§7 item 4)', reason: 'a bound on test error, not a property of the trained network; no test data in these experiments' }],
  plots: { curves: ['wd', 'noWd'] },
});
