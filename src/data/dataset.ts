// A labelled training set for the real-network experiments: samples as the
// rows of X, ordered class by class (the layout src/measure expects once the
// features are transposed to d × N), with the class sizes that order implies.
import { UsageError } from '../errors.ts';
import type { Mat } from '../linalg/matrix.ts';

export interface Dataset {
  /** Short id, e.g. "gmm" or "iris". */
  readonly name: string;
  /** One line: what the data is and where it comes from. */
  readonly description: string;
  /** N × p, samples as rows, class by class. */
  readonly X: Mat;
  /** Class of each row (0-based), non-decreasing. */
  readonly labels: Int32Array;
  readonly classSizes: readonly number[];
}

export function classCount(data: Dataset): number {
  return data.classSizes.length;
}

/** Labels for class sizes in order: [0,…,0, 1,…,1, …]. */
export function labelsFor(classSizes: readonly number[]): Int32Array {
  const out = new Int32Array(classSizes.reduce((s, n) => s + n, 0));
  let j = 0;
  classSizes.forEach((n, k) => {
    out.fill(k, j, j + n);
    j += n;
  });
  return out;
}

/** Checks the invariants every consumer relies on; throws UsageError naming the dataset. */
export function checkDataset(data: Dataset): Dataset {
  const N = data.classSizes.reduce((s, n) => s + n, 0);
  const fail = (what: string): never => {
    throw new UsageError(`dataset "${data.name}": ${what}`);
  };
  if (data.classSizes.length < 2) fail(`expected at least 2 classes, got ${data.classSizes.length}`);
  if (data.classSizes.some((n) => !Number.isInteger(n) || n < 1)) fail(`class sizes must be positive integers, got ${JSON.stringify(data.classSizes)}`);
  if (data.X.rows !== N || data.labels.length !== N) fail(`expected ${N} samples (the class sizes' sum), got ${data.X.rows} rows and ${data.labels.length} labels`);
  const expected = labelsFor(data.classSizes);
  if (expected.some((k, i) => data.labels[i] !== k)) fail('samples must be ordered class by class');
  if (!data.X.data.every(Number.isFinite)) fail('features must be finite');
  return data;
}
