// The lcov tracefile and istanbul json-summary of the failing fixture, record by record,
// with the numbers counted by hand from the fixture: one theorem, one mode (inside, 4
// regimes), 16 clauses — 14 verified 4/4, `orthogonal-frame` violated 0/4, `zero-solution`
// vacuous (never applied). And what a mode that did not run and a broken theorem add.
// (The listing's file name is the id made safe for a file system: `~` becomes `_`.)
import { describe, expect, it } from 'vitest';
import { readCoverage } from '../../../src/report/read.ts';
import type { CoverageReport } from '../../../src/report/schema.ts';
import { listingPath, renderJsonSummary, renderLcov, theoremListing } from '../../../src/report/views/lcov.ts';

const failing = (): CoverageReport => readCoverage('test/fixtures/results/failing.json');

describe('the theorem listing', () => {
  it('has three header lines, then the mode line, then one line per clause', () => {
    const t = failing().theorems[0];
    const listing = theoremListing(t);
    expect(listing.path).toBe('theorem-listings/MUTANT_rho.txt');
    expect(listingPath(t)).toBe(listing.path);
    const text = listing.text.split('\n');
    expect(text[0]).toBe('# MUTANT~rho — Bias-free MSE UFM: minimizers form an orthogonal frame; zero above c = 1');
    expect(text[1]).toMatch(/^# Tirer & Bruna, ICML 2022, Theorem 3\.1 .*; hypothesis: d ≥ K/);
    expect(text[2]).toMatch(/^# theorem coverage: a line is one clause/);
    expect(text[3]).toBe('mode inside:');
    expect(text[4]).toBe('  loss-lower-bound [bound] ' + t.modes[0].clauses[0].statement);
    expect(text).toHaveLength(3 + 1 + 16 + 1);
    expect(text.at(-1)).toBe('');
    expect(listing.modes.map((m) => m.line)).toEqual([4]);
    expect(listing.clauses.map((c) => c.line)).toEqual(Array.from({ length: 16 }, (_, i) => 5 + i));
  });
});

describe('the lcov tracefile', () => {
  it('records the mode as a function, regimes as branches, clauses as lines', () => {
    const lcov = renderLcov(failing()).split('\n');
    expect(lcov.slice(0, 6)).toEqual(['TN:nc_check_theorem_coverage', 'SF:theorem-listings/MUTANT_rho.txt', 'FN:4,inside', 'FNDA:4,inside', 'FNF:1', 'FNH:1']);
    // Clause 1 (line 5) passed 4 of 4 regimes: block 0, branches 0..3 taken.
    expect(lcov.filter((l) => l.startsWith('BRDA:5,'))).toEqual(['BRDA:5,0,0,1', 'BRDA:5,0,1,1', 'BRDA:5,0,2,1', 'BRDA:5,0,3,1']);
    // orthogonal-frame (5th clause, line 9, block 4) passed none of 4; zero-solution (line 11) applied nowhere: no branch.
    expect(lcov.filter((l) => l.startsWith('BRDA:9,'))).toEqual(['BRDA:9,4,0,0', 'BRDA:9,4,1,0', 'BRDA:9,4,2,0', 'BRDA:9,4,3,0']);
    expect(lcov.filter((l) => l.startsWith('BRDA:11,'))).toEqual([]);
    // 15 applicable clauses x 4 regimes; 14 x 4 taken.
    expect(lcov).toContain('BRF:60');
    expect(lcov).toContain('BRH:56');
    // Hits: regimes passed for a passing clause, 0 for the violated and the vacuous one.
    expect(lcov).toContain('DA:5,4');
    expect(lcov).toContain('DA:9,0');
    expect(lcov).toContain('DA:11,0');
    expect(lcov.filter((l) => l.startsWith('DA:'))).toHaveLength(16);
    expect(lcov.slice(-4)).toEqual(['LF:16', 'LH:14', 'end_of_record', '']);
  });

  it('a mode that did not run is a function with no hits, its reason in the listing', () => {
    const doc = failing();
    const t = doc.theorems[0];
    const near = { ...t.modes[0], mode: 'near' as const, ran: false, notRunReason: 'no thresholds', regimes: { ...t.modes[0].regimes, evaluated: 0 } };
    const r = { ...doc, theorems: [{ ...t, modes: [t.modes[0], near] }] };
    const lcov = renderLcov(r).split('\n');
    expect(lcov).toContain('FN:21,near');
    expect(lcov).toContain('FNDA:0,near');
    expect(lcov).toContain('FNF:2');
    expect(lcov).toContain('FNH:1');
    expect(theoremListing(r.theorems[0]).text.split('\n')[20]).toBe('mode near: not run (no thresholds)');
    // A mode that ran but evaluated no regime still counts one call.
    const empty = { ...doc, theorems: [{ ...t, modes: [{ ...t.modes[0], regimes: { ...t.modes[0].regimes, evaluated: 0 } }] }] };
    expect(renderLcov(empty).split('\n')).toContain('FNDA:1,inside');
  });

  it('a theorem that could not be run is one missed line: its error, line 4', () => {
    const doc = failing();
    const broken = { ...doc.theorems[0], id: 'BROKEN', modes: [], error: 'cannot load' };
    const lcov = renderLcov({ ...doc, theorems: [broken] }).split('\n');
    expect(lcov).toEqual(['TN:nc_check_theorem_coverage', 'SF:theorem-listings/BROKEN.txt', 'FNF:0', 'FNH:0', 'BRF:0', 'BRH:0', 'DA:4,0', 'LF:1', 'LH:0', 'end_of_record', '']);
    expect(theoremListing(broken).text.split('\n')[3]).toBe('ERROR, could not be run: cannot load');
  });
});

describe('the json-summary', () => {
  it('has the same totals: 14 of 16 lines, 1 of 1 function, 56 of 60 branches, percentages to 2 decimals', () => {
    const s = JSON.parse(renderJsonSummary(failing())) as Record<string, Record<string, unknown>>;
    const lines = { total: 16, covered: 14, skipped: 0, pct: 87.5 };
    const expected = { lines, statements: lines, functions: { total: 1, covered: 1, skipped: 0, pct: 100 }, branches: { total: 60, covered: 56, skipped: 0, pct: 93.33 } };
    expect(s.total).toEqual(expected);
    expect(s['theorem-listings/MUTANT_rho.txt']).toEqual(expected);
    expect(Object.keys(s)).toEqual(['total', 'theorem-listings/MUTANT_rho.txt']);
  });

  it('adds a broken theorem as a missed line, and an empty run as 100 %', () => {
    const doc = failing();
    const withBroken = { ...doc, theorems: [...doc.theorems, { ...doc.theorems[0], id: 'BROKEN', modes: [], error: 'x' }] };
    const s = JSON.parse(renderJsonSummary(withBroken)) as Record<string, Record<string, { total: number; covered: number; pct: number }>>;
    expect(s.total.lines).toMatchObject({ total: 17, covered: 14, pct: 82.35 });
    expect(s['theorem-listings/BROKEN.txt'].lines).toMatchObject({ total: 1, covered: 0, pct: 0 });
    expect(s.total.functions).toMatchObject({ total: 1, covered: 1 });
    const none = JSON.parse(renderJsonSummary({ ...doc, theorems: [] })) as Record<string, Record<string, { total: number; pct: number }>>;
    expect(none.total.lines).toEqual({ total: 0, covered: 0, skipped: 0, pct: 100 });
    expect(renderJsonSummary(doc).endsWith('}\n')).toBe(true);
  });
});
