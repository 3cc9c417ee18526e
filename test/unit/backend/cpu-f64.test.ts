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
