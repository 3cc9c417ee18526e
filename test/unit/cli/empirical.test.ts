// The empirical claims through the CLI, at a smoke-test budget: listed with
// their provenance, selected by id or --suite, written to the coverage file
// with their statistic, journaled and resumed, refused where they make no sense.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from './run.ts';
import type { CoverageReport } from '../../../src/report/schema.ts';
import { EMPIRICAL_RUNS_FILE, readRunJournal } from '../../../src/empirical/journal.ts';

const tmp = () => mkdtempSync(join(tmpdir(), 'nc-check-empirical-'));

describe('list', () => {
  it('lists every claim with provenance empirical, its source, and [unverified] where the reference says so', async () => {
    const { code, out } = await run('list', '--json');
    expect(code).toBe(0);
    const doc = JSON.parse(out) as { theorems: { id: string }[]; claims: { id: string; kind: string; provenance: { kind: string; label: string; source: string; unverified: boolean }; clauses: { kind: string; test: { name: string } }[]; experiments: unknown[]; parameters: unknown; model: string }[] };
    expect(doc.theorems.every((t) => !t.id.includes('XRLGP23'))).toBe(true);
    expect(doc.claims.map((c) => c.id)).toContain('XRLGP23-WD-COLLAPSE');
    for (const c of doc.claims) {
      expect(c).toMatchObject({ kind: 'empirical', provenance: { kind: 'empirical' } });
      expect(c.provenance.label).toMatch(/^\[empirical: /);
      expect(c.clauses.every((x) => x.kind === 'empirical' && x.test.name === 'sign-test')).toBe(true);
      expect(c.experiments.length).toBeGreaterThan(0);
      expect(c.parameters).toEqual({});
    }
    const xrlgp = doc.claims.find((c) => c.id === 'XRLGP23-LOW-RANK')!;
    expect(xrlgp.provenance.unverified).toBe(true);
    expect(xrlgp.provenance.label).toContain('[unverified: recalled statement, confirm against the paper]');
    expect(doc.claims.find((c) => c.id === 'TB22-DEPTHWISE')!.provenance.unverified).toBe(false);
    const text = await run('list');
    expect(text.out).toContain('XRLGP23-WD-COLLAPSE  [empirical]');
    expect(text.out).toMatch(/\d+ theorems, 10 empirical claims/);
  });
});

describe('verify with empirical claims', () => {
  it('runs a claim by id: statistic, seeds and provenance in the coverage file; journal reused by --resume', async () => {
    const out = tmp();
    const args = ['verify', 'TB22-DEPTHWISE', '--seeds', '2', '--epochs', '4', '--out', out, '--no-db', '--verbose'];
    const first = await run(...args);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/^verify: 0 passed, 0 failed, 2 skipped \(2 inconclusive\)$/m);
    expect(first.out).toContain('networks: tfjs wasm (float32, deterministic for the seed)');
    expect(first.err).toContain('TB22-DEPTHWISE: 2 seeds × 2 experiments');
    const report = JSON.parse(readFileSync(join(out, 'theorem-coverage.json'), 'utf8')) as CoverageReport;
    expect(report.theorems).toHaveLength(1);
    const t = report.theorems[0];
    expect(t).toMatchObject({ id: 'TB22-DEPTHWISE', kind: 'empirical', provenance: { kind: 'empirical' } });
    expect(t.empirical!.seeds).toHaveLength(2);
    expect(t.empirical!.experiments.map((e) => e.runs.total)).toEqual([2, 2]);
    const clause = t.modes[0].clauses[0];
    expect(clause.kind).toBe('empirical');
    expect(clause.statistic).toMatchObject({ test: 'sign-test', seeds: 2 });
    expect(clause.statistic!.perSeed).toHaveLength(2);
    expect(clause.status).toBe('inconclusive'); // two seeds can never decide a 95% sign test
    expect(existsSync(join(out, 'theorem-coverage.html'))).toBe(true);
    expect(readRunJournal(join(out, EMPIRICAL_RUNS_FILE)).records).toHaveLength(4);

    // Resuming a finished run evaluates nothing; an interrupted one reuses the journal's networks.
    const again = await run(...args, '--resume');
    expect(again.code).toBe(0);
    expect(again.err).toContain('nothing to evaluate');
  });

  it('--suite empirical selects every claim; ids may mix theorems and claims', async () => {
    const out = tmp();
    const r = await run('verify', 'TB22-B', 'TB22-R-PRACTICE.iris', '--runs', '2', '--restarts', '1', '--seeds', '1', '--epochs', '2', '--out', out, '--no-db');
    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'theorem-coverage.json'), 'utf8')) as CoverageReport;
    expect(report.theorems.map((t) => t.id)).toEqual(['TB22-B', 'TB22-R-PRACTICE.iris']);
  });

  it('refuses what has no meaning for claims, in one line with exit 2', async () => {
    for (const [args, message] of [
      [['predict', 'XRLGP23-WD-COLLAPSE', '--regime', '{}'], /predict: "XRLGP23-WD-COLLAPSE" is an empirical claim/],
      [['explore', 'TB22-DEPTHWISE'], /explore: "TB22-DEPTHWISE" is an empirical claim/],
      [['verify', 'TB22-DEPTHWISE', '--shard', '0/2', '--out', tmp()], /--shard: not for empirical claims/],
      [['verify', 'TB22-DEPTHWISE', '--regime', '{}', '--out', tmp()], /--regime: not for empirical claims/],
      [['verify', '--suite', 'some'], /expected builtin \(alias theorems\), empirical, consistency or all/],
      [['verify', '--seeds', '0'], /--seeds <n>' argument '0' is invalid/],
      [['verify', 'TB22-T3.1', '--seeds', '3', '--out', tmp()], /--seeds: sets the budget of empirical claims, and none is selected .*random seed is --seed\n$/],
      [['verify', '--epochs', '3', '--out', tmp()], /--epochs: sets the budget of empirical claims, and none is selected/],
      [['verify', 'NOPE-CLAIM'], /unknown id "NOPE-CLAIM" \(known: TB22-T3.1, .*XRLGP23-WD-COLLAPSE/],
    ] as const) {
      const r = await run(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err, args.join(' ')).toMatch(message);
      expect(r.err.trim().split('\n')).toHaveLength(1);
    }
  });
});
