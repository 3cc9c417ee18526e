// The tfjs engine real networks train on, chosen by the same --backend names
// as the UFM engine: the CPU names (cpu-f64, f64, wasm, auto without a GPU,
// and the "+f64" refinements) train networks on tfjs' WebAssembly backend —
// float32, single-threaded, deterministic for a seed — and the GPU names on
// that GPU (float32, documented as statistical: GPU reductions are not
// bitwise reproducible). There is no float64 network engine: tfjs computes in
// float32, and the empirical claims are statistical statements about
// float32-trained networks, as in the papers.
//
// tfjs-core's own bundle registers no gradient functions; the tfjs-layers
// bundle registers all of them (the same configs @tensorflow/tfjs registers)
// into tfjs-core's global registry, which is what autodiff (tf.variableGrads,
// optimizer.minimize) needs. Networks are written with core ops; the import is
// for the gradients.
import { BackendUnavailableError } from '../errors.ts';
import type { Tf } from '../backend/tfjs/tf.ts';

export interface NetworkEngine {
  readonly tf: Tf;
  /** tfjs backend name: "wasm", "webgpu" or "tensorflow". */
  readonly backend: string;
  readonly dtype: 'float32';
  /** Bitwise reproducible for a seed (CPU) or statistical (GPU). */
  readonly deterministic: boolean;
  readonly device?: string;
}

/** The network backend a --backend name stands for. */
export function networkBackendFor(name: string): 'wasm' | 'webgpu' | 'tfjs-node-gpu' {
  const base = name.replace(/\+f64$/, '');
  if (base === 'webgpu') return 'webgpu';
  if (base === 'tfjs-node-gpu') return 'tfjs-node-gpu';
  return 'wasm';
}

async function gradients(): Promise<void> {
  await import('@tensorflow/tfjs-layers');
}

async function wasm(): Promise<NetworkEngine> {
  const tf = (await import('@tensorflow/tfjs-core')) as Tf;
  await import('@tensorflow/tfjs-backend-wasm');
  await gradients();
  if (!(await tf.setBackend('wasm'))) throw new BackendUnavailableError('networks: the tfjs wasm backend failed to initialize');
  await tf.ready();
  return { tf, backend: 'wasm', dtype: 'float32', deterministic: true };
}

async function webgpu(): Promise<NetworkEngine> {
  const { createDawnDevice, setDawnEnvironment } = await import('../backend/tfjs/dawn.ts');
  setDawnEnvironment();
  const dawn = await createDawnDevice();
  if ('unavailable' in dawn) throw new BackendUnavailableError(`--backend webgpu: ${dawn.unavailable}`);
  const tf = (await import('@tensorflow/tfjs-core')) as Tf;
  const g = globalThis as { navigator?: { gpu?: GPU } };
  if (g.navigator === undefined) Object.defineProperty(globalThis, 'navigator', { value: {}, configurable: true, writable: true });
  g.navigator!.gpu = dawn.gpu;
  const backend = await import('@tensorflow/tfjs-backend-webgpu');
  await gradients();
  tf.removeBackend('webgpu');
  tf.registerBackend('webgpu', () => new backend.WebGPUBackend(dawn.device, dawn.adapter.info));
  if (!(await tf.setBackend('webgpu'))) throw new BackendUnavailableError('--backend webgpu: tfjs could not initialize its WebGPU backend');
  return { tf, backend: 'webgpu', dtype: 'float32', deterministic: false, device: dawn.description };
}

async function nodeGpu(): Promise<NetworkEngine> {
  const { loadNodeGpuBackend } = await import('../backend/tfjs/node-gpu.ts');
  await loadNodeGpuBackend(); // sets the "tensorflow" backend, or explains why it cannot
  const tf = (await import('@tensorflow/tfjs-core')) as Tf;
  await gradients();
  return { tf, backend: 'tensorflow', dtype: 'float32', deterministic: false };
}

/** Loads (once per process) the engine for a --backend name. */
export async function loadNetworkEngine(name: string): Promise<NetworkEngine> {
  const which = networkBackendFor(name);
  const cached = engines.get(which);
  if (cached !== undefined) {
    const engine = await cached;
    // Another caller may have switched tfjs' global backend since (the UFM engine on wasm does not, but be exact).
    if (engine.tf.getBackend() !== engine.backend) await engine.tf.setBackend(engine.backend);
    return engine;
  }
  const loading = which === 'webgpu' ? webgpu() : which === 'tfjs-node-gpu' ? nodeGpu() : wasm();
  engines.set(which, loading);
  loading.catch(() => engines.delete(which));
  return loading;
}

const engines = new Map<string, Promise<NetworkEngine>>();
