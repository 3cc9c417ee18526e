// `node --import tsx bench/probe-onnxruntime.ts`: the native-BLAS route the speed issue asked to
// measure, run side by side with nc-check's own products. onnxruntime-node ships a prebuilt
// libonnxruntime inside its npm package, whose float64 Gemm is native code; this probe times the
// three products of the MSE loss-and-gradient (W H, R Hᵀ, Wᵀ R) on the benchmark's shapes, on
// nc-check's wasm-xn kernels and on onnxruntime, one thread and two each, and checks what an
// integration would rely on: bits that do not depend on onnxruntime's thread count, a synchronous
// call, and operands in nc-check's heap (a SharedArrayBuffer).
//
// onnxruntime-node is not a dependency (docs/performance.md, "A native BLAS route: measured, not
// adopted"). Install it for the probe only, without its install script, which fetches CUDA
// libraries from NuGet on Linux x64:
//   npm i --no-save --ignore-scripts onnxruntime-node@1.31 onnx-proto@8
// A benchmark, never a test.
import { createWasmHeap } from '../src/linalg/wasm/heap.ts';
import { fillSin, KERNEL_SHAPES, timePerCall, wallSeconds, type KernelShape } from './kernels.ts';

/** The parts of onnxruntime-node and onnx-proto the probe uses (both optional, loaded by name). */
interface OrtTensor {
  readonly data: Float64Array;
}
interface OrtModule {
  Tensor: new (type: 'float64', data: Float64Array, dims: readonly number[]) => OrtTensor;
}
/** onnxruntime-node's native session: its run() is synchronous (the public InferenceSession wraps it in a Promise). */
interface NativeSession {
  loadModel(buffer: ArrayBufferLike, byteOffset: number, byteLength: number, options: object): Promise<void>;
  run(feeds: Record<string, OrtTensor>, fetches: Record<string, OrtTensor | null>, options: object): Record<string, OrtTensor>;
}
interface OrtBinding {
  binding: { InferenceSession: new () => NativeSession };
  initOrt(): void;
}
interface OnnxProto {
  onnx: { ModelProto: { create(m: object): object; encode(m: object): { finish(): Uint8Array } } };
}

/** A CommonJS module by name: its exports (undefined when it is not installed). */
async function load<T>(name: string): Promise<T | undefined> {
  try {
    // module.exports is the namespace's default, except for a module compiled from ES modules
    // (__esModule), whose named exports are the namespace's own.
    const m = (await import(name)) as { default?: T };
    return m.default ?? (m as T);
  } catch {
    return undefined;
  }
}

const ort = await load<OrtModule>('onnxruntime-node');
const native = await load<OrtBinding>('onnxruntime-node/dist/binding.js');
const proto = await load<OnnxProto>('onnx-proto');
if (ort === undefined || native === undefined || proto === undefined) {
  process.stderr.write('probe-onnxruntime: onnxruntime-node and onnx-proto are not installed; for this probe only:\n  npm i --no-save --ignore-scripts onnxruntime-node@1.31 onnx-proto@8\n');
  process.exit(2);
}
native.initOrt();

const DOUBLE = 11; // onnx.TensorProto.DataType.DOUBLE
const INT = 2; // onnx.AttributeProto.AttributeType.INT
const input = (name: string, dims: readonly string[]) => ({
  name,
  type: { tensorType: { elemType: DOUBLE, shape: { dim: dims.map((dimParam) => ({ dimParam })) } } },
});
/** One float64 Gemm, C = op(A) op(B), with symbolic dimensions (one session serves every shape). */
function gemmModel(transA: 0 | 1, transB: 0 | 1): Uint8Array {
  const { ModelProto } = proto!.onnx;
  const model = ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    graph: {
      name: 'gemm',
      node: [{ opType: 'Gemm', input: ['A', 'B'], output: ['C'], attribute: [{ name: 'transA', type: INT, i: transA }, { name: 'transB', type: INT, i: transB }] }],
      input: [input('A', ['a0', 'a1']), input('B', ['b0', 'b1'])],
      output: [input('C', ['m', 'n'])],
    },
  });
  return ModelProto.encode(model).finish();
}

async function session(transA: 0 | 1, transB: 0 | 1, threads: number): Promise<NativeSession> {
  const s = new native!.binding.InferenceSession();
  const bytes = gemmModel(transA, transB);
  // Its threads sleep between runs: the probe holds six sessions, whose idle threads would
  // otherwise spin on the cores the others are timed on.
  const options = { intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all', extra: { session: { intra_op: { allow_spinning: '0' } } } };
  await s.loadModel(bytes.buffer, bytes.byteOffset, bytes.byteLength, options);
  return s;
}

interface Operands {
  W: Float64Array;
  H: Float64Array;
  R: Float64Array;
  gW: Float64Array;
  gH: Float64Array;
}
const operands = (s: KernelShape, alloc: (n: number) => Float64Array): Operands => ({
  W: fillSin(alloc(s.K * s.d), 1),
  H: fillSin(alloc(s.d * s.N), 2),
  R: alloc(s.K * s.N),
  gW: alloc(s.K * s.d),
  gH: alloc(s.d * s.N),
});

/** The three products on onnxruntime (sessions NN, NT, TN), outputs written into the operands' arrays. */
function ortProducts(sessions: NativeSession[], s: KernelShape, o: Operands): () => void {
  const T = ort!.Tensor;
  const [nn, nt, tn] = sessions;
  const [W, H, R, gW, gH] = [new T('float64', o.W, [s.K, s.d]), new T('float64', o.H, [s.d, s.N]), new T('float64', o.R, [s.K, s.N]), new T('float64', o.gW, [s.K, s.d]), new T('float64', o.gH, [s.d, s.N])];
  return () => {
    nn.run({ A: W, B: H }, { C: R }, {});
    nt.run({ A: R, B: H }, { C: gW }, {});
    tn.run({ A: W, B: R }, { C: gH }, {});
  };
}

/** The same three products on nc-check's wasm-xn kernels (the route of wasm-xn, wasm-fma and wasm-par). */
function ncProducts(threads: number, s: KernelShape): { run: () => void; o: Operands; close: () => Promise<void> } {
  const heap = createWasmHeap('wasm-xn', threads)!;
  const o = operands(s, heap.alloc);
  const k = heap.kernels;
  const { K, d, N } = s;
  return {
    o,
    run: () => {
      k.gemmXN(o.W, d, 1, o.H, N, o.R, N, K, N, d);
      k.gemmNT(o.R, o.H, o.gW, K, d, N);
      k.gemmXN(o.W, 1, d, o.R, N, o.gH, N, d, N, K);
    },
    close: () => heap.close(),
  };
}

const gflops = (s: KernelShape, seconds: number): number => (6 * s.K * s.d * s.N) / seconds / 1e9;
const sameBits = (a: Float64Array, b: Float64Array): boolean => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
/** max |a − b| / max |b|: agreement of two float64 products to rounding. */
const relDiff = (a: Float64Array, b: Float64Array): number => {
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num = Math.max(num, Math.abs(a[i] - b[i]));
    den = Math.max(den, Math.abs(b[i]));
  }
  return num / den;
};

/** Operands in ordinary memory (what onnxruntime accepts), and in a SharedArrayBuffer (nc-check's heap). */
const plain = (n: number): Float64Array => new Float64Array(n);
const shared = (n: number): Float64Array => new Float64Array(new SharedArrayBuffer(8 * n));
const TINY: KernelShape = { name: 'tiny', K: 2, d: 2, N: 2 };

const sessions1 = await Promise.all([session(0, 0, 1), session(0, 1, 1), session(1, 0, 1)]);
const sessions2 = await Promise.all([session(0, 0, 2), session(0, 1, 2), session(1, 0, 2)]);
const rows: string[] = [];
let bitsSame = true;
let worstDiff = 0;
for (const s of KERNEL_SHAPES) {
  process.stderr.write(`probe-onnxruntime: ${s.name}\n`);
  const rate: number[] = [];
  for (const threads of [1, 2]) {
    const nc = ncProducts(threads, s);
    rate.push(gflops(s, timePerCall(nc.run, 0.2, 5, wallSeconds)));
    if (threads === 2) {
      // onnxruntime against nc-check, and its bits on one thread against two.
      const one = operands(s, plain);
      const two = operands(s, plain);
      ortProducts(sessions1, s, one)();
      ortProducts(sessions2, s, two)();
      bitsSame &&= sameBits(one.R, two.R) && sameBits(one.gW, two.gW) && sameBits(one.gH, two.gH);
      nc.run();
      worstDiff = Math.max(worstDiff, relDiff(one.R, nc.o.R), relDiff(one.gW, nc.o.gW), relDiff(one.gH, nc.o.gH));
    }
    await nc.close();
  }
  for (const sessions of [sessions1, sessions2]) {
    const o = operands(s, plain);
    rate.push(gflops(s, timePerCall(ortProducts(sessions, s, o), 0.2, 5, wallSeconds)));
  }
  // Staged: nc-check's operands live in a SharedArrayBuffer, which onnxruntime refuses, so an
  // integration copies W and H in and R, ∇W, ∇H out around the products.
  const heapSide = operands(s, shared);
  const staging = operands(s, plain);
  const products = ortProducts(sessions2, s, staging);
  const staged = (): void => {
    staging.W.set(heapSide.W);
    staging.H.set(heapSide.H);
    products();
    heapSide.R.set(staging.R);
    heapSide.gW.set(staging.gW);
    heapSide.gH.set(staging.gH);
  };
  rate.push(gflops(s, timePerCall(staged, 0.2, 5, wallSeconds)));
  const f = (v: number): string => v.toFixed(1);
  rows.push(`| ${s.name} | ${(s.K * s.d * s.N).toExponential(1)} | ${rate.map(f).join(' | ')} | ${(rate[3] / rate[1]).toFixed(2)}× | ${(rate[4] / rate[1]).toFixed(2)}× |`);
}

// The floor of one call, and whether a SharedArrayBuffer operand is accepted.
const floorSeconds = timePerCall(ortProducts(sessions1, TINY, operands(TINY, plain)), 0.2, 5, wallSeconds) / 3;
let sharedOperands = 'accepted';
try {
  ortProducts(sessions1, TINY, operands(TINY, shared))();
} catch (e) {
  sharedOperands = `refused ("${e instanceof Error ? e.message : String(e)}")`;
}

process.stdout.write(
  [
    'The three products of the MSE loss-and-gradient (6·K·d·N flops), float64, GFLOP/s of wall time:',
    '',
    '| shape | K·d·N | nc-check wasm-xn, 1 thread | nc-check wasm-xn, 2 kernel threads | onnxruntime, 1 thread | onnxruntime, 2 threads | onnxruntime, 2 threads, staged copies | onnxruntime vs nc-check, 2 threads | staged vs nc-check, 2 threads |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    `- onnxruntime's bits on 1 and 2 threads: ${bitsSame ? 'identical' : 'DIFFERENT'} on every product above.`,
    `- onnxruntime against nc-check: max |difference| / max |entry| = ${worstDiff.toExponential(2)} (rounding).`,
    `- One call's floor (a 2×2 product, synchronous native run): ${(floorSeconds * 1e6).toFixed(1)} µs.`,
    `- An operand in a SharedArrayBuffer (nc-check's heap): ${sharedOperands}.`,
    '',
  ].join('\n'),
);
