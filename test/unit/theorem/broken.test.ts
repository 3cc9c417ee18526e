// User theorems that throw, predict NaN, or declare parameters inconsistent
// with their model are reported per theorem — status error with the message,
// in every view — while the other theorems run to their own verdicts.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CoverageReport, TheoremEntry } from '../../../src/report/schema.ts';
import { run } from '../cli/run.ts';
import { genhtml, validateJunit } from '../../support/tools.ts';

const FILES = ['--theorems', 'test/fixtures/broken/theorems.ts', 'test/fixtures/broken/throws-on-load.ts'];
const out = mkdtempSync(join(tmpdir(), 'nc-check-broken-'));
let result: { code: number; out: string; err: string };
let doc: CoverageReport;
const theorem = (id: string): TheoremEntry => doc.theorems.find((t) => t.id === id)!;
// Inside the hypothesis: MY-CLAIM's sampling box (d ≥ 5 > K) never leaves it, so its outside mode is "not run" by design.
const inside = (id: string) => theorem(id).modes.filter((m) => m.mode === 'inside');
const statuses = (id: string) => inside(id).flatMap((m) => m.clauses.map((c) => c.status));
const notes = (id: string) => inside(id).flatMap((m) => m.clauses.map((c) => c.note ?? ''));

beforeAll(async () => {
  result = await run('verify', ...FILES, '--suite', 'builtin', '--runs', '2', '--restarts', '1', '--mode', 'inside,outside', '--max-shrinks', '1', '--out', out, '--no-db');
  doc = JSON.parse(readFileSync(join(out, 'theorem-coverage.json'), 'utf8')) as CoverageReport;
});

describe('broken user theorems', () => {
  it('each is in error with its message, and exit code 1', () => {
    expect(result.code).toBe(1);
    expect(new Set(statuses('BROKEN~throws'))).toEqual(new Set(['error']));
    expect(notes('BROKEN~throws').every((n) => n.includes('predict exploded on purpose'))).toBe(true);
    expect(new Set(statuses('BROKEN~nan'))).toEqual(new Set(['error']));
    expect(notes('BROKEN~nan')[0]).toContain('predict() returned a non-finite loss (NaN)');
    expect(statuses('BROKEN~nan-quantity')).toEqual(['error']);
    expect(notes('BROKEN~nan-quantity')[0]).toContain('the predicted value is not finite');
    expect(theorem('BROKEN~hypothesis').modes.every((m) => !m.ran)).toBe(true);
    expect(new Set(theorem('BROKEN~hypothesis').modes.flatMap((m) => m.clauses.map((c) => c.status)))).toEqual(new Set(['error']));
    expect(notes('BROKEN~hypothesis')[0]).toContain('hypothesis exploded on purpose');
    expect(theorem('BROKEN~parameter').error).toMatch(/parameter "q" is not a regime key of model ufm-mse/);
    expect(theorem('BROKEN~range').error).toMatch(/parameter "K": sample range \[0, 3\] leaves its valid range \(min 2\)/);
    expect(theorem('test/fixtures/broken/throws-on-load.ts').error).toMatch(/cannot load \(this theorem file fails to load on purpose\)/);
    expect(doc.summary.errors).toBeGreaterThanOrEqual(3 + 3 + 3 + 2 + 3);
  });

  it('does not stop the other theorems', () => {
    for (const id of ['TB22-T3.1', 'TB22-B', 'SOUND']) {
      expect(inside(id).every((m) => m.ran)).toBe(true);
      expect(statuses(id)).not.toContain('error');
      expect(statuses(id)).toContain('verified');
    }
  });

  it('shows every message in every view', async () => {
    const views = ['theorem-coverage.html', 'theorem-coverage.md', 'theorem-coverage.junit.xml', 'lcov.info', 'theorem-listings/BROKEN_range.txt'].map((f) => [f, readFileSync(join(out, f), 'utf8')] as const);
    for (const [file, text] of [...views, ['terminal', result.out] as const]) {
      if (file === 'lcov.info') {
        expect(text).toContain('SF:theorem-listings/BROKEN_range.txt');
        continue;
      }
      expect(text, file).toContain('leaves its valid range');
      if (file === 'theorem-listings/BROKEN_range.txt') continue;
      expect(text, file).toContain('predict exploded on purpose');
      expect(text, file).toContain('hypothesis exploded on purpose');
      expect(text, file).toContain('fails to load on purpose');
    }
    expect(readFileSync(join(out, 'theorem-coverage.junit.xml'), 'utf8')).toMatch(/<error message="[^"]*fails to load on purpose/);
    // …and the files stay valid for the tools that read them.
    const schema = await validateJunit(join(out, 'theorem-coverage.junit.xml'));
    expect(schema.valid, schema.errors).toBe(true);
    // genhtml exists only as Debian's lcov: skipped with a NOTICE where absent (required under CI).
    const lcov = genhtml(out);
    if (lcov !== undefined) expect(lcov.status, lcov.stderr).toBe(0);
  });

  it('is listed, and is a one-line usage error where a command needs that one theorem', async () => {
    const list = await run('list', ...FILES);
    expect(list.code).toBe(0);
    expect(list.out).toMatch(/BROKEN~parameter {2}could not be loaded/);
    const json = JSON.parse((await run('list', '--json', ...FILES)).out) as { broken: { id: string }[] };
    expect(json.broken.map((b) => b.id)).toContain('BROKEN~range');
    const regime = '{"K":3,"n":2,"d":4,"lambdaW":0.01,"lambdaH":0.01}';
    const cases: [string[], RegExp][] = [
      [['predict', 'BROKEN~parameter', '--regime', regime], /theorem "BROKEN~parameter" could not be loaded: .*parameter "q"/],
      [['predict', 'BROKEN~throws', '--regime', regime], /theorem BROKEN~throws: predict\(\) threw: predict exploded on purpose/],
      [['predict', 'BROKEN~hypothesis', '--regime', regime], /hypothesis\.check\(\) threw/],
      [['verify', 'BROKEN~range', '--regime', regime, '--out', out], /could not be loaded/],
    ];
    for (const [argv, message] of cases) {
      const r = await run(...argv, ...FILES);
      expect(r.code, r.err).toBe(2);
      expect(r.err).toMatch(message);
    }
    // A regime given for a theorem whose code throws is evaluated to an error, not a crash.
    const one = await run('verify', 'BROKEN~throws', '--regime', regime, ...FILES, '--restarts', '1', '--out', mkdtempSync(join(tmpdir(), 'nc-check-broken-')));
    expect(one.code).toBe(1);
    expect(one.out).toContain('ERROR');
  });
});
