// tfjs' WebAssembly backend (XNNPACK, SIMD, one thread in Node): float32 on the
// CPU, ~30 GFLOP/s on products. Loaded only when selected.
import { tfjsBackend, type TfjsBackend } from './kernels.ts';

export async function loadWasmBackend(): Promise<TfjsBackend> {
  const tf = await import('@tensorflow/tfjs-core');
  await import('@tensorflow/tfjs-backend-wasm');
  if (!(await tf.setBackend('wasm'))) throw new Error('tfjs wasm backend failed to initialize');
  await tf.ready();
  return tfjsBackend(tf, { name: 'wasm', explicitTranspose: true });
}
