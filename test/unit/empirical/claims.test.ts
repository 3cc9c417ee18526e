// Every built-in claim end to end at a tiny budget (2 seeds, 30 epochs): the
// pipeline trains, measures, decides and reports; the entries validate against
// the coverage schema and render in every view. Whether a claim holds is not
// asserted here — two seeds can never decide a 95% sign test, and the default
// budget's verdicts are the README's — only that the machinery is sound.
import { describe, expect, it } from 'vitest';
import { parseHTML } from 'linkedom';
import { claimEntry } from '../../../src/empirical/entry.ts';
import { memoryStore, runClaim } from '../../../src/empirical/run.ts';
import { loadNetworkEngine } from '../../../src/network/engine.ts';
import { coverageReport } from '../../../src/report/coverage.ts';
import { coverageProblem } from '../../../src/report/validate.ts';
import { VIEWS } from '../../../src/report/views/index.ts';
import { toJson } from '../../../src/report/writer.ts';
import { builtinClaims } from '../../../theorems/empirical/index.ts';
import type { RunMeta, TheoremEntry } from '../../../src/report/schema.ts';

const meta: RunMeta = {
  tool: 'nc-check',
  version: '0',
  node: 'v20',
  backend: 'cpu-f64',
  dtype: 'float64',
  seed: 1,
  runs: 1,
  modes: ['inside'],
  train: { optimizer: 'lbfgs', restarts: 1, gradientTolerance: 1e-13, maxIterations: 1, initScale: 0.5 },
  command: 'nc-check verify --suite empirical',
  startedAt: '2026-01-01T00:00:00.000Z',
};

describe('the built-in claims at a tiny budget', () => {
  it('train, decide and report; runs are shared between claims; entries validate and render', async () => {
    const engine = await loadNetworkEngine('wasm');
    const store = memoryStore();
    const entries: TheoremEntry[] = [];
    let trained = 0;
    for (const claim of builtinClaims) {
      // MNIST's epochs are 32 steps each (4 on the mixture): 2 epochs keep its smoke test as short as the others'.
      const outcome = await runClaim(claim, engine, { seed: 1, budget: { seeds: 2, epochs: claim.id.endsWith('.mnist') ? 2 : 30 } }, store);
      trained += outcome.trained;
      expect(outcome.seeds).toHaveLength(2);
      for (const c of outcome.clauses) {
        expect(c.effects).toHaveLength(2);
        expect(['inconclusive']).toContain(c.status);
      }
      entries.push(claimEntry(outcome, engine));
    }
    // 4 distinct experiments on the mixture, 2 on iris and 3 on MNIST, 2 seeds each: nothing trained twice.
    expect(trained).toBe(18);
    expect(store.size).toBe(18);

    const report = JSON.parse(toJson(coverageReport(meta, entries))) as ReturnType<typeof coverageReport>;
    expect(coverageProblem(report)).toBeUndefined();
    expect(report.summary).toMatchObject({ passed: 0, failed: 0, errors: 0 });
    const lowRank = report.theorems.find((t) => t.id === 'XRLGP23-LOW-RANK')!;
    expect(lowRank.empirical!.sweep!.points.length).toBeGreaterThan(0);
    expect(lowRank.empirical!.experiments.map((e) => e.id)).toEqual(['noWd', 'wd', 'wd4', 'wd4Full']);
    const collapse = report.theorems.find((t) => t.id === 'XRLGP23-WD-COLLAPSE')!;
    const nc1 = collapse.empirical!.series!.filter((s) => s.metric === 'nc1TraceRatio');
    expect(nc1.map((s) => `${s.experiment}:${s.layer}`)).toEqual(['wd:0', 'wd:1', 'wd:2', 'wd:3', 'wd:4', 'noWd:0', 'noWd:1', 'noWd:2', 'noWd:3', 'noWd:4']);
    expect(nc1[0].points[0].epoch).toBe(0);

    const html = VIEWS.html.render(report);
    const { document } = parseHTML(html);
    expect(document.querySelectorAll('figure.layer-curves').length).toBeGreaterThanOrEqual(builtinClaims.length);
    expect(document.querySelectorAll('figure.rank-sweep g.nc-rank-sweep > *').length).toBeGreaterThan(0);
    expect(html).not.toContain('No regime points');
    for (const view of ['junit', 'md', 'lcov', 'text'] as const) expect(VIEWS[view].render(report)).toContain('XRLGP23-RHO-MARGIN');
    expect(VIEWS.text.render(report)).toMatch(/sign test p = /);
  });
});
