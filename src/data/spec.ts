// Which data an experiment trains on, as plain data (it goes into reports and
// run identities), and the one function that materializes it.
import { gaussianMixture, type GaussianMixtureSpec } from './gaussian-mixture.ts';
import { iris, type IrisSpec } from './iris.ts';
import { mnist, type MnistSpec } from './mnist.ts';
import type { Dataset } from './dataset.ts';

export type DataSpec = GaussianMixtureSpec | IrisSpec | MnistSpec;

/** The dataset for a spec; generated data is drawn from `seed` (iris ignores it: it is fixed). */
export function loadDataset(spec: DataSpec, seed: number): Dataset {
  switch (spec.kind) {
    case 'gaussian-mixture':
      return gaussianMixture(spec, seed);
    case 'iris':
      return iris();
    case 'mnist':
      return mnist(spec);
  }
}

/** Whether the data differs from seed to seed (generated) or is one fixed set. */
export function dataVariesWithSeed(spec: DataSpec): boolean {
  return spec.kind === 'gaussian-mixture';
}
