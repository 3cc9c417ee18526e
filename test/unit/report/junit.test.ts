// The JUnit view's arithmetic and its edge cases: durations that are negative or not a
// number, totals with broken theorems, the replay case id, and a counterexample
// without a reason (the failure message falls back to the clause's note, then "violated"), and the
// launcher the case replay starts with (the one the run's own replay command names).
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { readCoverage } from '../../../src/report/read.ts';
import type { CoverageReport } from '../../../src/report/schema.ts';
import { renderHtml } from '../../../src/report/views/html.ts';
import { renderJunit } from '../../../src/report/views/junit.ts';
import { renderMarkdown } from '../../../src/report/views/markdown.ts';

const failing = (): CoverageReport => readCoverage('test/fixtures/results/failing.json');
const parse = (xml: string) => parseHTML(xml.replace(/^<\?xml[^>]*>/, '')).document;

/** The failing fixture with its first mode's seconds replaced. */
function withSeconds(seconds: number): CoverageReport {
  const doc = failing();
  const t = doc.theorems[0];
  return { ...doc, theorems: [{ ...t, modes: [{ ...t.modes[0], seconds }, ...t.modes.slice(1).map((m) => ({ ...m, seconds: 0 }))] }, ...doc.theorems.slice(1)] };
}

describe('JUnit durations', () => {
  it('are seconds with three decimals, per suite, split evenly over its testcases, and summed on <testsuites>', () => {
    const doc = withSeconds(1.5);
    const clauses = doc.theorems[0].modes[0].clauses.length;
    const d = parse(renderJunit(doc));
    expect(d.querySelector('testsuites')!.getAttribute('time')).toBe('1.500');
    expect(d.querySelector('testsuite')!.getAttribute('time')).toBe('1.500');
    expect(d.querySelector('testcase')!.getAttribute('time')).toBe((1.5 / clauses).toFixed(3));
    // A mode that took no time is a measured 0, written like any other duration.
    expect(parse(renderJunit(withSeconds(0))).querySelector('testsuite')!.getAttribute('time')).toBe('0.000');
  });

  it.each([-2, Number.NaN, Number.POSITIVE_INFINITY])('write 0 for a duration of %s (the schema wants a non-negative number)', (seconds) => {
    const d = parse(renderJunit(withSeconds(seconds)));
    for (const el of d.querySelectorAll('testsuites, testsuite, testcase')) expect(el.getAttribute('time'), el.tagName).toMatch(/^(0|0\.000)$/);
  });
});

describe('JUnit totals with a theorem that could not be run', () => {
  it('count the broken theorem as one erroring test, in the root totals and its own suite', () => {
    const doc = failing();
    const broken: CoverageReport = { ...doc, theorems: [...doc.theorems, { ...doc.theorems[0], id: 'BROKEN', modes: [], error: 'cannot load' }] };
    const clauses = doc.theorems.flatMap((t) => t.modes.flatMap((m) => m.clauses));
    const before = parse(renderJunit(doc)).querySelector('testsuites')!;
    const root = parse(renderJunit(broken)).querySelector('testsuites')!;
    expect(Number(root.getAttribute('tests'))).toBe(clauses.length + 1);
    expect(Number(root.getAttribute('errors'))).toBe(Number(before.getAttribute('errors')) + 1);
    expect(root.getAttribute('failures')).toBe(before.getAttribute('failures'));
    const suite = [...parse(renderJunit(broken)).querySelectorAll('testsuite')].find((s) => s.getAttribute('name') === 'BROKEN')!;
    expect([suite.getAttribute('tests'), suite.getAttribute('errors'), suite.getAttribute('failures'), suite.getAttribute('skipped')]).toEqual(['1', '1', '0', '0']);
    const error = suite.querySelector('testcase > error')!;
    expect([error.getAttribute('message'), error.getAttribute('type'), error.textContent]).toEqual(['cannot load', 'nc-check.theorem-error', 'cannot load']);
  });
});

describe('JUnit failures', () => {
  /** The failing fixture's violated clause, edited. */
  function violated(edit: (c: CoverageReport['theorems'][number]['modes'][number]['clauses'][number]) => object): CoverageReport {
    const doc = failing();
    const t = doc.theorems[0];
    const m = t.modes[0];
    return { ...doc, theorems: [{ ...t, modes: [{ ...m, clauses: m.clauses.map((c) => (c.counterexample === undefined ? c : { ...c, ...edit(c) })) }, ...t.modes.slice(1)] }] };
  }
  const failure = (doc: CoverageReport) => parse(renderJunit(doc)).querySelector('testcase > failure')!;

  it('name the replay case id when there is one, and only then', () => {
    const withId = failure(violated((c) => ({ counterexample: { ...c.counterexample!, caseId: 'abc123' } })));
    expect(withId.textContent).toContain('or: ./bin/nc-check replay abc123');
    const without = failure(violated((c) => ({ counterexample: { ...c.counterexample!, caseId: undefined } })));
    expect(without.textContent).not.toContain('or: ./bin/nc-check replay');
    expect(without.textContent).toMatch(/replay: \.\/bin\/nc-check verify/);
  });

  it('start the case replay the way the run was started: npx nc-check for an installed package (JUnit, HTML, Markdown)', () => {
    const installed = violated((c) => ({ counterexample: { ...c.counterexample!, caseId: 'abc123', replay: c.counterexample!.replay.replace(/^\.\/bin\/nc-check /, 'npx nc-check ') } }));
    expect(failure(installed).textContent).toContain('or: npx nc-check replay abc123');
    for (const view of [renderJunit(installed), renderHtml(installed), renderMarkdown(installed)]) {
      expect(view).toContain('npx nc-check replay abc123');
      expect(view).not.toContain('bin/nc-check');
    }
  });

  it('take their message from the reason, else the note, else "violated"', () => {
    expect(failure(violated((c) => ({ counterexample: { ...c.counterexample!, reason: 'why' }, note: 'note' }))).getAttribute('message')).toBe('why');
    expect(failure(violated((c) => ({ counterexample: { ...c.counterexample!, reason: undefined }, note: 'note' }))).getAttribute('message')).toBe('note');
    const bare = failure(violated((c) => ({ counterexample: { ...c.counterexample!, reason: undefined, values: undefined }, note: undefined })));
    expect(bare.getAttribute('message')).toBe('violated');
    // Without a reason (and without recorded values) the body goes straight from the margin line to the replay command.
    expect(bare.textContent).toMatch(/path [^\n]+\nreplay: /);
  });
});
