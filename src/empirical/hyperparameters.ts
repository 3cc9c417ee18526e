// Where the default experiments' hyperparameters come from, computed rather
// than typed in. THN23's practical baseline [quoted: THN23] (docs/theorems.md
// §8): SGD with momentum 0.9, learning rate 0.05 divided by 10
// every 40 epochs, weight decay 5e-4, MSE with no bias in the classifier, on
// CIFAR-10 (50,000 images). The reference states neither THN23's batch size
// nor its epoch count; we take Zhu et al.'s batch 128 [quoted: Zhu et al.
// source code] (391 steps per epoch) and three 40-epoch stages.
//
// A run of a few thousand steps on a small data set cannot copy λ = 5e-4: what
// weight decay does over a run is shrink every weight by exp(−λ Σ_t lr_t), so
// the experiments keep THN23's total shrinkage λ Σ_t lr_t and solve for λ.
import { learningRateSum, type LearningRateSchedule } from '../network/schedule.ts';

export const THN23_BASELINE = {
  learningRate: 0.05,
  momentum: 0.9,
  weightDecay: 5e-4,
  stageEpochs: 40,
  stages: 3,
  stepsPerEpoch: Math.ceil(50_000 / 128),
} as const;

/** THN23's schedule as fractions of training: ÷10 after each of the first two of three equal stages. */
export const THN23_SCHEDULE: LearningRateSchedule = { kind: 'step', milestones: [1 / 3, 2 / 3], factor: 0.1 };

/** λ Σ_t lr_t of THN23's baseline: the total weight-decay shrinkage exponent to match (≈ 0.434). */
export function referenceShrinkage(): number {
  const b = THN23_BASELINE;
  return b.weightDecay * learningRateSum(b.learningRate, THN23_SCHEDULE, b.stageEpochs * b.stages, b.stepsPerEpoch);
}

/** The λ giving a run of `epochs` × `stepsPerEpoch` steps THN23's total shrinkage. */
export function matchedWeightDecay(learningRate: number, schedule: LearningRateSchedule, epochs: number, stepsPerEpoch: number): number {
  return referenceShrinkage() / learningRateSum(learningRate, schedule, epochs, stepsPerEpoch);
}
