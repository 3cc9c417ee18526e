// `nc-check measure` end to end, in-process: bad files exit 2 with one line
// naming the file and what was expected; verdicts, statistics and sample sizes
// reach every view; the bootstrap is deterministic for its seed; several runs
// are decided by the sign test.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './run.ts';

const F = (name: string): string => join('test/fixtures/measure', name);
const out = (): string => mkdtempSync(join(tmpdir(), 'nc-measure-'));

describe('nc-check measure: bad files exit 2 with one clear line', () => {
  const SMALL = F('small-features-f8.npy');
  const LABELS = F('small-labels-i4.npy');
  it.each([
    ['wrong magic', ['--features', F('bad-magic.npy'), '--labels', LABELS], /bad-magic\.npy: wrong magic: expected a \.npy file starting with \\x93NUMPY/],
    ['truncated .npy', ['--features', F('bad-truncated.npy'), '--labels', LABELS], /bad-truncated\.npy: truncated: shape \(4, 2\) needs 64 bytes of data, the file has 55/],
    ['truncated .safetensors', ['--features', F('bad-truncated.safetensors') + ':features', '--labels', LABELS], /bad-truncated\.safetensors:.*truncated/],
    ['truncated .npz', ['--features', F('bad-truncated.npz'), '--labels', LABELS], /bad-truncated\.npz: (not a readable|corrupt) .npz/],
    ['missing file', ['--features', F('nope.npy'), '--labels', LABELS], /nope\.npy: cannot open \(no such file\)/],
    ['shape mismatch (labels)', ['--features', SMALL, '--labels', F('bad-labels-n3.npy')], /shape mismatch: 4 samples .* but 3 labels/],
    ['shape mismatch (3-D features)', ['--features', F('bad-features-3d.npy'), '--labels', LABELS], /features must be a 2-D array \(N × d\), got shape \(4, 2, 1\)/],
    ['shape mismatch (weights)', ['--features', SMALL, '--labels', LABELS, '--weights', F('bad-weights-shape.npy')], /bad-weights-shape\.npy: shape mismatch: classifier must be K × d = K × 2, got \(2, 3\)/],
    ['dtype mismatch (float labels)', ['--features', SMALL, '--labels', F('bad-labels-float.npy')], /labels must be int32, int64 or uint8, got float32/],
    ['dtype mismatch (integer features)', ['--features', F('bad-features-int.npy'), '--labels', LABELS], /features must be float16, bfloat16, float32 or float64, got int32/],
    ['big-endian', ['--features', F('bad-features-bigendian.npy'), '--labels', LABELS], /big-endian dtype '>f8' is not supported/],
    ['label out of range (K from the classifier)', ['--features', F('collapsed.npz'), '--labels', F('bad-labels-range.npy'), '--weights', F('collapsed.npz:W')], /label out of range at sample 3: 3; expected 0…2 \(K = 3/],
    ['a class with no sample', ['--features', SMALL, '--labels', F('bad-labels-empty-class.npy')], /class 1 has no sample \(K = 3\)/],
    ['NaN', ['--features', F('bad-features-nan.npy'), '--labels', LABELS], /non-finite feature \(NaN\) at sample 2, feature 1/],
    ['Inf', ['--features', F('bad-features-inf.npy'), '--labels', LABELS], /non-finite feature \(Infinity\) at sample 3, feature 0/],
    ['unknown array', ['--features', F('small-stored.npz:nope'), '--labels', LABELS], /small-stored\.npz: no array named "nope"; the file holds "features", "labels"/],
  ])('%s', async (_name, args, message) => {
    const r = await run('measure', ...args, '--out', out());
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).not.toMatch(/at .*\.ts:\d+/);
  });
});

describe('nc-check measure: verdicts in every view', () => {
  it('collapsed features with their classifier: every claim verified, statistic and N beside each verdict', async () => {
    const dir = out();
    const r = await run('measure', '--features', F('collapsed.npz'), '--weights', ':W', '--nc1-threshold', '0.01', '--out', dir);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(readFileSync(join(dir, 'theorem-coverage.json'), 'utf8')) as { theorems: { modes: { clauses: { id: string; status: string; statistic: { test: string; samples: number[] } }[] }[] }[] };
    const clauses = doc.theorems[0].modes[0].clauses;
    expect(clauses.map((c) => [c.id, c.status])).toEqual([
      ['class-means-orthogonal', 'verified'],
      ['classifier-orthogonal', 'verified'],
      ['tb22r-disjoint-supports', 'verified'],
      ['tb22r-classifier-aligned', 'verified'],
      ['nc1-below-threshold', 'verified'],
    ]);
    expect(clauses.map((c) => c.statistic.test)).toEqual(['bootstrap', 'exact', 'bootstrap', 'bootstrap', 'bootstrap']);
    for (const c of clauses) expect(c.statistic.samples).toEqual([6]);
    const html = readFileSync(join(dir, 'theorem-coverage.html'), 'utf8');
    const md = readFileSync(join(dir, 'theorem-coverage.md'), 'utf8');
    const junit = readFileSync(join(dir, 'theorem-coverage.junit.xml'), 'utf8');
    expect(html).toMatch(/95% bootstrap percentile interval .*N = 6 samples/);
    expect(md).toMatch(/class-means-orthogonal.*bootstrap, \d+\/200 replicates, N = 6/);
    expect(junit).toMatch(/exact value .*N = 6 samples/);
    expect(r.out).toMatch(/verify: 5 passed, 0 failed/);
    const m = JSON.parse(readFileSync(join(dir, 'measurements.json'), 'utf8')) as { runs: { metrics: Record<string, number>; N: number }[] };
    expect(m.runs[0].N).toBe(6);
    expect(m.runs[0].metrics.nc1).toBe(0);
  });

  it('every view names the statistic each verdict used and its sample size, and no view speaks of regimes', async () => {
    const dir = out();
    const r = await run('measure', '--features', F('collapsed.npz'), '--weights', ':W', '--out', dir);
    expect(r.code).toBe(0);
    const md = readFileSync(join(dir, 'theorem-coverage.md'), 'utf8');
    const html = readFileSync(join(dir, 'theorem-coverage.html'), 'utf8');
    const junit = readFileSync(join(dir, 'theorem-coverage.junit.xml'), 'utf8');
    // One run: bootstrap rows say bootstrap (replicates used of 200, N) and their one-sided bootstrap p; the weights' row is exact.
    const row = (id: string): string => md.split('\n').find((l) => l.includes(`\`${id}\``)) ?? '';
    expect(row('class-means-orthogonal')).toMatch(/bootstrap, \d+\/200 replicates, N = 6 \| 0\\.\d+ \\\(bootstrap, one\\-sided\\\) \|$/);
    expect(row('classifier-orthogonal')).toMatch(/exact, N = 6 \| – \|$/);
    expect(md).not.toMatch(/sign test/);
    expect(md).toMatch(/\| effect \[interval\], statistic, sample size \| p \(test\) \|/);
    expect(md).toMatch(/seed 1 · 1 imported run measured\n/);
    for (const view of [md, html, r.out]) expect(view).not.toMatch(/regimes? per mode|seeds > 0/);
    expect(html).toMatch(/<dt>imported runs measured<\/dt><dd><bdi>1<\/bdi><\/dd>/);
    expect(html).toMatch(/<dt>training<\/dt><dd><bdi>none \(imported network\)<\/bdi><\/dd>/);
    expect(html).toMatch(/<th>statistic and sample size<\/th>/);
    expect(html).toMatch(/bootstrap p = [\d.]+ \(one-sided: replicates ≤ 0\); N = 6 samples/);
    expect(junit).toMatch(/bootstrap p = [\d.]+ \(one-sided: replicates ≤ 0\); N = 6 samples/);
    expect(r.out).toMatch(/class-means-orthogonal\s+verified\s+\S+ \[\S+, \S+\]; bootstrap, \d+\/200 replicates, N = 6/);
    // Several runs: the sign test over runs, with its seeds and each run's N.
    const six = out();
    const s6 = await run('measure', '--features', ...Array<string>(6).fill(F('collapsed.npz')), '--weights', ':W', '--out', six);
    const md6 = readFileSync(join(six, 'theorem-coverage.md'), 'utf8');
    expect(md6).toMatch(/`class-means-orthogonal` \| verified \| [^|]*; sign test, 6\/6 seeds \\> 0, N = 6 \| 0\\.016 \\\(sign test\\\) \|/);
    expect(md6).not.toMatch(/bootstrap, /);
    expect(md6).toMatch(/6 imported runs measured\n/);
    expect(s6.out).toMatch(/sign test p = 0\.0156; d_z = .*runs of N = 6, 6, 6, 6, 6, 6 samples/);
    const cov = JSON.parse(readFileSync(join(six, 'theorem-coverage.json'), 'utf8')) as { theorems: { modes: { clauses: { statistic: { test: string; n: number; samples: number[] } }[] }[] }[] };
    for (const c of cov.theorems[0].modes[0].clauses) expect(c.statistic).toMatchObject({ test: 'sign-test', n: 6, samples: [6, 6, 6, 6, 6, 6] });
  });

  it('random features: the frame claims are violated (exit 1) — the check can fail', async () => {
    const r = await run('measure', '--features', F('random.npz'), '--weights', ':W', '--bias', ':b', '--out', out());
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/class-means-etf\s+VIOLATED/);
    expect(r.out).toMatch(/classifier-etf\s+VIOLATED/);
  });

  it('the bootstrap is deterministic for its seed and changes with it', async () => {
    const interval = async (seed: string) => {
      const r = await run('measure', '--features', F('random.npz'), '--nc1-threshold', '1', '--seed', seed, '--out', out());
      return /nc1-below-threshold\s+\S+\s+(\S+ \[[^\]]+\])/.exec(r.out)?.[1];
    };
    const a = await interval('3');
    expect(a).toBeDefined();
    expect(await interval('3')).toBe(a);
    expect(await interval('4')).not.toBe(a);
  });

  it('several runs are decided by the sign test over runs; two runs are too few for an interval', async () => {
    const six = await run('measure', '--features', ...Array<string>(6).fill(F('collapsed.npz')), '--weights', ':W', '--out', out());
    expect(six.code).toBe(0);
    expect(six.out).toMatch(/6 of 6 seeds positive/);
    const two = await run('measure', '--features', F('collapsed.npz'), F('collapsed.npz'), '--weights', ':W', '--out', out());
    expect(two.out).toMatch(/2 usable runs: too few for a 95% sign-test interval/);
    expect(two.out).toMatch(/class-means-orthogonal\s+inconclusive/);
    expect(two.code).toBe(0);
  });

  it('--layer and --weight: other layers measured, low rank claimed only where it can fail', async () => {
    const dir = out();
    const r = await run('measure', '--features', F('random.npz'), '--layer', `relu=${F('random-layers.npz')}:relu`, '--weight', `W1=${F('random-layers.npz')}:W1`, '--json', '--out', dir);
    const m = JSON.parse(r.out) as { runs: { layers: { name: string; d: number; metrics: Record<string, number> }[]; weights: { name: string; rank: number }[] }[] };
    expect(m.runs[0].layers[0]).toMatchObject({ name: 'relu', d: 6 });
    expect(m.runs[0].layers[0].metrics.crossClassActivation).toBeGreaterThan(0);
    expect(m.runs[0].weights[0]).toMatchObject({ name: 'W1', rank: 6 });
    // W1 is 6 × 8 with K = 5 < 6: rank ≤ 5 can fail, and does for a random matrix.
    const cov = JSON.parse(readFileSync(join(dir, 'theorem-coverage.json'), 'utf8')) as { theorems: { modes: { clauses: { id: string; status: string }[] }[] }[] };
    expect(cov.theorems[0].modes[0].clauses.find((c) => c.id === 'low-rank.W1')?.status).toBe('violated');
  });
});
