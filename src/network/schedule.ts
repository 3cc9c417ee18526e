// Learning-rate schedules, by epoch. "step" divides the rate by 1/factor at
// each milestone — the multi-step schedule of THN23's and Zhu et al.'s
// baselines (docs/theorems.md §8) — with milestones given as fractions of
// the training so that a schedule keeps its shape when the epoch budget changes.
import { UsageError } from '../errors.ts';

export type LearningRateSchedule =
  | { readonly kind: 'constant' }
  | { readonly kind: 'step'; readonly milestones: readonly number[]; readonly factor: number };

/** Milestone epochs: round(fraction · epochs), in increasing order. */
export function milestoneEpochs(schedule: LearningRateSchedule, epochs: number): number[] {
  return schedule.kind === 'constant' ? [] : schedule.milestones.map((f) => Math.round(f * epochs));
}

/** The rate used during (0-based) epoch `epoch` of `epochs`. */
export function learningRateAt(base: number, schedule: LearningRateSchedule, epoch: number, epochs: number): number {
  if (schedule.kind === 'constant') return base;
  const passed = milestoneEpochs(schedule, epochs).filter((m) => epoch >= m).length;
  return base * schedule.factor ** passed;
}

/** Σ_t lr_t over the steps of a run: what the weight-decay shrinkage exp(−λ Σ_t lr_t) depends on. */
export function learningRateSum(base: number, schedule: LearningRateSchedule, epochs: number, stepsPerEpoch: number): number {
  let sum = 0;
  for (let e = 0; e < epochs; e++) sum += learningRateAt(base, schedule, e, epochs) * stepsPerEpoch;
  return sum;
}

export function checkSchedule(schedule: LearningRateSchedule): void {
  if (schedule.kind === 'constant') return;
  if (!(schedule.factor > 0 && schedule.factor <= 1)) throw new UsageError(`learning-rate schedule: factor must be in (0, 1], got ${schedule.factor}`);
  if (schedule.milestones.some((f, i) => !(f > 0 && f < 1) || (i > 0 && f <= schedule.milestones[i - 1]))) {
    throw new UsageError(`learning-rate schedule: milestones must be increasing fractions in (0, 1), got ${JSON.stringify(schedule.milestones)}`);
  }
}
