// Backends by name, loaded lazily (Hypothesis' AVAILABLE_PROVIDERS idea): an
// optional, heavy backend is imported only when a run selects it, so a machine
// without it still runs everything else. The chosen backend's name and dtype
// are recorded in every result.
//
//   cpu-f64 (alias f64)  float64 reference engine, fused CPU kernels
//   wasm                 tfjs WebAssembly (XNNPACK, SIMD), float32, CPU
//   webgpu               tfjs WebGPU on Dawn (Vulkan GPU, else OpenGL/llvmpipe), float32
//   tfjs-node-gpu        TensorFlow C library with CUDA (optional dependency), float32
//   auto                 tfjs-node-gpu if it loads, else WebGPU on a hardware adapter, else cpu-f64
//   <name>+f64           float32 → float64 refinement: train on <name>, finish and certify on cpu-f64
import { BackendUnavailableError, UsageError } from '../errors.ts';
import type { Backend } from './backend.ts';

type Loader = () => Promise<Backend<unknown>>;

const loaders: Record<string, Loader> = {
  'cpu-f64': async () => (await import('./cpu-f64.ts')).cpuF64 as Backend<unknown>,
  wasm: async () => (await (await import('./tfjs/wasm.ts')).loadWasmBackend()) as Backend<unknown>,
  webgpu: async () => (await (await import('./tfjs/webgpu.ts')).loadWebgpuBackend()) as Backend<unknown>,
  'tfjs-node-gpu': async () => (await (await import('./tfjs/node-gpu.ts')).loadNodeGpuBackend()) as Backend<unknown>,
  auto: () => autoBackend(),
};
for (const warm of ['wasm', 'webgpu', 'tfjs-node-gpu']) loaders[`${warm}+f64`] = () => refiningBackend(warm);

const aliases: Record<string, string> = { f64: 'cpu-f64' };

export const DEFAULT_BACKEND = 'cpu-f64';

export function backendNames(): string[] {
  return [...Object.keys(loaders), ...Object.keys(aliases)];
}

export async function loadBackend(name: string = DEFAULT_BACKEND): Promise<Backend<unknown>> {
  const resolved = Object.hasOwn(aliases, name) ? aliases[name] : name;
  const loader = Object.hasOwn(loaders, resolved) ? loaders[resolved] : undefined;
  if (loader === undefined) {
    throw new UsageError(`--backend: unknown backend "${name}" (known: ${backendNames().join(', ')})`);
  }
  return loader();
}

/** cpu-f64 that first trains on a float32 backend (Backend.warmStart). */
export async function refiningBackend(warm: string, load: (name: string) => Promise<Backend<unknown>> = loadBackend): Promise<Backend<unknown>> {
  const [first, finish] = await Promise.all([load(warm), load('cpu-f64')]);
  return { ...finish, name: `${first.name}+f64`, warmStart: first };
}

/**
 * A GPU where there is one: CUDA through tfjs-node-gpu, else WebGPU on a
 * hardware adapter; otherwise the float64 CPU engine (faster to a certified
 * verdict than float32 on a CPU rasterizer or wasm, and certifiable).
 */
export async function autoBackend(load: (name: string) => Promise<Backend<unknown>> = loadBackend): Promise<Backend<unknown>> {
  for (const candidate of ['tfjs-node-gpu', 'webgpu']) {
    try {
      const backend = await load(candidate);
      const software = (backend as { software?: boolean }).software === true;
      if (!software) return backend;
      await (backend as { close?: () => Promise<void> }).close?.();
    } catch (e) {
      if (!(e instanceof BackendUnavailableError)) throw e;
    }
  }
  return load('cpu-f64');
}
