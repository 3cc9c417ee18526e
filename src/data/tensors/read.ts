// Reading an array's data: whole (labels, weights, bias — small), or feature
// blocks of a few thousand samples at a time (features — any size), decoded to
// float64 and checked finite as they arrive. Memory is one block whatever N.
import { readSync } from 'node:fs';
import { UsageError } from '../../errors.ts';
import { decodeInto, DTYPE_NAME, FLOAT_DTYPES, ITEM_SIZE } from './dtype.ts';
import { elementCount, tensorLabel, type TensorFile, type TensorInfo } from './tensor-file.ts';

const CHUNK_BYTES = 8 << 20;

/** The array's raw bytes in order, in chunks (the same buffer may be reused between chunks). */
async function* byteChunks(file: TensorFile, t: TensorInfo, from = 0): AsyncGenerator<Uint8Array> {
  const label = tensorLabel(t);
  if (t.source.kind === 'file') {
    const buf = Buffer.alloc(Math.min(CHUNK_BYTES, Math.max(1, t.byteLength - from)));
    for (let pos = from; pos < t.byteLength; ) {
      const n = readSync(file.fd, buf, 0, Math.min(buf.length, t.byteLength - pos), t.source.offset + pos);
      if (n === 0) throw new UsageError(`${label}: truncated: the data ends after ${pos} of ${t.byteLength} bytes`);
      pos += n;
      yield buf.subarray(0, n);
    }
    return;
  }
  let stream;
  try {
    stream = await t.source.open();
  } catch (e) {
    throw new UsageError(`${label}: cannot read the deflated entry: ${e instanceof Error ? e.message : String(e)}`);
  }
  let skip = t.source.skip + from;
  let got = 0;
  try {
    for await (const raw of stream) {
      let chunk = raw as Buffer;
      if (skip > 0) {
        const s = Math.min(skip, chunk.length);
        skip -= s;
        chunk = chunk.subarray(s);
      }
      if (chunk.length === 0) continue;
      const take = Math.min(chunk.length, t.byteLength - from - got);
      got += take;
      if (take > 0) yield chunk.subarray(0, take);
      if (got >= t.byteLength - from) break;
    }
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${label}: corrupt or truncated deflated data: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    stream.destroy();
  }
  if (got < t.byteLength - from) throw new UsageError(`${label}: truncated: the data ends after ${got + from} of ${t.byteLength} bytes`);
}

/** The whole array as float64 (row-major, C order, whatever the file's order). */
export async function readWhole(file: TensorFile, t: TensorInfo): Promise<Float64Array> {
  const n = elementCount(t.shape);
  const bytes = new Uint8Array(t.byteLength);
  let pos = 0;
  for await (const c of byteChunks(file, t)) {
    bytes.set(c, pos);
    pos += c.length;
  }
  const out = new Float64Array(n);
  decodeInto(t.dtype, bytes, n, out);
  if (!t.fortranOrder || t.shape.length < 2) return out;
  // Column-major to row-major (2-D only: weights and features are matrices).
  const [r, c] = t.shape;
  const row = new Float64Array(n);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) row[i * c + j] = out[j * r + i];
  return row;
}

/** Samples × features as stored: 'nd' (N × d, PyTorch's layout) or 'dn' (d × N). */
export type Layout = 'nd' | 'dn';

export interface FeatureShape {
  readonly N: number;
  readonly d: number;
  /** Each sample's features are contiguous in the file. */
  readonly sampleMajor: boolean;
}

export function featureShape(t: TensorInfo, layout: Layout): FeatureShape {
  const label = tensorLabel(t);
  if (!FLOAT_DTYPES.includes(t.dtype)) throw new UsageError(`${label}: features must be float16, bfloat16, float32 or float64, got ${DTYPE_NAME[t.dtype]}`);
  if (t.shape.length !== 2) throw new UsageError(`${label}: features must be a 2-D array (${layout === 'nd' ? 'N × d' : 'd × N'}), got shape (${t.shape.join(', ')})`);
  const [a, b] = t.shape;
  return layout === 'nd' ? { N: a, d: b, sampleMajor: !t.fortranOrder } : { N: b, d: a, sampleMajor: t.fortranOrder };
}

/**
 * Calls `onBlock(block, count, first)` for consecutive blocks of at most
 * `blockSamples` samples: block[s·d + i] is feature i of sample first + s.
 * Stops at the first non-finite value with a UsageError naming the sample.
 */
export async function forEachSampleBlock(
  file: TensorFile,
  t: TensorInfo,
  shape: FeatureShape,
  blockSamples: number,
  onBlock: (block: Float64Array, count: number, first: number) => void,
): Promise<void> {
  const { N, d } = shape;
  const size = ITEM_SIZE[t.dtype];
  const block = new Float64Array(blockSamples * d);
  const check = (count: number, first: number): void => {
    for (let x = 0; x < count * d; x++) {
      const v = block[x];
      if (v - v !== 0) throw new UsageError(`${tensorLabel(t)}: non-finite feature (${String(v)}) at sample ${first + Math.floor(x / d)}, feature ${x % d}`);
    }
  };
  if (shape.sampleMajor) {
    const rowBytes = d * size;
    const bytes = new Uint8Array(blockSamples * rowBytes);
    let fill = 0;
    let first = 0;
    const flush = (): void => {
      const count = fill / rowBytes;
      decodeInto(t.dtype, bytes, count * d, block);
      check(count, first);
      onBlock(block, count, first);
      first += count;
      fill = 0;
    };
    for await (const chunk of byteChunks(file, t)) {
      let at = 0;
      while (at < chunk.length) {
        const take = Math.min(chunk.length - at, bytes.length - fill);
        bytes.set(chunk.subarray(at, at + take), fill);
        fill += take;
        at += take;
        if (fill === bytes.length) flush();
      }
    }
    if (fill > 0) flush();
    return;
  }
  // Feature-major (d × N in C order, or N × d in Fortran order): read each feature's run of samples.
  if (t.source.kind !== 'file') {
    throw new UsageError(`${tensorLabel(t)}: a d × N (feature-major) array must be read out of order, which a deflated .npz entry does not allow; save it N × d, or with np.savez / np.save (not savez_compressed)`);
  }
  const row = new Float64Array(blockSamples);
  const buf = Buffer.alloc(blockSamples * size);
  for (let first = 0; first < N; first += blockSamples) {
    const count = Math.min(blockSamples, N - first);
    for (let i = 0; i < d; i++) {
      const want = count * size;
      const n = readSync(file.fd, buf, 0, want, t.source.offset + (i * N + first) * size);
      if (n < want) throw new UsageError(`${tensorLabel(t)}: truncated: the data ends inside feature ${i}`);
      decodeInto(t.dtype, buf, count, row);
      for (let s = 0; s < count; s++) block[s * d + i] = row[s];
    }
    check(count, first);
    onBlock(block, count, first);
  }
}
