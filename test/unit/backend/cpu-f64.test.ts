import { expect, it } from 'vitest';
import { cpuF64 } from '../../../src/backend/cpu-f64.ts';
import { loadBackend, backendNames } from '../../../src/backend/registry.ts';
import { runBackendConformance } from '../../conformance/backend-conformance.ts';

runBackendConformance(cpuF64);

it('the registry resolves cpu-f64 and its aliases, and rejects unknown names with a usage error', async () => {
  expect((await loadBackend()).name).toBe('cpu-f64');
  expect((await loadBackend('f64')).dtype).toBe('float64');
  expect(backendNames()).toContain('cpu-f64');
  await expect(loadBackend('cuda-magic')).rejects.toThrow(/unknown backend "cuda-magic"/);
});

it('the registry knows every backend of the issue, and auto falls back to cpu-f64 without a hardware GPU', async () => {
  const { autoBackend } = await import('../../../src/backend/registry.ts');
  const { BackendUnavailableError } = await import('../../../src/errors.ts');
  expect(backendNames()).toEqual(expect.arrayContaining(['cpu-f64', 'f64', 'wasm', 'webgpu', 'tfjs-node-gpu', 'auto']));
  const closed: string[] = [];
  const fake = async (name: string) => {
    if (name === 'tfjs-node-gpu') throw new BackendUnavailableError('not installed');
    if (name === 'webgpu') return { ...cpuF64, name: 'webgpu', software: true, close: async () => void closed.push(name) };
    return loadBackend(name);
  };
  expect((await autoBackend(fake)).name).toBe('cpu-f64');
  expect(closed).toEqual(['webgpu']);
  const hardware = async (name: string) => (name === 'webgpu' ? { ...cpuF64, name: 'webgpu', software: false } : fake(name));
  expect((await autoBackend(hardware)).name).toBe('webgpu');
  await expect(autoBackend(async () => { throw new Error('a bug'); })).rejects.toThrow('a bug');
});

it('tfjs-node-gpu, when its package is missing, is a usage error naming the package', async () => {
  const { loadNodeGpuBackend } = await import('../../../src/backend/tfjs/node-gpu.ts');
  await expect(loadNodeGpuBackend('@tensorflow/no-such-package')).rejects.toThrow(/tfjs-node-gpu is not usable here/);
});
