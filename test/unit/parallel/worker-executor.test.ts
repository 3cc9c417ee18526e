import { afterAll, describe, expect, it } from 'vitest';
import { cpuF64 } from '../../../src/backend/cpu-f64.ts';
import { defaultWorkers } from '../../../src/parallel/default-workers.ts';
import { taskMessage } from '../../../src/parallel/protocol.ts';
import { workerExecutor } from '../../../src/parallel/worker-executor.ts';
import { loadTheoremFile } from '../../../src/theorem/registry.ts';
import { DEFAULT_TRAIN_OPTIONS } from '../../../src/train/train.ts';
import { planMode } from '../../../src/verify/plan.ts';
import { verifyTheoremMode, type ModeResult } from '../../../src/verify/runner.ts';
import tb22T31 from '../../../theorems/tb22-t3-1.ts';
import tb22B from '../../../theorems/tb22-b.ts';
import { mutants } from '../../../theorems/mutants/index.ts';
import { builtinModule } from '../../../theorems/index.ts';

const executors: { close(): Promise<void> }[] = [];
afterAll(async () => {
  await Promise.all(executors.map((e) => e.close()));
});

/** Everything but wall-clock timings, which are the only thing allowed to differ. */
function withoutTimings(r: ModeResult): unknown {
  return JSON.parse(JSON.stringify(r, (key, value: unknown) => (key === 'seconds' ? undefined : value)));
}

describe('worker-thread executor', () => {
  it('gives bitwise-identical results with 1 and 2 workers (violations and shrinking included)', async () => {
    const two = workerExecutor({ workers: 2, backend: 'cpu-f64', builtinModule });
    executors.push(two);
    for (const [theorem, mode] of [[tb22T31, 'outside'], [tb22B, 'inside']] as const) {
      const options = { modes: [mode], runs: 5, seed: 3, train: { restarts: 2 } };
      const sequential = await verifyTheoremMode(theorem, mode, cpuF64, options);
      const parallel = await verifyTheoremMode(theorem, mode, cpuF64, { ...options, executor: two });
      expect(parallel.regimesEvaluated).toBe(5);
      expect(withoutTimings(parallel)).toEqual(withoutTimings(sequential));
      if (mode === 'outside') expect(parallel.counterexamples.length).toBeGreaterThan(0);
    }
  });

  it('loads --theorems files in every worker', async () => {
    const file = 'test/fixtures/my-claim.ts';
    const [claim] = await loadTheoremFile(file);
    const ex = workerExecutor({ workers: 2, backend: 'cpu-f64', builtinModule, theoremFiles: [file] });
    executors.push(ex);
    const options = { modes: ['inside' as const], runs: 3, seed: 2, train: { restarts: 1 } };
    const parallel = await verifyTheoremMode(claim, 'inside', cpuF64, { ...options, executor: ex });
    const sequential = await verifyTheoremMode(claim, 'inside', cpuF64, options);
    expect(withoutTimings(parallel)).toEqual(withoutTimings(sequential));
  });

  it('reports a failing task as an error instead of hanging', async () => {
    const ex = workerExecutor({ workers: 1, backend: 'cpu-f64', builtinModule });
    executors.push(ex);
    const plan = planMode(tb22T31, 'inside', { runs: 1, seed: 1 });
    if (!plan.ok) throw new Error(plan.reason);
    // A mutant (unknown to workers) and a variant reusing a built-in id: both refused, never silently swapped.
    for (const theorem of [mutants[0], { ...tb22T31, title: 'variant' }]) {
      const tasks = plan.items.map((item) => ({ theorem, mode: 'inside' as const, item, train: DEFAULT_TRAIN_OPTIONS }));
      await expect(async () => {
        for await (const _ of ex.run(tasks)) void _;
      }).rejects.toThrow(/not loadable in a worker thread/);
    }
  });

  it('fails set-up with the worker\'s message (unknown backend)', async () => {
    const ex = workerExecutor({ workers: 1, backend: 'no-such-backend', builtinModule });
    executors.push(ex);
    const plan = planMode(tb22T31, 'inside', { runs: 1, seed: 1 });
    if (!plan.ok) throw new Error(plan.reason);
    await expect(async () => {
      for await (const _ of ex.run([{ theorem: tb22T31, mode: 'inside', item: plan.items[0], train: DEFAULT_TRAIN_OPTIONS }])) void _;
    }).rejects.toThrow(/unknown backend/);
    expect(() => workerExecutor({ workers: 0, backend: 'cpu-f64' })).toThrow(/positive integer/);
  });

  it('sends tasks as plain data: theorem by id, no callbacks', () => {
    const m = taskMessage(4, { theorem: tb22T31, mode: 'inside', item: { regime: { K: 2 }, index: 0 }, train: { ...DEFAULT_TRAIN_OPTIONS, onIteration: () => undefined } });
    expect(m).toEqual({ type: 'task', id: 4, theoremId: 'TB22-T3.1', mode: 'inside', item: { regime: { K: 2 }, index: 0 }, train: { ...DEFAULT_TRAIN_OPTIONS } });
    expect(() => structuredClone(m)).not.toThrow();
  });

  it('defaults to every core on long float64 runs, one thread for short runs, under a test runner or on float32', () => {
    expect(defaultWorkers({ dtype: 'float64' }, 400, {}, 2)).toBe(2);
    expect(defaultWorkers({ dtype: 'float64' }, 20, {}, 2)).toBe(1);
    expect(defaultWorkers({ dtype: 'float64' }, 400, { VITEST: 'true' }, 2)).toBe(1);
    expect(defaultWorkers({ dtype: 'float32' }, 400, {}, 8)).toBe(1);
    expect(defaultWorkers({ dtype: 'float32' }, 1, { NC_CHECK_WORKERS: '3' }, 8)).toBe(3);
  });
});
