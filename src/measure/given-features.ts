// Measuring a network nc-check did not train: features, labels and weights
// exported from PyTorch or JAX (src/data/tensors), read in one streaming pass
// — class means and Σ_W (src/measure/streaming.ts) and the bootstrap
// replicates' sums (src/measure/bootstrap.ts) — plus a second pass for NC4
// when a classifier is given (it needs the final class means), and reduced to
// the measurement set nc-check computes for its own networks.
import { UsageError } from '../errors.ts';
import { mat, type Mat } from '../linalg/matrix.ts';
import { DTYPE_NAME, FLOAT_DTYPES, LABEL_DTYPES } from '../data/tensors/dtype.ts';
import { featureShape, forEachSampleBlock, readWhole, type Layout } from '../data/tensors/read.ts';
import { openTensorFile, pickTensor, tensorLabel, type TensorFile, type TensorInfo } from '../data/tensors/tensor-file.ts';
import { bootstrapAccumulator, nccPass, type Replicate } from './bootstrap.ts';
import { classifierMetrics, DEFAULT_DEFINITIONS, featureMetrics, type Definitions } from './from-statistics.ts';
import { weightMeasures, type WeightMeasures } from './network-layers.ts';
import { scatterAccumulator, type ClassStatistics } from './streaming.ts';

/** A file, and optionally the array inside it ("run1.npz:features"). */
export interface TensorRef {
  readonly path: string;
  readonly key?: string;
}

export interface GivenRunInput {
  readonly features: TensorRef;
  readonly labels: TensorRef;
  /** The classifier W (K × d), PyTorch's nn.Linear.weight. */
  readonly weights?: TensorRef;
  readonly bias?: TensorRef;
  /** Other layers' features, measured with the same labels. */
  readonly layers?: readonly { readonly name: string; readonly features: TensorRef }[];
  /** Other weight matrices (out × in), for their spectra and ranks. */
  readonly extraWeights?: readonly { readonly name: string; readonly weights: TensorRef }[];
}

export interface MeasureOptions {
  readonly layout: Layout;
  readonly definitions: Definitions;
  /** Bootstrap replicates (0: none). */
  readonly replicates: number;
  readonly seed: number;
  /** Samples per block of the streaming passes. */
  readonly blockSamples?: number;
}

export const DEFAULT_MEASURE_OPTIONS: MeasureOptions = { layout: 'nd', definitions: DEFAULT_DEFINITIONS, replicates: 200, seed: 1, blockSamples: 4096 };

export interface LayerResult {
  readonly name: string;
  readonly source: string;
  readonly N: number;
  readonly d: number;
  readonly statistics: ClassStatistics;
  readonly metrics: Record<string, number>;
}

export interface GivenRunResult {
  /** The features' file (and array). */
  readonly label: string;
  readonly N: number;
  readonly d: number;
  readonly K: number;
  readonly classSizes: readonly number[];
  readonly dtype: string;
  readonly statistics: ClassStatistics;
  /** Scalar metrics under nc-check's JSON names (Measurements, FeatureMeasures). */
  readonly metrics: Record<string, number>;
  readonly W?: Mat;
  readonly b?: Mat;
  readonly classifier?: WeightMeasures;
  readonly replicates: readonly Replicate[];
  readonly layers: readonly LayerResult[];
  readonly weights: readonly { readonly name: string; readonly source: string; readonly measures: WeightMeasures; readonly W: Mat }[];
}

/** Opens each file once per run. */
class Files {
  private readonly open = new Map<string, TensorFile>();
  async get(path: string): Promise<TensorFile> {
    let f = this.open.get(path);
    // Stryker disable next-line ConditionalExpression: equivalent in the result, reopening a file reads the same bytes (this only saves the reopen)
    if (f === undefined) {
      f = await openTensorFile(path);
      this.open.set(path, f);
    }
    return f;
  }
  // Stryker disable next-line BlockStatement: a file handle left open until exit changes no result
  close(): void {
    for (const f of this.open.values()) f.close();
  }
}

async function tensor(files: Files, ref: TensorRef, fallback: readonly string[]): Promise<{ file: TensorFile; t: TensorInfo }> {
  const file = await files.get(ref.path);
  return { file, t: pickTensor(file, ref.key, fallback) };
}

async function readMatrix(files: Files, ref: TensorRef, what: string, fallback: readonly string[]): Promise<{ M: Mat; label: string }> {
  const { file, t } = await tensor(files, ref, fallback);
  const label = tensorLabel(t);
  if (!FLOAT_DTYPES.includes(t.dtype)) throw new UsageError(`${label}: ${what} must be floating point, got ${DTYPE_NAME[t.dtype]}`);
  const shape = t.shape.length === 1 ? [t.shape[0], 1] : t.shape;
  if (shape.length !== 2) throw new UsageError(`${label}: ${what} must be a matrix or vector, got shape (${t.shape.join(', ')})`);
  const data = await readWhole(file, t);
  const bad = data.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new UsageError(`${label}: non-finite ${what} entry (${String(data[bad])}) at index ${bad}`);
  return { M: mat(shape[0], shape[1], data), label };
}

async function readLabels(files: Files, ref: TensorRef, K: number | undefined): Promise<{ labels: Int32Array; classSizes: number[] }> {
  const { file, t } = await tensor(files, ref, ['labels', 'y', 'targets']);
  const label = tensorLabel(t);
  if (!LABEL_DTYPES.includes(t.dtype)) throw new UsageError(`${label}: labels must be int32, int64 or uint8, got ${DTYPE_NAME[t.dtype]}`);
  if (!(t.shape.length === 1 || (t.shape.length === 2 && t.shape[1] === 1))) throw new UsageError(`${label}: labels must be a vector (N,), got shape (${t.shape.join(', ')})`);
  const raw = await readWhole(file, t);
  const labels = new Int32Array(raw.length);
  let max = -1;
  for (let j = 0; j < raw.length; j++) {
    const y = raw[j];
    if (!(y >= 0) || (K !== undefined && y >= K) || y > 2 ** 31 - 2) {
      throw new UsageError(`${label}: label out of range at sample ${j}: ${y}; expected 0…${K === undefined ? 'K−1' : K - 1}${K === undefined ? '' : ` (K = ${K}, the classifier's rows)`}`);
    }
    labels[j] = y;
    // Stryker disable next-line EqualityOperator: equivalent, y = max leaves max unchanged
    if (y > max) max = y;
  }
  const classes = K ?? max + 1;
  const classSizes = new Array<number>(classes).fill(0);
  for (const y of labels) classSizes[y]++;
  const empty = classSizes.findIndex((n) => n === 0);
  if (empty >= 0) throw new UsageError(`${label}: class ${empty} has no sample (K = ${classes}); every class needs at least one`);
  if (classes < 2) throw new UsageError(`${label}: expected at least 2 classes, got ${classes}`);
  return { labels, classSizes };
}

async function streamLayer(files: Files, ref: TensorRef, labels: Int32Array, classSizes: readonly number[], o: MeasureOptions, fallback: readonly string[], pass2?: { W?: Mat; b?: Mat }) {
  const { file, t } = await tensor(files, ref, fallback);
  const shape = featureShape(t, o.layout);
  const label = tensorLabel(t);
  if (shape.N !== labels.length) throw new UsageError(`${label}: shape mismatch: ${shape.N} samples (shape (${t.shape.join(', ')}), layout ${o.layout === 'nd' ? 'N × d' : 'd × N'}) but ${labels.length} labels`);
  const block = o.blockSamples ?? 4096;
  const acc = scatterAccumulator(shape.d, classSizes, o.definitions.within);
  // The bootstrap is only for the main features (pass2 given): other layers are measured, not claimed about.
  const boot = bootstrapAccumulator(shape.d, classSizes.length, { replicates: pass2 === undefined ? 0 : o.replicates, seed: o.seed });
  await forEachSampleBlock(file, t, shape, block, (b, count, first) => {
    const y = labels.subarray(first, first + count);
    acc.add(b, y, count);
    boot.add(b, y, count, first);
  });
  const statistics = acc.finish();
  const replicates = boot.finish(o.definitions.within);
  let nccAgreement = NaN;
  // A classifier of the wrong width is refused by the caller: no NC4 pass for it.
  if (pass2?.W !== undefined && pass2.W.cols === shape.d) {
    const ncc = nccPass(statistics, pass2.W, pass2.b);
    await forEachSampleBlock(file, t, shape, block, (b, count) => ncc.add(b, count));
    nccAgreement = ncc.finish();
  }
  return { label, shape, statistics, dtype: DTYPE_NAME[t.dtype], replicates, nccAgreement };
}

/** Measures one run (one checkpoint or seed). */
export async function measureGivenRun(input: GivenRunInput, o: MeasureOptions = DEFAULT_MEASURE_OPTIONS): Promise<GivenRunResult> {
  const files = new Files();
  try {
    const W = input.weights === undefined ? undefined : await readMatrix(files, input.weights, 'classifier weights', ['W', 'weight']);
    const K = W?.M.rows;
    const b = input.bias === undefined ? undefined : await readMatrix(files, input.bias, 'bias', ['b', 'bias']);
    if (b !== undefined) {
      if (W === undefined) throw new UsageError(`${b.label}: --bias needs --weights (the classifier it belongs to)`);
      if (b.M.cols !== 1 || b.M.rows !== K) throw new UsageError(`${b.label}: shape mismatch: bias must have K = ${K} entries (the classifier's rows), got shape (${b.M.rows}, ${b.M.cols})`);
    }
    const { labels, classSizes } = await readLabels(files, input.labels, K);
    const main = await streamLayer(files, input.features, labels, classSizes, o, ['features', 'H', 'h'], { W: W?.M, b: b?.M });
    if (W !== undefined && W.M.cols !== main.shape.d) {
      // K is W's row count, so W.M.rows === d here means a d × K kernel given where K × d is expected.
      const hint = W.M.rows === main.shape.d ? ' (a flax Dense kernel is d × K: export kernel.T)' : '';
      throw new UsageError(`${W.label}: shape mismatch: classifier must be K × d = K × ${main.shape.d}, got (${W.M.rows}, ${W.M.cols})${hint}`);
    }
    const metrics: Record<string, number> = { ...featureMetrics(main.statistics, o.definitions) };
    if (W !== undefined) Object.assign(metrics, classifierMetrics(main.statistics, W.M, o.definitions), { nccAgreement: main.nccAgreement });
    const layers: LayerResult[] = [];
    for (const l of input.layers ?? []) {
      const r = await streamLayer(files, l.features, labels, classSizes, o, []);
      layers.push({ name: l.name, source: r.label, N: r.shape.N, d: r.shape.d, statistics: r.statistics, metrics: featureMetrics(r.statistics, o.definitions) });
    }
    const weights = [];
    for (const w of input.extraWeights ?? []) {
      const m = await readMatrix(files, w.weights, `weights ${w.name}`, []);
      weights.push({ name: w.name, source: m.label, measures: weightMeasures(m.M), W: m.M });
    }
    return {
      label: main.label,
      N: main.shape.N,
      d: main.shape.d,
      K: classSizes.length,
      classSizes,
      dtype: main.dtype,
      statistics: main.statistics,
      metrics,
      W: W?.M,
      b: b?.M,
      classifier: W === undefined ? undefined : weightMeasures(W.M),
      replicates: main.replicates,
      layers,
      weights,
    };
  } finally {
    files.close();
  }
}

