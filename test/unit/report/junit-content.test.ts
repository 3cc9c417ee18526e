// What the JUnit view says, element by element, on the failing fixture and edits of it: the
// suite's properties, each testcase's system-out, the failure body line by line, a clause in
// error, a counterexample outside the hypothesis, an empty replay path, a known-false claim.
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { readCoverage } from '../../../src/report/read.ts';
import type { ClauseEntry, CoverageReport } from '../../../src/report/schema.ts';
import { renderJunit } from '../../../src/report/views/junit.ts';

const failing = (): CoverageReport => readCoverage('test/fixtures/results/failing.json');
// linkedom parses as HTML, where <property/> does not close itself: properties nest, so they are selected by tag alone.
const parse = (xml: string) => parseHTML(xml.replace(/^<\?xml[^>]*>/, '')).document;
const doc = (r: CoverageReport) => parse(renderJunit(r));
const properties = (r: CoverageReport) => Object.fromEntries([...doc(r).querySelectorAll('property')].map((p) => [p.getAttribute('name'), p.getAttribute('value')]));
const testcase = (r: CoverageReport, id: string) => [...doc(r).querySelectorAll('testcase')].find((t) => t.getAttribute('name') === id)!;
const editClause = (r: CoverageReport, id: string, f: (c: ClauseEntry) => ClauseEntry): CoverageReport => ({
  ...r,
  theorems: r.theorems.map((t) => ({ ...t, modes: t.modes.map((m) => ({ ...m, clauses: m.clauses.map((c) => (c.id === id ? f(c) : c)) })) })),
});
const editMode = (r: CoverageReport, more: object): CoverageReport => ({ ...r, theorems: r.theorems.map((t) => ({ ...t, modes: t.modes.map((m) => ({ ...m, ...more })) })) });

describe('JUnit suite properties', () => {
  it('carry the theorem, the run settings, and per clause its status, worst margin, path and replay', () => {
    const p = properties(failing());
    expect(p).toMatchObject({
      theorem: 'MUTANT~rho',
      citation: 'Tirer & Bruna, ICML 2022, Theorem 3.1 (restated as THN23 Theorem 2.1)',
      provenance: '[restated in THN23 Thm 2.1]',
      mode: 'inside',
      seed: '2',
      backend: 'cpu-f64',
      dtype: 'float64',
      commit: '0123456789abcdef0123456789abcdef01234567',
      regimes: '4',
      regimesReplayed: '0',
      'loss-lower-bound.status': 'verified',
      'loss-lower-bound.worstMargin': '2.42e-7',
      'orthogonal-frame.status': 'VIOLATED',
      'orthogonal-frame.worstMargin': '7.39e+5',
      'orthogonal-frame.path': '0:0:0:0:0:0',
      'zero-solution.status': 'vacuous',
    });
    expect(p.hypothesis).toMatch(/^d ≥ K; λ_W, λ_H > 0/);
    expect(p['orthogonal-frame.replay']).toMatch(/^\.\/bin\/nc-check verify 'MUTANT~rho' --mode inside --seed 2 --path 0:0:0:0:0:0 /);
    // Absent values are left out, not written empty.
    for (const absent of ['zero-solution.worstMargin', 'loss-lower-bound.path', 'loss-lower-bound.replay', 'loss-lower-bound.expectedRefutation', 'loss-lower-bound.statistic', 'networks', 'empirical', 'seeds'])
      expect(p, absent).not.toHaveProperty(absent);
  });

  it('leave out an empty replay path, and count replayed regimes', () => {
    const r = editMode(editClause(failing(), 'orthogonal-frame', (c) => ({ ...c, counterexample: { ...c.counterexample!, path: '' } })), { replayed: 3 });
    const p = properties(r);
    expect(p).not.toHaveProperty('orthogonal-frame.path');
    expect(p.regimesReplayed).toBe('3');
    expect(testcase(r, 'orthogonal-frame').querySelector('failure')!.textContent).toContain('; path -');
  });
});

describe('JUnit testcases', () => {
  it('tell in system-out the status, passes over applicable regimes, worst margin, kind and statement', () => {
    const doc = failing();
    const statement = doc.theorems[0].modes[0].clauses[0].statement;
    expect(testcase(doc, 'loss-lower-bound').querySelector('system-out')!.textContent).toBe(`verified: passed 4/4 regimes; worst margin 2.42e-7; bound: ${statement}`);
    const vacuous = testcase(doc, 'zero-solution');
    expect(vacuous.querySelector('skipped')!.getAttribute('message')).toBe('vacuous: the clause never applied');
    expect(vacuous.querySelector('system-out')!.textContent).toMatch(/^vacuous: passed 0\/0 regimes; worst margin -; equality: /);
  });

  it('put the counterexample in the failure body, line by line', () => {
    const doc = failing();
    const c = doc.theorems[0].modes[0].clauses.find((x) => x.id === 'orthogonal-frame')!;
    const failure = testcase(doc, 'orthogonal-frame').querySelector('failure')!;
    expect(failure.getAttribute('type')).toBe('nc-check.equality');
    const body = failure.textContent.split('\n');
    expect(body[0]).toBe(`orthogonal-frame (equality): ${c.statement}`);
    expect(body[1]).toBe('status: violated; worst margin 7.39e+5');
    expect(body[2]).toBe('counterexample: {"K":2,"n":1,"d":2,"lambdaW":0.01,"lambdaH":0.01}');
    expect(body[3]).toBe('margin 4.95e+5; shrunk in 6 steps; path 0:0:0:0:0:0');
    expect(body[4]).toBe(c.counterexample!.reason);
    expect(body.at(-1)).toBe(`replay: ${c.counterexample!.replay}`);
  });

  it('mark a counterexample outside the hypothesis', () => {
    const r = editClause(failing(), 'orthogonal-frame', (c) => ({ ...c, counterexample: { ...c.counterexample!, hypothesisHolds: false } }));
    // Outside the hypothesis the clause is skipped in CI; a refuted-as-expected claim still shows the body.
    const refuted = editClause(r, 'orthogonal-frame', (c) => ({ ...c, expectedRefutation: true }));
    const out = testcase(refuted, 'orthogonal-frame').querySelector('system-out')!.textContent;
    expect(out).toContain('\nrefuted as expected: this is a known-false claim shipped as a refutation fixture; its violation is the expected outcome and counts as a pass.\n');
    expect(out).toContain('\ncounterexample (outside the hypothesis): {"K":2');
    expect(properties(refuted)['orthogonal-frame.expectedRefutation']).toBe('true');
    expect(testcase(refuted, 'orthogonal-frame').querySelector('failure, skipped, error')).toBeNull();
  });

  it('write a clause in error as <error> with its note, or "the clause threw", and the note in the body', () => {
    const r = editClause(failing(), 'collapse', (c) => ({ ...c, status: 'error', note: 'theorem code: boom' }));
    const error = testcase(r, 'collapse').querySelector('error')!;
    expect(error.getAttribute('message')).toBe('theorem code: boom');
    expect(error.getAttribute('type')).toBe('nc-check.clause-error');
    expect(error.textContent.split('\n')).toEqual([`collapse (equality): ${r.theorems[0].modes[0].clauses[3].statement}`, 'status: error; worst margin 1.74e-12', 'theorem code: boom']);
    const bare = editClause(failing(), 'collapse', (c) => ({ ...c, status: 'error', note: undefined }));
    expect(testcase(bare, 'collapse').querySelector('error')!.getAttribute('message')).toBe('the clause threw');
    expect(testcase(bare, 'collapse').querySelector('error')!.textContent.split('\n')).toHaveLength(2);
    const root = doc(r).querySelector('testsuites')!;
    expect([root.getAttribute('errors'), root.getAttribute('failures')]).toEqual(['1', '1']);
    expect(doc(r).querySelector('testsuite')!.getAttribute('errors')).toBe('1');
  });

  it('name the suite theorem (mode), with its counts, timestamp and package', () => {
    const suite = doc(failing()).querySelector('testsuite')!;
    expect([suite.getAttribute('name'), suite.getAttribute('tests'), suite.getAttribute('failures'), suite.getAttribute('skipped'), suite.getAttribute('timestamp'), suite.getAttribute('package')]).toEqual([
      'MUTANT~rho (inside)',
      '16',
      '1',
      '1',
      '2026-01-01T00:00:00.000Z',
      'MUTANT~rho',
    ]);
    expect(doc(failing()).querySelector('testsuites')!.getAttribute('name')).toBe('nc-check theorem coverage');
    expect(testcase(failing(), 'collapse').getAttribute('classname')).toBe('MUTANT~rho.inside');
  });
});
