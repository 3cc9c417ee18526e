import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { coverageReport, summarize } from '../../../src/report/coverage.ts';
import type { ClauseEntry, CoverageReport, RunMeta, TheoremEntry } from '../../../src/report/schema.ts';
import { closingLine, formatMargin, renderTerminal, statusLabel } from '../../../src/report/terminal.ts';
import { createRunWriter, safeFileName, toJson } from '../../../src/report/writer.ts';

const counts = { pass: 3, violated: 0, inconclusive: 0, notApplicable: 0, error: 0, uncertified: 0 };
const clause = (id: string, status: ClauseEntry['status'], extra: Partial<ClauseEntry> = {}): ClauseEntry => ({
  id,
  kind: 'equality',
  statement: id,
  provenance: { kind: 'derived', label: '[derived here]', unverified: false },
  status,
  outsideHypothesis: false,
  counts,
  worstMargin: 0.01,
  ...extra,
});

const theorem = (modes: TheoremEntry['modes']): TheoremEntry => ({
  id: 'T',
  title: 'title',
  citation: 'cite',
  model: 'ufm-mse',
  normalization: 'n',
  hypothesis: 'd ≥ K',
  provenance: { kind: 'unverified', label: '[unverified: recalled statement, confirm against the paper]', unverified: true },
  nonClaims: [{ statement: 'H̄1 is orthogonal', reason: 'ReLU discards negative pre-activations' }],
  modes,
});

const meta = { tool: 'nc-check', version: '0', node: 'v20', backend: 'cpu-f64', dtype: 'float64', seed: 1, runs: 3, modes: ['inside'], train: { optimizer: 'lbfgs', restarts: 1, gradientTolerance: 1e-13, maxIterations: 1, initScale: 0.5 }, command: 'x', startedAt: 'now' } satisfies RunMeta;
const mode = (clauses: ClauseEntry[], m: 'inside' | 'outside' = 'inside') => ({
  mode: m,
  ran: true,
  fcSeed: 1,
  regimes: { evaluated: 3, hypothesisHeld: m === 'inside' ? 3 : 0, nearThreshold: 0 },
  restarts: { total: 3, converged: 3, budgetExhausted: 0, diverged: 0 },
  seconds: 0.5,
  clauses,
});

describe('coverage summary', () => {
  it('counts passes, failures and the rest, keeping outside-hypothesis violations apart', () => {
    const report = coverageReport(meta, [
      theorem([
        mode([clause('a', 'verified'), clause('b', 'violated'), clause('c', 'inconclusive', { note: 'optimizer outcome' }), clause('d', 'error', { note: 'boom' })]),
        mode([clause('e', 'violated', { outsideHypothesis: true }), clause('f', 'vacuous'), clause('g', 'verified'), clause('h', 'not-run')], 'outside'),
      ]),
    ]);
    expect(report.schemaVersion).toBe(1);
    expect(report.summary).toEqual({ passed: 2, refuted: 0, failed: 2, skipped: 4, inconclusive: 1, vacuous: 1, notRun: 1, violatedOutsideHypothesis: 1, errors: 1 });
    expect(closingLine(report.summary)).toBe('verify: 2 passed, 2 failed, 4 skipped (1 inconclusive, 1 violated only outside the hypothesis, 1 vacuous, 1 not run)');
    expect(closingLine(summarize([]))).toBe('verify: 0 passed, 0 failed, 0 skipped');
  });

  it('renders a terminal table with provenance, reasons, counterexamples and non-claims', () => {
    const cx = { mode: 'outside' as const, regime: { K: 2, d: 1 }, hypothesisHolds: false, path: '0:1', margin: 5e7, reason: 'restart 0: deviation', shrinkSteps: 2, replay: './bin/nc-check verify T --mode outside --seed 1 --path 0:1' };
    const report: CoverageReport = coverageReport(meta, [
      theorem([
        mode([clause('a', 'verified'), clause('c', 'inconclusive', { note: 'optimizer outcome: no restart' })]),
        mode([clause('e', 'violated', { outsideHypothesis: true, counterexample: cx }), clause('g', 'verified')], 'outside'),
        { ...mode([]), ran: false, notRunReason: 'no near generator', mode: 'near' as const },
      ]),
    ]);
    const text = renderTerminal(report);
    expect(text).toContain('[unverified: recalled statement, confirm against the paper]');
    expect(text).toContain('optimizer outcome: no restart');
    expect(text).toContain('violated outside hypothesis');
    expect(text).toContain('held outside hypothesis');
    expect(text).toContain('counterexample to e (outside the hypothesis): {"K":2,"d":1}');
    expect(text).toContain('replay: ./bin/nc-check verify T --mode outside --seed 1 --path 0:1');
    expect(text).toContain('near: not run — no near generator');
    expect(text).toContain('not tested, by design: H̄1 is orthogonal');
    expect(text.trim().split('\n').at(-1)).toMatch(/^verify: \d+ passed, \d+ failed/);
  });

  it('formats margins to 3 significant digits', () => {
    expect(formatMargin(undefined)).toBe('-');
    expect(formatMargin(0)).toBe('0');
    expect(formatMargin(Infinity)).toBe('inf');
    expect(formatMargin(0.0123)).toBe('0.0123');
    expect(formatMargin(1.23456)).toBe('1.23');
    expect(formatMargin(1e-7)).toBe('1.00e-7');
    expect(formatMargin(3.456e9)).toBe('3.46e+9');
    expect(statusLabel(clause('x', 'error'), 'inside')).toBe('ERROR');
  });
});

describe('writer', () => {
  it('appends regime lines, writes counterexamples and the coverage file atomically', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nc-check-'));
    const w = createRunWriter(join(dir, 'out'));
    w.regime({ theorem: 'T', index: 0 } as never);
    w.regime({ theorem: 'T', index: 1 } as never);
    expect(readFileSync(join(dir, 'out', 'regimes.jsonl'), 'utf8').trim().split('\n')).toHaveLength(2);
    const file = w.counterexample({ theorem: '../../etc', mode: 'outside', clause: 'x/y', regime: {}, path: '1', solution: [{ name: 'W', rows: 1, cols: 1, data: [1] }] } as never);
    expect(file).toBe(join('counterexamples', '__.._etc__outside__x_y.json'));
    expect(existsSync(join(dir, 'out', file!))).toBe(true);
    expect(w.counterexample({ theorem: 'T', mode: 'inside', clause: 'c' } as never)).toBeUndefined();
    w.coverage(coverageReport(meta, []));
    expect(JSON.parse(readFileSync(join(dir, 'out', 'theorem-coverage.json'), 'utf8')).schemaVersion).toBe(1);
    expect(readdirSync(join(dir, 'out')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('never lets an id escape the folder and writes non-finite numbers as null', () => {
    expect(safeFileName('../x', 'a b')).toBe('__x__a_b');
    expect(safeFileName('..')).toBe('_');
    expect(toJson({ a: NaN, b: Infinity, c: 1 })).toBe('{"a":null,"b":null,"c":1}');
  });
});

describe('terminal escaping', () => {
  it('strips control characters (ANSI escapes) from text that comes from theorem or coverage files', async () => {
    const { printable } = await import('../../../src/report/terminal.ts');
    expect(printable('a\u001b[31mred\u001b[0m\tb\nc\u0007\u009b')).toBe('a[31mred[0m\tb\nc');
  });
});
