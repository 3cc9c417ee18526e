// WebGPU through Dawn: on a GPU where one exists, otherwise on Mesa's llvmpipe
// through Dawn's OpenGL backend (slow, so the suite here is small). Where no
// adapter exists at all, every test is skipped with a visible notice.
import { describe, expect, it } from 'vitest';
import type { Io } from '../../../src/io.ts';
import { main } from '../../../src/cli/main.ts';
import { cpuF64 } from '../../../src/backend/cpu-f64.ts';
import { loadWebgpuBackend, type WebgpuBackend } from '../../../src/backend/tfjs/webgpu.ts';
import { BackendUnavailableError } from '../../../src/errors.ts';
import { maxAbs, sub } from '../../../src/linalg/matrix.ts';
import { measure } from '../../../src/measure/measurements.ts';
import { mseUfm } from '../../../src/models/ufm-mse.ts';
import { allowance, resolveTolerance } from '../../../src/theorem/tolerance.ts';
import { createRng } from '../../../src/random/rng.ts';
import { DEFAULT_TRAIN_OPTIONS, randomInit, trainOnce } from '../../../src/train/train.ts';
import { runBackendConformance } from '../../conformance/backend-conformance.ts';

let webgpu: WebgpuBackend | undefined;
let unavailable = '';
try {
  webgpu = await loadWebgpuBackend();
} catch (e) {
  if (!(e instanceof BackendUnavailableError)) throw e;
  unavailable = e.message;
  process.stderr.write(`\n  NOTICE: WebGPU tests SKIPPED — ${unavailable}\n\n`);
}

const regime = { K: 3, n: 2, d: 4, lambdaW: 0.01, lambdaH: 0.01 };

if (webgpu === undefined) {
  // Shown as skipped (with the reason) where this machine has no WebGPU adapter; CI installs Mesa so it runs there.
  describe.skipIf(true)(`webgpu backend — SKIPPED: ${unavailable}`, () => {
    it('float32 training agrees with the float64 engine within float32 tolerance', () => undefined);
  });
} else {
  const gpu = webgpu;
  runBackendConformance(gpu, { numRuns: 6 });

  describe(`webgpu backend on ${gpu.device}`, () => {
    it('float32 training agrees with the float64 engine within float32 tolerance', () => {
      const f32 = trainOnce(gpu, mseUfm, regime, DEFAULT_TRAIN_OPTIONS, 0);
      const f64 = trainOnce(cpuF64, mseUfm, regime, DEFAULT_TRAIN_OPTIONS, 0);
      expect(f32.status).toBe('converged');
      expect(f64.status).toBe('converged');
      const certified = mseUfm.certify!(regime)!.loss; // 0.00995, §9
      expect(Math.abs(f32.loss - certified)).toBeLessThanOrEqual(allowance(resolveTolerance('loss', 'float32'), certified));
      const m32 = measure(mseUfm.view(regime, f32.params), f32.loss, {});
      const m64 = measure(mseUfm.view(regime, f64.params), f64.loss, {});
      const gram = resolveTolerance('gram', 'float32');
      for (const key of ['WWt', 'HbarTHbar', 'WHbar'] as const) {
        expect(maxAbs(sub(m32[key], m64[key]))).toBeLessThanOrEqual(allowance(gram, maxAbs(m64[key])));
      }
    });

    it('trains a batch of same-shape regimes as one WebGPU program, each within float32 tolerance of the certificate', async () => {
      const items = [
        [0.1, 0.4],
        [0.3, 0.2],
      ].map(([lambdaW, lambdaH]) => ({ lambdaW, lambdaH, init: randomInit(mseUfm, { ...regime, lambdaW, lambdaH }, createRng(7), 0.5) }));
      const results = await gpu.trainBatched({ K: 3, classSizes: [2, 2, 2], d: 4 }, items, { gradientTolerance: 1e-13, maxIterations: 5000 });
      results.forEach((r, i) => {
        const certified = mseUfm.certify!({ ...regime, lambdaW: items[i].lambdaW, lambdaH: items[i].lambdaH })!.loss;
        expect(r.status).toBe('converged');
        expect(Math.abs(r.loss - certified)).toBeLessThanOrEqual(allowance(resolveTolerance('loss', 'float32'), certified));
      });
    });

    it('`train --backend webgpu` sets Dawn up itself and records backend and dtype', async () => {
      let out = '';
      const io: Io = { out: (t) => void (out += t), err: () => undefined, isTty: false };
      const code = await main(['train', 'ufm-mse', '--regime', JSON.stringify(regime), '--backend', 'webgpu', '--json'], io);
      expect(code).toBe(0);
      const doc = JSON.parse(out) as { backend: string; dtype: string; status: string; gapToCertified: number };
      expect([doc.backend, doc.dtype, doc.status]).toEqual(['webgpu', 'float32', 'converged']);
      expect(Math.abs(doc.gapToCertified)).toBeLessThanOrEqual(1e-6);
    });
  });
}

describe('webgpu without an adapter', () => {
  it('is a one-line usage error (exit 2) naming the reason', async () => {
    const { hasVulkanDriver, createDawnDevice } = await import('../../../src/backend/tfjs/dawn.ts');
    expect(hasVulkanDriver({}, 'darwin')).toBe(true);
    expect(hasVulkanDriver({ VK_ICD_FILENAMES: '/x.json' }, 'linux')).toBe(true);
    expect(await createDawnDevice({ NC_CHECK_DISABLE_WEBGPU: '1' })).toEqual({ unavailable: 'WebGPU disabled by NC_CHECK_DISABLE_WEBGPU' });
    process.env.NC_CHECK_DISABLE_WEBGPU = '1';
    try {
      let err = '';
      const io: Io = { out: () => undefined, err: (t) => void (err += t), isTty: false };
      const code = await main(['train', 'ufm-mse', '--regime', JSON.stringify(regime), '--backend', 'webgpu'], io);
      expect(code).toBe(2);
      expect(err).toMatch(/^nc-check: --backend webgpu: WebGPU disabled by NC_CHECK_DISABLE_WEBGPU\n$/);
    } finally {
      delete process.env.NC_CHECK_DISABLE_WEBGPU;
    }
  });
});
