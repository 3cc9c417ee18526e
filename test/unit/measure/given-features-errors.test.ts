// measureGivenRun's refusals, message by message, and the array names it falls back on when a file
// holds several arrays and none is named. The files are written here (small .npy and .safetensors
// writers below) so that each case is one bad property of an otherwise valid input; the CLI's
// wording of the same errors is in test/unit/cli/measure.test.ts.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MEASURE_OPTIONS, measureGivenRun, type GivenRunInput } from '../../../src/measure/given-features.ts';

const dir = mkdtempSync(join(tmpdir(), 'nc-check-given-'));
type Dtype = 'f8' | 'i4' | 'i8';
interface Array_ { readonly dtype: Dtype; readonly shape: readonly number[]; readonly data: readonly number[] }
const f8 = (shape: readonly number[], data: readonly number[]): Array_ => ({ dtype: 'f8', shape, data });
const i4 = (shape: readonly number[], data: readonly number[]): Array_ => ({ dtype: 'i4', shape, data });

function bytesOf(a: Array_): Buffer {
  const size = a.dtype === 'i4' ? 4 : 8;
  const b = Buffer.alloc(a.data.length * size);
  a.data.forEach((v, i) => (a.dtype === 'f8' ? b.writeDoubleLE(v, 8 * i) : a.dtype === 'i4' ? b.writeInt32LE(v, 4 * i) : b.writeBigInt64LE(BigInt(v), 8 * i)));
  return b;
}

/** A version 1.0 .npy file, C order, little-endian. */
function npy(name: string, a: Array_): string {
  const shape = a.shape.length === 1 ? `(${a.shape[0]},)` : `(${a.shape.join(', ')})`;
  let header = `{'descr': '<${a.dtype}', 'fortran_order': False, 'shape': ${shape}, }`;
  header += ' '.repeat(63 - ((10 + header.length) % 64)) + '\n';
  const prefix = Buffer.alloc(10);
  prefix.write('\x93NUMPY', 0, 'latin1');
  prefix[6] = 1;
  prefix.writeUInt16LE(header.length, 8);
  const p = join(dir, name);
  writeFileSync(p, Buffer.concat([prefix, Buffer.from(header, 'latin1'), bytesOf(a)]));
  return p;
}

/** A .safetensors file holding several named arrays. */
function safetensors(name: string, arrays: Record<string, Array_>): string {
  const header: Record<string, unknown> = {};
  const chunks: Buffer[] = [];
  let offset = 0;
  for (const [key, a] of Object.entries(arrays)) {
    const b = bytesOf(a);
    header[key] = { dtype: a.dtype === 'f8' ? 'F64' : a.dtype === 'i4' ? 'I32' : 'I64', shape: a.shape, data_offsets: [offset, offset + b.length] };
    chunks.push(b);
    offset += b.length;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (json.length % 8)) % 8);
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(json.length));
  const p = join(dir, name);
  writeFileSync(p, Buffer.concat([length, Buffer.from(json), ...chunks]));
  return p;
}

// The small case of given-features.test.ts: class 0 = (1,0),(3,0), class 1 = (0,1),(0,5).
const FEATURES = f8([4, 2], [1, 0, 3, 0, 0, 1, 0, 5]);
const LABELS = i4([4], [0, 0, 1, 1]);
const features = npy('features.npy', FEATURES);
const labels = npy('labels.npy', LABELS);
const W2 = f8([2, 2], [1, 0, 0, 1]);
const opts = { ...DEFAULT_MEASURE_OPTIONS, replicates: 0 };
const run = (more: Partial<GivenRunInput>, o = opts) => measureGivenRun({ features: { path: features }, labels: { path: labels }, ...more }, o);
const refused = (more: Partial<GivenRunInput>, message: string, o = opts) => expect(run(more, o)).rejects.toThrow(message);

describe('classifier weights and bias', () => {
  it('must be floating point, a matrix or vector, and finite (the first bad index named)', async () => {
    const wInt = npy('w-int.npy', i4([2, 2], [1, 0, 0, 1]));
    await refused({ weights: { path: wInt } }, `${wInt}: classifier weights must be floating point, got int32`);
    const w3 = npy('w-3d.npy', f8([2, 1, 2], [1, 0, 0, 1]));
    await refused({ weights: { path: w3 } }, `${w3}: classifier weights must be a matrix or vector, got shape (2, 1, 2)`);
    const wNaN = npy('w-nan.npy', f8([2, 2], [NaN, 0, Infinity, 1]));
    await refused({ weights: { path: wNaN } }, `${wNaN}: non-finite classifier weights entry (NaN) at index 0`);
  });

  it('a bias needs its classifier, and K entries', async () => {
    const b2 = npy('b2.npy', f8([2], [0, 0]));
    await refused({ bias: { path: b2 } }, `${b2}: --bias needs --weights (the classifier it belongs to)`);
    const w = npy('w.npy', W2);
    const b3 = npy('b3.npy', f8([3], [0, 0, 0]));
    await refused({ weights: { path: w }, bias: { path: b3 } }, `${b3}: shape mismatch: bias must have K = 2 entries (the classifier's rows), got shape (3, 1)`);
    const b22 = npy('b22.npy', f8([2, 2], [0, 0, 0, 0]));
    await refused({ weights: { path: w }, bias: { path: b22 } }, `${b22}: shape mismatch: bias must have K = 2 entries (the classifier's rows), got shape (2, 2)`);
    const ok = await run({ weights: { path: w }, bias: { path: b2 } });
    expect(Array.from(ok.b?.data ?? [])).toEqual([0, 0]);
  });

  it('a classifier of the wrong width is refused, with the flax hint only where it is d × K', async () => {
    // K is W's row count and d = 2: a 2 × 3 W reads as K = 2 with 3 columns (a transposed kernel); a 3 × 3 one is plainly wrong.
    const flax = npy('w-flax.npy', f8([2, 3], [1, 0, 0, 0, 1, 0]));
    await expect(measureGivenRun({ features: { path: features }, labels: { path: labels }, weights: { path: flax } }, opts)).rejects.toThrow(
      `${flax}: shape mismatch: classifier must be K × d = K × 2, got (2, 3) (a flax Dense kernel is d × K: export kernel.T)`,
    );
    const labels3 = npy('labels3.npy', i4([4], [0, 1, 2, 2]));
    const wide = npy('w-wide.npy', f8([3, 3], [1, 0, 0, 0, 1, 0, 0, 0, 1]));
    await expect(measureGivenRun({ features: { path: features }, labels: { path: labels3 }, weights: { path: wide } }, opts)).rejects.toThrow(
      new RegExp(`^${wide.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: shape mismatch: classifier must be K × d = K × 2, got \\(3, 3\\)$`),
    );
  });

  it('with a classifier: its measures and the NCC agreement, the same whatever the block size', async () => {
    const w = npy('w-ncc.npy', f8([2, 2], [1, -1, -1, 1]));
    const whole = await run({ weights: { path: w } });
    expect(whole.classifier).toBeDefined();
    expect(whole.metrics.nccAgreement).toBe(1);
    for (const blockSamples of [1, 3]) {
      const blocked = await run({ weights: { path: w } }, { ...opts, blockSamples });
      expect(blocked.metrics).toEqual(whole.metrics);
    }
  });
});

describe('labels', () => {
  it('must be an integer vector (N,) or (N, 1)', async () => {
    const l2 = npy('l-2d.npy', i4([2, 2], [0, 0, 1, 1]));
    await refused({ labels: { path: l2 } }, `${l2}: labels must be a vector (N,), got shape (2, 2)`);
    const l3 = npy('l-3d.npy', i4([4, 1, 1], [0, 0, 1, 1]));
    await refused({ labels: { path: l3 } }, `${l3}: labels must be a vector (N,), got shape (4, 1, 1)`);
    const column = npy('l-col.npy', i4([4, 1], [0, 0, 1, 1]));
    expect((await run({ labels: { path: column } })).classSizes).toEqual([2, 2]);
  });

  it('must lie in 0…K−1, or below the classifier’s rows, and fit an int32', async () => {
    const negative = npy('l-neg.npy', i4([4], [0, 0, -1, 1]));
    await refused({ labels: { path: negative } }, `${negative}: label out of range at sample 2: -1; expected 0…K−1`);
    const w = npy('w-k2.npy', W2);
    const two = npy('l-two.npy', i4([4], [0, 2, 1, 1]));
    await refused({ labels: { path: two }, weights: { path: w } }, `${two}: label out of range at sample 1: 2; expected 0…1 (K = 2, the classifier's rows)`);
    const huge = npy('l-huge.npy', { dtype: 'i8', shape: [4], data: [0, 1, 2 ** 31 - 1, 1] });
    await refused({ labels: { path: huge } }, `${huge}: label out of range at sample 2: 2147483647; expected 0…K−1`);
  });

  it('every class needs a sample, and there must be two classes', async () => {
    const gap = npy('l-gap.npy', i4([4], [1, 1, 2, 2]));
    await refused({ labels: { path: gap } }, `${gap}: class 0 has no sample (K = 3); every class needs at least one`);
    const one = npy('l-one.npy', i4([4], [0, 0, 0, 0]));
    await refused({ labels: { path: one } }, `${one}: expected at least 2 classes, got 1`);
  });

  it('as many labels as samples, in either layout', async () => {
    const five = npy('l-five.npy', i4([5], [0, 0, 1, 1, 1]));
    await refused({ labels: { path: five } }, `${features}: shape mismatch: 4 samples (shape (4, 2), layout N × d) but 5 labels`);
    await refused({ labels: { path: five } }, `${features}: shape mismatch: 2 samples (shape (4, 2), layout d × N) but 5 labels`, { ...opts, layout: 'dn' });
  });
});

describe('which array of a file holding several', () => {
  it.each([
    ['features, labels, W, b', { features: FEATURES, labels: LABELS, W: W2, b: f8([2], [0.5, 0]), other: f8([1], [0]) }],
    ['H, y, weight, bias', { H: FEATURES, y: LABELS, weight: W2, bias: f8([2], [0.5, 0]), other: f8([1], [0]) }],
    ['h, targets', { h: FEATURES, targets: LABELS, W: W2, b: f8([2], [0.5, 0]), other: f8([1], [0]) }],
  ])('falls back on the usual names: %s', async (name, arrays) => {
    const p = safetensors(`${name.replace(/\W+/g, '-')}.safetensors`, arrays);
    const r = await measureGivenRun({ features: { path: p }, labels: { path: p }, weights: { path: p }, bias: { path: p } }, opts);
    expect(r.classSizes).toEqual([2, 2]);
    expect(Array.from(r.statistics.Hbar.data)).toEqual([2, 0, 0, 3]);
    expect(Array.from(r.b?.data ?? [])).toEqual([0.5, 0]);
  });

  it('extra layers and weights must be named in such a file, and extra weights are checked like the classifier', async () => {
    const p = safetensors('several.safetensors', { features: FEATURES, labels: LABELS, fc: i4([2, 2], [1, 0, 0, 1]), other: f8([1], [0]) });
    await expect(measureGivenRun({ features: { path: p }, labels: { path: p }, extraWeights: [{ name: 'fc1', weights: { path: p, key: 'fc' } }] }, opts)).rejects.toThrow(
      `${p}:fc: weights fc1 must be floating point, got int32`,
    );
  });
});
