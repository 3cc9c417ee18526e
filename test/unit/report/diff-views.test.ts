// The two views of a diff (src/report/views/diff.ts) on a hand-built DiffResult: every line
// of the terminal text and of the Markdown block, in the order the header promises —
// differing settings first, then regressions, slower modes, improvements, and the counts.
import { describe, expect, it } from 'vitest';
import type { DiffOptions, DiffResult } from '../../../src/report/diff.ts';
import { diffHeadline, renderDiffMarkdown, renderDiffText } from '../../../src/report/views/diff.ts';

const options: DiffOptions = { marginFactor: 10, marginFloor: 0.001, timeFactor: 3, failOnSlowdown: false };
const result: DiffResult = {
  settings: [
    { setting: 'runs', baseline: '200', current: '50', blocking: true },
    { setting: 'theorem T', baseline: 'v1', current: 'v2', blocking: false },
  ],
  regressions: [{ theorem: 'T', mode: 'inside', clause: 'c1', kind: 'verdict', message: 'verified → VIOLATED' }],
  improvements: [
    { theorem: 'T', mode: 'near', clause: '*', kind: 'verdict', message: 'new mode' },
    { theorem: '*', mode: '*', clause: '*', kind: 'verdict', message: 'faster overall' },
  ],
  slower: [{ theorem: 'U', mode: 'inside', clause: '*', kind: 'time', message: '0.1 s → 0.5 s per regime' }],
  unchanged: 7,
  counts: { inconclusive: [1, 2], errors: [0, 3] },
} as unknown as DiffResult;

describe('diffHeadline', () => {
  it('counts regressions (singular or plural), improvements and unchanged entries', () => {
    expect(diffHeadline(result)).toBe('diff: 1 regression, 2 improvements, 7 unchanged');
    expect(diffHeadline({ ...result, regressions: [] })).toBe('diff: 0 regressions, 2 improvements, 7 unchanged');
    expect(diffHeadline({ ...result, regressions: [...result.regressions, ...result.regressions] })).toBe('diff: 2 regressions, 2 improvements, 7 unchanged');
  });
});

describe('renderDiffText', () => {
  it('warns about settings, then lists regressions, slower modes, improvements, and the counts with the options', () => {
    expect(renderDiffText(result, options).split('\n')).toEqual([
      'WARNING: the runs differ in runs: 200 (baseline) vs 50 (current)',
      'WARNING: the runs differ in theorem T: v1 (baseline) vs v2 (current) — its entries compare different definitions',
      'REGRESSION T inside c1: verified → VIOLATED',
      'slower     U inside: 0.1 s → 0.5 s per regime',
      'improved   T near: new mode',
      'improved   run: faster overall',
      'diff: 1 regression, 2 improvements, 7 unchanged; inconclusive 1 → 2, errors 0 → 3 (margin factor 10, floor 0.001; time factor 3, not gating)',
      '',
    ]);
  });

  it('with slowdowns gating, lists them among the regressions only (not twice) and says so', () => {
    const text = renderDiffText(result, { ...options, failOnSlowdown: true });
    expect(text).not.toContain('slower ');
    expect(text).toContain('time factor 3, gating)');
  });
});

describe('renderDiffMarkdown', () => {
  it('heads with the verdict and the two files, warns about settings, and has a table per group', () => {
    const md = renderDiffMarkdown(result, options, { baseline: 'a.json', current: 'b.json' }).split('\n');
    expect(md[0]).toBe('## nc-check diff — ❌ 1 regression');
    expect(md[2]).toBe('Baseline `a.json` → current `b.json`. diff\\: 1 regression, 2 improvements, 7 unchanged.');
    expect(md).toContain('> [!WARNING]');
    expect(md).toContain('> - runs: 200 (baseline) vs 50 (current)');
    expect(md).toContain('> - theorem T: v1 (baseline) vs v2 (current)');
    expect(md).toContain('### Regressions');
    expect(md).toContain('| `T` | inside | `c1` | verified → VIOLATED |');
    expect(md).toContain('### Slower (time per regime grew more than ×3; not gating)');
    expect(md).toContain('| `U` | inside | – | 0\\.1 s → 0\\.5 s per regime |');
    expect(md).toContain('<details><summary>Improvements and new entries (2)</summary>');
    expect(md).toContain('| all | all | – | faster overall |');
    expect(md).toContain('Inconclusive entries 1 → 2; entries in error 0 → 3. A worst margin counts as drifted when it grew more than ×10 (margins below 0.001 count as 0.001).');
    expect(md.filter((l) => l === '| theorem | mode | clause | change |')).toHaveLength(3);
  });

  it('without regressions, settings, slowdowns or improvements: a green headline and no empty sections', () => {
    const quiet = { ...result, settings: [], regressions: [], slower: [], improvements: [] };
    const md = renderDiffMarkdown(quiet, options, { baseline: 'a', current: 'b' });
    expect(md.split('\n')[0]).toBe('## nc-check diff — ✅ no regressions');
    for (const s of ['[!WARNING]', '### Regressions', '### Slower', '<details>', '| theorem |']) expect(md).not.toContain(s);
    expect(renderDiffMarkdown({ ...result, regressions: [...result.regressions, ...result.regressions] }, options, { baseline: 'a', current: 'b' }).split('\n')[0]).toBe(
      '## nc-check diff — ❌ 2 regressions',
    );
    // Gating slowdowns are regressions already: no separate Slower table.
    expect(renderDiffMarkdown(result, { ...options, failOnSlowdown: true }, { baseline: 'a', current: 'b' })).not.toContain('### Slower');
  });
});
