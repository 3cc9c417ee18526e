// The terminal's default summary: one line per theorem, the problems (capped),
// then the closing line — one screen however large the run.
import { describe, expect, it } from 'vitest';
import { readCoverage } from '../../../src/report/read.ts';
import type { CoverageReport } from '../../../src/report/schema.ts';
import { MAX_PROBLEMS, renderSummary } from '../../../src/report/summary-text.ts';
import { closingLine } from '../../../src/report/terminal.ts';

const fixture = (name: string): CoverageReport => readCoverage(`test/fixtures/results/${name}.json`);

describe('the default terminal summary', () => {
  it('names every theorem and every problem, and ends with the closing line', () => {
    const r = fixture('failing');
    const text = renderSummary(r, { details: 'details: --verbose' });
    const lines = text.trimEnd().split('\n');
    expect(lines.at(-1)).toBe(closingLine(r.summary));
    expect(lines[0]).toMatch(/^MUTANT~rho {2}inside 1 VIOLATED, 1 vacuous, 14 verified$/);
    expect(text).toContain('problems (1):\n  MUTANT~rho inside orthogonal-frame: VIOLATED, worst margin 7.39e+5; replay: ./bin/nc-check verify');
    expect(text).toContain('details: --verbose');
  });

  it('caps the problem list: one line per theorem plus at most MAX_PROBLEMS problems, the rest counted', () => {
    const one = fixture('inconclusive');
    const big: CoverageReport = { ...one, theorems: Array.from({ length: 40 }, (_, i) => ({ ...one.theorems[0], id: `T${i}` })) };
    const lines = renderSummary(big).trimEnd().split('\n');
    expect(lines.length).toBeLessThanOrEqual(40 + MAX_PROBLEMS + 6);
    expect(lines).toContain(`  … and ${40 * 13 - MAX_PROBLEMS} more`);
  });

  it('counts known-false claims refuted as expected as such, not as problems', () => {
    const text = renderSummary(fixture('refuted'));
    expect(text).toContain('SML24  inside 1 refuted as expected, 1 verified');
    expect(text).not.toContain('problems');
  });
});
