// The exploration commands in-process: the failure database (a planted failure
// replayed first, `replay` reproducing it exactly, cases leaving once they pass),
// `report` regenerating views, `diff` as a regression gate, and `explore`.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from './run.ts';
import { openFailureDb } from '../../../src/explore/failure-db.ts';
import type { CoverageReport } from '../../../src/report/schema.ts';
import { renderJunit } from '../../../src/report/views/junit.ts';
import { readCoverage } from '../../../src/report/read.ts';
import type { RegimeRecord } from '../../../src/verify/results.ts';
import { genhtml, validateJunit } from '../../support/tools.ts';


const tmp = () => mkdtempSync(join(tmpdir(), 'nc-check-explore-'));
const records = (dir: string): RegimeRecord[] =>
  readFileSync(join(dir, 'regimes.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as RegimeRecord);
const MUTANT = ['MUTANT~rho', '--theorems', 'test/fixtures/mutant-rho.ts'];

describe('the failure database', () => {
  it('stores a planted failure, replays it first on the next run, and `replay` reproduces its verdict and margin', async () => {
    const db = tmp();
    const first = tmp();
    const a = await run('verify', ...MUTANT, '--runs', '3', '--restarts', '1', '--seed', '5', '--out', first, '--db', db);
    expect(a.code).toBe(1);
    // Every view is written next to the canonical file.
    for (const f of ['theorem-coverage.json', 'theorem-coverage.html', 'theorem-coverage.junit.xml', 'theorem-coverage.md', 'lcov.info', 'coverage-summary.json']) {
      expect(existsSync(join(first, f))).toBe(true);
    }
    // The files the run wrote are accepted by the tools that consume them (see views.test.ts for each format).
    const schema = await validateJunit(join(first, 'theorem-coverage.junit.xml'));
    expect(schema.valid, schema.errors).toBe(true);
    // genhtml exists only as Debian's lcov: skipped with a NOTICE where absent (required under CI).
    const lcov = genhtml(first);
    if (lcov !== undefined) {
      expect(lcov.error).toBeUndefined();
      expect(lcov.status, lcov.stderr).toBe(0);
    }
    const cases = openFailureDb(db).list();
    const violated = readCoverage(join(first, 'theorem-coverage.json')).theorems[0].modes[0].clauses.filter((c) => c.status === 'violated');
    expect(cases.map((c) => c.clause).sort()).toEqual(violated.map((c) => c.id).sort());
    // Each counterexample names its case.
    expect(violated.every((c) => c.counterexample?.caseId !== undefined && cases.some((k) => k.id === c.counterexample!.caseId))).toBe(true);

    // Another seed samples other regimes, but the stored ones run first.
    const second = tmp();
    const b = await run('verify', ...MUTANT, '--runs', '2', '--restarts', '1', '--seed', '77', '--out', second, '--db', db);
    expect(b.code).toBe(1);
    const stored = [...new Set(cases.map((c) => JSON.stringify(c.regime)))];
    const replayed = records(second).slice(0, stored.length);
    expect(replayed.map((r) => r.origin)).toEqual(stored.map(() => 'database'));
    expect(new Set(replayed.map((r) => JSON.stringify(r.regime)))).toEqual(new Set(stored));
    expect(records(second).slice(stored.length).every((r) => r.origin === 'sample')).toBe(true);
    expect(readCoverage(join(second, 'theorem-coverage.json')).theorems[0].modes[0].replayed).toBe(stored.length);

    // replay <id>: the identical verdict and margin, exit 1 (violated inside the hypothesis).
    const target = openFailureDb(db).list()[0];
    const r = await run('replay', target.id.slice(0, 8), '--db', db, '--json');
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.out) as { reproduced: boolean; stored: { status: string; margin: number }; replayed: { status: string; margin: number } };
    expect(doc.reproduced).toBe(true);
    expect(doc.replayed.status).toBe(doc.stored.status);
    expect(doc.replayed.margin).toBe(doc.stored.margin);
    const words = await run('replay', target.id, '--db', db);
    expect(words.out).toContain('reproduced: identical verdict and margin');
    const list = await run('replay', '--list', '--db', db);
    expect(list.out).toContain(target.id);
  });

  it('lets a case go once it stops failing', async () => {
    const dir = tmp();
    const db = openFailureDb(dir);
    const regime = { K: 2, n: 1, d: 3, lambdaW: 0.05, lambdaH: 0.2 };
    const id = db.record({
      theorem: 'TB22-T3.1',
      clause: 'orthogonal-frame',
      mode: 'inside',
      regime,
      hypothesisHolds: true,
      status: 'inconclusive',
      reason: 'planted',
      settings: { backend: 'cpu-f64', train: { optimizer: 'lbfgs', gradientTolerance: 1e-13, maxIterations: 20000, initScale: 0.5, restarts: 1, seed: 1 } },
    });
    expect(db.list().map((c) => c.id)).toEqual([id]);
    const out = tmp();
    const r = await run('verify', 'TB22-T3.1', '--runs', '1', '--restarts', '1', '--out', out, '--db', dir);
    expect(r.code).toBe(0);
    expect(records(out)[0]).toMatchObject({ origin: 'database', regime });
    expect(db.list()).toEqual([]);
  });

  it('answers unknown, ambiguous or malformed ids with exit 2 and one line', async () => {
    const dir = tmp();
    for (const [args, message] of [
      [['replay', 'abcdef', '--db', dir], /no stored case abcdef/],
      [['replay', 'xyz!', '--db', dir], /case id: expected 4 to 12 hex digits/],
    ] as const) {
      const r = await run(...args);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.err.trim().split('\n')).toHaveLength(1);
    }
    expect((await run('replay', '--db', dir)).out).toBe('no stored cases\n');
  });
});

describe('report', () => {
  const fixture = 'test/fixtures/results/failing.json';

  it('regenerates any view from the canonical file alone', async () => {
    const r = await run('report', fixture, '--format', 'junit');
    expect(r.code).toBe(0);
    expect(r.out).toBe(renderJunit(readCoverage(fixture)));
    const dir = tmp();
    const lcov = await run('report', fixture, '--format', 'lcov', '--out', join(dir, 'cov', 'lcov.info'));
    expect(lcov.code).toBe(0);
    expect(existsSync(join(dir, 'cov', 'lcov.info'))).toBe(true);
    expect(existsSync(join(dir, 'cov', 'theorem-listings', 'MUTANT_rho.txt'))).toBe(true);
    expect((await run('report', fixture, '--format', 'html')).out).toMatch(/^<!DOCTYPE html>/);
  });

  it('rejects an unknown format or version with exit 2', async () => {
    const bad = await run('report', fixture, '--format', 'pdf');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--format: expected one of html, junit, md, lcov, json-summary, json, text/);
    const dir = tmp();
    writeFileSync(join(dir, 'v9.json'), JSON.stringify({ schemaVersion: 9 }));
    const v9 = await run('report', join(dir, 'v9.json'), '--format', 'md');
    expect(v9.code).toBe(2);
    expect(v9.err).toMatch(/schemaVersion 9 is not supported/);
  });
});

describe('diff', () => {
  const base = 'test/fixtures/results/modes.json';

  it('passes an identical file', async () => {
    const r = await run('diff', base, base);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^diff: 0 regressions, 0 improvements, 48 unchanged/m);
  });

  it('flags a deliberately degraded file: a worse status, a drifted margin, a lost clause', async () => {
    const doc = JSON.parse(readFileSync(base, 'utf8')) as CoverageReport;
    const inside = doc.theorems[0].modes[0];
    const degraded: CoverageReport = {
      ...doc,
      theorems: [
        {
          ...doc.theorems[0],
          modes: [
            {
              ...inside,
              clauses: inside.clauses.slice(0, -1).map((c, i) =>
                i === 0 ? { ...c, status: 'inconclusive' } : i === 2 ? { ...c, worstMargin: Math.max(c.worstMargin ?? 0, 1e-3) * 50 } : c,
              ),
            },
            ...doc.theorems[0].modes.slice(1),
          ],
        },
      ],
    };
    const dir = tmp();
    writeFileSync(join(dir, 'current.json'), JSON.stringify(degraded));
    const r = await run('diff', base, join(dir, 'current.json'), '--json');
    expect(r.code).toBe(1);
    const d = JSON.parse(r.out) as { regressions: { clause: string; kind: string }[] };
    expect(d.regressions.map((x) => [x.clause, x.kind])).toEqual([
      [inside.clauses[0].id, 'status-worse'],
      [inside.clauses[2].id, 'margin-drift'],
      [inside.clauses[inside.clauses.length - 1].id, 'missing'],
      ['*', 'count-growth'],
    ]);
    // A looser factor forgives the drift but not the rest.
    const loose = await run('diff', base, join(dir, 'current.json'), '--margin-factor', '100');
    expect(loose.out).not.toContain('worst margin');
    expect(loose.code).toBe(1);
  });

  it('gives exit 2 for a missing file', async () => {
    const r = await run('diff', base, '/nonexistent.json');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/\/nonexistent.json: cannot read/);
  });
});

describe('explore', () => {
  it('samples, searches each clause for its worst regime, and puts both on the phase diagram', async () => {
    const out = tmp();
    mkdirSync(out, { recursive: true });
    const r = await run('explore', 'TB22-T3.1', '--mode', 'outside', '--runs', '2', '--budget', '4', '--clause', 'orthogonal-frame', 'loss-lower-bound', '--restarts', '1', '--out', out);
    expect(r.code).toBe(0);
    const doc = readCoverage(join(out, 'theorem-coverage.json'));
    const mode = doc.theorems[0].modes[0];
    // In the theorem's clause order.
    expect(mode.search?.map((s) => s.clause)).toEqual(['loss-lower-bound', 'orthogonal-frame']);
    const frame = mode.search![1];
    expect(frame.evaluations).toBeLessThanOrEqual(4);
    expect(frame.best?.status).toBe('violated');
    expect(frame.best?.hypothesisHolds).toBe(false);
    expect(frame.replay).toMatch(/--regime '/);
    expect(mode.points?.some((p) => p.origin === 'search')).toBe(true);
    expect(r.out).toMatch(/search outside orthogonal-frame: worst margin .* \(violated\)/);
    expect(r.out).toContain('explore: TB22-T3.1');
    expect(existsSync(join(out, 'theorem-coverage.html'))).toBe(true);
  });
});
