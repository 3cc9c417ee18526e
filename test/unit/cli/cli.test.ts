// The CLI in-process: main() returns the exit code, and output is captured.
import { mkdtempSync, readFileSync } from 'node:fs';
import { builtinTheorems } from '../../../theorems/index.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from './run.ts';
import * as parse from '../../../src/cli/parse.ts';


const reference = '{"K":3,"n":2,"d":4,"lambdaW":0.01,"lambdaH":0.01}';
const tmp = () => mkdtempSync(join(tmpdir(), 'nc-check-cli-'));

describe('list', () => {
  it('lists theorems with provenance, parameters and clauses as JSON', async () => {
    const { code, out } = await run('list', '--json');
    expect(code).toBe(0);
    const doc = JSON.parse(out) as { theorems: { id: string; provenance: { label: string }; clauses: unknown[]; parameters: Record<string, unknown> }[] };
    expect(doc.theorems.map((t) => t.id)).toEqual(builtinTheorems.map((t) => t.id));
    expect(doc.theorems.map((t) => t.id).slice(0, 2)).toEqual(['TB22-T3.1', 'TB22-B']);
    expect(doc.theorems[1].provenance.label).toMatch(/unverified/);
    expect(Object.keys(doc.theorems[0].parameters)).toEqual(['K', 'n', 'd', 'lambdaW', 'lambdaH']);
  });

  it('lists in words, including user theorem files', async () => {
    const { code, out } = await run('list', '--theorems', 'test/fixtures/my-claim.ts');
    expect(code).toBe(0);
    expect(out).toContain('MY-CLAIM');
    expect(out).toContain(`${builtinTheorems.length + 1} theorems`);
  });
});

describe('predict', () => {
  it('gives the reference example of docs/theorems.md §3 in JSON', async () => {
    const { code, out } = await run('predict', 'TB22-T3.1', '--regime', reference, '--json');
    expect(code).toBe(0);
    const d = JSON.parse(out) as { hypothesisHolds: boolean; prediction: { loss: number; WWt: number[][]; MbarTMbar: number[][] } };
    expect(d.hypothesisHolds).toBe(true);
    expect(d.prediction.loss).toBeCloseTo(0.00995, 15);
    expect(d.prediction.WWt).toEqual([
      [0.99, 0, 0],
      [0, 0.99, 0],
      [0, 0, 0.99],
    ]);
    expect(d.prediction.MbarTMbar[0][1]).toBeCloseTo(-0.33, 15);
  });

  it('fills TB22-B\'s fixed lambdaB and reports a failed hypothesis with its reason', async () => {
    const { out } = await run('predict', 'TB22-B', '--regime', '{"K":3,"n":2,"d":1,"lambdaW":0.01,"lambdaH":0.01}', '--json');
    const d = JSON.parse(out) as { regime: { lambdaB: number }; hypothesisHolds: boolean; hypothesisReason: string; prediction: { loss: number } };
    expect(d.regime.lambdaB).toBe(0);
    expect(d.hypothesisHolds).toBe(false);
    expect(d.hypothesisReason).toBe('d = 1 < K − 1 = 2');
    expect(d.prediction.loss).toBeCloseTo(0.0066333333, 9);
    const text = await run('predict', 'TB22-B', '--regime', '{"K":3,"n":2,"d":4,"lambdaW":0.01,"lambdaH":0.01}');
    expect(text.out).toContain('hypothesis (d ≥ K − 1');
    expect(text.out).toContain('b =');
  });
});

describe('bad input → one line on stderr, exit code 2', () => {
  it.each([
    [['predict', 'TB22-T3.1', '--regime', '{"K":0,"n":2,"d":4,"lambdaW":0.01,"lambdaH":0.01}'], /regime\.K: expected an integer ≥ 2, got 0/],
    [['predict', 'TB22-T3.1', '--regime', 'not-json'], /--regime: not valid JSON/],
    [['predict', 'TB22-T3.1', '--regime', '{"K":3,"n":2,"d":4,"lambdaW":-1,"lambdaH":0.01}'], /regime\.lambdaW: expected a finite number > 0, got -1/],
    [['predict', 'TB22-T3.1', '--regime', '{"K":3,"n":2,"d":4,"lamdaW":0.01,"lambdaH":0.01}'], /regime\.lamdaW: expected no such parameter/],
    [['predict', 'TB22-T3.1', '--regime', '{"K":3,"n":2,"d":4,"lambdaH":0.01}'], /regime\.lambdaW: .*missing/],
    [['predict', 'NOPE', '--regime', reference], /unknown id "NOPE"/],
    [['predict', 'TB22-T3.1'], /required option '--regime <json>' not specified/],
    [['train', 'ufm-nope', '--regime', reference], /model: unknown id "ufm-nope"/],
    [['train', 'ufm-mse', '--regime', reference, '--restarts', '0'], /--restarts <n>' argument '0' is invalid\. expected a positive integer/],
    [['verify', '--runs', 'zero'], /--runs <n>' argument 'zero' is invalid/],
    [['verify', '--mode', 'sideways'], /expected inside, near, outside or all/],
    [['verify', '--seed', '1.5'], /--seed <s>' argument '1.5' is invalid/],
    [['verify', '--path', '1:x', '--mode', 'inside', 'TB22-T3.1'], /fast-check path/],
    [['verify', '--path', '1', 'TB22-T3.1'], /--path: give exactly one --mode/],
    [['verify', '--regime', reference], /--regime: name exactly one theorem id/],
    [['verify', '--backend', 'quantum'], /unknown backend "quantum"/],
    [['verify', '--theorems', 'test/fixtures/no-theorem.ts'], /exports no theorem/],
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['train', 'ufm-mse', '--regime', reference, '--optimizer', 'adam'], /expected one of lbfgs, gd/],
    [['train', 'ufm-mse', '--regime', reference, '--gtol', '-1'], /expected a finite number > 0/],
  ])('%j', async (argv, message) => {
    const { code, err, out } = await run(...argv);
    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).not.toMatch(/^\s+at /m);
    expect(out).toBe('');
  });
});

describe('train', () => {
  it('trains the reference example to the certified minimum and reports the interface fields', async () => {
    const { code, out } = await run('train', 'ufm-mse', '--regime', reference, '--seed', '1', '--json');
    expect(code).toBe(0);
    const d = JSON.parse(out) as Record<string, unknown> & { WWt: number[][]; metrics: Record<string, number> };
    expect(d.status).toBe('converged');
    expect(Math.abs((d.loss as number) - 0.00995)).toBeLessThan(1e-12);
    expect(d.certifiedLoss).toBeCloseTo(0.00995, 14);
    expect(d.backend).toBe('cpu-f64');
    expect(d.dtype).toBe('float64');
    expect(d.WWt).toHaveLength(3);
    expect(d.metrics.nc1TraceRatio).toBeLessThan(1e-20);
    expect(d.metrics.rankWHbar).toBe(3);
  });

  it('prints a readable summary with a bias and several restarts', async () => {
    const { code, out } = await run('train', 'ufm-mse', '--regime', '{"K":3,"n":2,"d":4,"lambdaW":0.01,"lambdaH":0.01,"lambdaB":0}', '--restarts', '2', '--optimizer', 'gd', '--max-iter', '50000', '--init-scale', '0.3', '--gtol', '1e-12');
    expect(code).toBe(0);
    expect(out).toContain('restart 1: converged');
    expect(out).toContain('certified global minimum: 0.00663333');
  });
});

describe('verify', () => {
  it('runs, writes theorem-coverage.json and regimes.jsonl, and closes with "N passed, N failed"', async () => {
    const out = tmp();
    const r = await run('verify', 'TB22-T3.1', '--runs', '3', '--restarts', '1', '--out', out);
    expect(r.code).toBe(0);
    expect(r.out.trim().split('\n').at(-1)).toMatch(/^verify: \d+ passed, 0 failed/);
    const doc = JSON.parse(readFileSync(join(out, 'theorem-coverage.json'), 'utf8')) as { meta: { backend: string; finishedAt: string }; summary: { failed: number } };
    expect(doc.meta.backend).toBe('cpu-f64');
    expect(doc.meta.finishedAt).toBeDefined();
    // By default inside and the near-threshold band (TB22-T3.1 declares c = 1): 3 regimes each.
    expect(readFileSync(join(out, 'regimes.jsonl'), 'utf8').trim().split('\n')).toHaveLength(6);
    expect(r.err).toContain('TB22-T3.1 inside: 3/3 regimes');
  });

  it('outside mode reports violations apart and exits 0; a mutant inside its hypothesis exits 1', async () => {
    const out = tmp();
    const outside = await run('verify', 'TB22-T3.1', '--mode', 'outside', '--runs', '3', '--restarts', '1', '--out', out, '--json');
    expect(outside.code).toBe(0);
    const doc = JSON.parse(outside.out) as { summary: { violatedOutsideHypothesis: number }; theorems: { modes: { clauses: { id: string; counterexample?: { replay: string; solutionFile: string } }[] }[] }[] };
    expect(doc.summary.violatedOutsideHypothesis).toBeGreaterThan(0);
    const cx = doc.theorems[0].modes[0].clauses.find((c) => c.id === 'orthogonal-frame')!.counterexample!;
    expect(cx.replay).toMatch(/^\.\/bin\/nc-check verify TB22-T3\.1 --mode outside --seed 1 --path [\d:]+ --restarts 1$/);
    expect(JSON.parse(readFileSync(join(out, cx.solutionFile), 'utf8')).blocks.map((b: { name: string }) => b.name)).toEqual(['W', 'H']);

    const mutant = await run('verify', 'MUTANT~rho', '--theorems', 'test/fixtures/mutant-rho.ts', '--runs', '3', '--restarts', '1', '--out', tmp(), '--no-shrink', '--verbose');
    expect(mutant.code).toBe(1);
    expect(mutant.out).toMatch(/orthogonal-frame\s+equality\s+VIOLATED/);
    expect(mutant.out).toContain('--theorems test/fixtures/mutant-rho.ts');
  });

  it('replays an explicit regime and a user theorem file', async () => {
    const r = await run('verify', 'MY-CLAIM', '--theorems', 'test/fixtures/my-claim.ts', '--regime', '{"K":2,"n":1,"d":5,"lambdaW":0.05,"lambdaH":0.05}', '--out', tmp());
    expect(r.code).toBe(0);
    expect(r.out).toContain('inside: 1 regimes');
    expect(r.out).toMatch(/verify: 3 passed, 0 failed/);
  });

  it('prints help and version with exit code 0', async () => {
    expect((await run('--help')).code).toBe(0);
    expect((await run('--version')).out.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe('option parsers', () => {
  it('parse and reject', () => {
    expect(parse.positiveInteger('12')).toBe(12);
    expect(parse.nonNegativeInteger('0')).toBe(0);
    expect(() => parse.nonNegativeInteger('-1')).toThrow();
    expect(parse.seed('-5')).toBe(-5);
    expect(() => parse.seed('99999999999')).toThrow();
    expect(parse.modes('all')).toEqual(['inside', 'near', 'outside']);
    expect(parse.modes('near,outside')).toEqual(['near', 'outside']);
    expect(parse.positiveNumber('1e-3')).toBe(1e-3);
    expect(() => parse.positiveNumber('')).toThrow();
    expect(parse.fastCheckPath('1:2:3')).toBe('1:2:3');
  });
});
