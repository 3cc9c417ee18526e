// `nc-check measure`: the thin shell over src/run/measure.ts — parse the
// tensor references, run, write measurements.json, theorem-coverage.json and
// its views into --out, print the table (or the measurement JSON).
import { UsageError } from '../errors.ts';
import type { Io } from '../io.ts';
import type { Definitions } from '../measure/from-statistics.ts';
import type { GivenRunInput, TensorRef } from '../measure/given-features.ts';
import type { Layout } from '../data/tensors/read.ts';
import { renderTerminal } from '../report/terminal.ts';
import { toJson } from '../report/writer.ts';
import { measureNetworks, writeMeasureRun } from '../run/measure.ts';

export interface MeasureCommandOptions {
  readonly features: string[];
  readonly labels?: string[];
  readonly weights?: string[];
  readonly bias?: string[];
  readonly layer?: string[];
  readonly weight?: string[];
  readonly layout: Layout;
  readonly globalMean: Definitions['globalMean'];
  readonly within: Definitions['within'];
  readonly nc3: Definitions['nc3'];
  readonly tolerance: number;
  readonly nc1Threshold?: number;
  readonly bootstrap: number;
  readonly seed: number;
  readonly json?: boolean;
  readonly out: string;
}

/** "file" or "file:key"; ":key" is the array `key` of the run's features file. A Windows drive letter is not a key. */
export function parseRef(text: string, featuresFile: string | undefined, option: string): TensorRef {
  const m = /^(.*?\.(?:npy|npz|safetensors)):([^:/\\]+)$/i.exec(text);
  if (m !== null) return { path: m[1], key: m[2] };
  if (text.startsWith(':')) {
    if (featuresFile === undefined) throw new UsageError(`${option}: "${text}" names an array of the features file, but that is not known here`);
    return { path: featuresFile, key: text.slice(1) };
  }
  if (text === '') throw new UsageError(`${option}: expected a file (FILE or FILE:ARRAY)`);
  return { path: text };
}

/** One value for every run, or one per run. */
function perRun(values: string[] | undefined, runs: number, option: string): (string | undefined)[] {
  if (values === undefined) return new Array<undefined>(runs).fill(undefined);
  if (values.length === 1) return new Array<string>(runs).fill(values[0]);
  if (values.length !== runs) throw new UsageError(`${option}: expected one file for all runs or one per --features file (${runs}), got ${values.length}`);
  return values;
}

function named(values: string[] | undefined, option: string): { name: string; ref: string }[] {
  return (values ?? []).map((v) => {
    const at = v.indexOf('=');
    if (at <= 0 || at === v.length - 1) throw new UsageError(`${option}: expected NAME=FILE[:ARRAY], got "${v}"`);
    return { name: v.slice(0, at), ref: v.slice(at + 1) };
  });
}

export function measureInputs(o: MeasureCommandOptions): GivenRunInput[] {
  const n = o.features.length;
  const labels = perRun(o.labels, n, '--labels');
  const weights = perRun(o.weights, n, '--weights');
  const bias = perRun(o.bias, n, '--bias');
  const layers = named(o.layer, '--layer');
  const extra = named(o.weight, '--weight');
  if (n > 1 && (layers.length > 0 || extra.length > 0) && [...layers, ...extra].some((l) => !l.ref.startsWith(':'))) {
    throw new UsageError('--layer/--weight with several --features runs: name arrays of each run\'s features file (NAME=:ARRAY), so that every run is measured alike');
  }
  return o.features.map((f, i) => {
    const features = parseRef(f, undefined, '--features');
    const ref = (text: string | undefined, option: string): TensorRef | undefined => (text === undefined ? undefined : parseRef(text, features.path, option));
    return {
      features,
      labels: ref(labels[i], '--labels') ?? { path: features.path, key: 'labels' },
      weights: ref(weights[i], '--weights'),
      bias: ref(bias[i], '--bias'),
      layers: layers.map((l) => ({ name: l.name, features: parseRef(l.ref, features.path, '--layer') })),
      extraWeights: extra.map((w) => ({ name: w.name, weights: parseRef(w.ref, features.path, '--weight') })),
    };
  });
}

export async function measureCommand(o: MeasureCommandOptions, io: Io, argv: readonly string[]): Promise<number> {
  const definitions: Definitions = { globalMean: o.globalMean, within: o.within, nc3: o.nc3 };
  const run = await measureNetworks(
    measureInputs(o),
    { layout: o.layout, definitions, replicates: o.bootstrap, seed: o.seed, tolerance: o.tolerance, nc1Threshold: o.nc1Threshold, level: 0.95 },
    argv,
  );
  try {
    writeMeasureRun(o.out, run);
  } catch (e) {
    // The measurement is done: print it before refusing, so nothing computed is lost.
    io.out(`${toJson(run.document, 2)}\n`);
    throw e;
  }
  io.out(o.json === true ? `${toJson(run.document, 2)}\n` : renderTerminal(run.report));
  return run.report.summary.failed > 0 ? 1 : 0;
}
