// The Markdown summary line by line, on the failing fixture and on edits of it: the headline
// with the closing line's counts, the run line, one table row per clause, the mode line's
// replay count, a mode that did not run, a clause in error, a theorem that could not be run,
// and the counterexample blocks with their cap. Expected lines are written out here.
import { describe, expect, it } from 'vitest';
import { readCoverage } from '../../../src/report/read.ts';
import type { ClauseEntry, CoverageReport, ModeEntry, TheoremEntry } from '../../../src/report/schema.ts';
import { MAX_COUNTEREXAMPLES, renderMarkdown } from '../../../src/report/views/markdown.ts';

const failing = (): CoverageReport => readCoverage('test/fixtures/results/failing.json');
const lines = (r: CoverageReport) => renderMarkdown(r).split('\n');

function edit(r: CoverageReport, f: (m: ModeEntry, t: TheoremEntry) => ModeEntry): CoverageReport {
  return { ...r, theorems: r.theorems.map((t) => ({ ...t, modes: t.modes.map((m) => f(m, t)) })) };
}
const editClause = (r: CoverageReport, id: string, f: (c: ClauseEntry) => ClauseEntry) => edit(r, (m) => ({ ...m, clauses: m.clauses.map((c) => (c.id === id ? f(c) : c)) }));

describe('the Markdown summary', () => {
  it('leads with the counts, the closing line, and the run settings', () => {
    const l = lines(failing());
    expect(l[0]).toBe('## nc-check theorem coverage — ❌ 14 passed, 1 failed, 1 skipped');
    expect(l[2]).toBe('`verify: 14 passed, 1 failed, 1 skipped (1 vacuous)`');
    expect(l[4]).toBe('nc-check 0\\.1\\.0 @ `0123456789ab` · backend cpu\\-f64 (float64) · seed 2 · 4 regimes per mode');
    expect(l[6]).toMatch(/^A clause \*passes\* when verified on every regime where it applied; \*skipped\* covers inconclusive/);
    const passing = { ...failing(), summary: { ...failing().summary, failed: 0 }, meta: { ...failing().meta, commit: undefined, shard: '2/3' } };
    expect(lines(passing)[0]).toBe('## nc-check theorem coverage — ✅ 14 passed, 0 failed, 1 skipped');
    expect(lines(passing)[4]).toBe('nc-check 0\\.1\\.0 · backend cpu\\-f64 (float64) · seed 2 · 4 regimes per mode · shard 2/3');
  });

  it('has one row per clause: outcome icon, id, kind, status, passed/applicable and worst margin', () => {
    const l = lines(failing());
    expect(l).toContain('**inside**: 4 regimes (hypothesis held in 4, 0 near a threshold); 4/4 restarts converged');
    expect(l).toContain('| | clause | kind | status | passed | worst margin |');
    expect(l).toContain('| ✅ | `loss-lower-bound` | bound | verified | 4/4 | 2.42e-7 |');
    expect(l).toContain('| ❌ | `orthogonal-frame` | equality | VIOLATED | 0/4 | 7.39e+5 |');
    expect(l).toContain('| ⚪ | `zero-solution` | equality | vacuous | – | - |');
    const rows = l.filter((x) => /^\| (✅|❌|⚪|💥) \|/.test(x));
    expect(rows).toHaveLength(16);
  });

  it('counts replayed regimes in the mode line, only when there are some', () => {
    expect(lines(edit(failing(), (m) => ({ ...m, replayed: 3 })))).toContain(
      '**inside**: 4 regimes (hypothesis held in 4, 0 near a threshold, 3 replayed from the failure database); 4/4 restarts converged',
    );
    expect(renderMarkdown(edit(failing(), (m) => ({ ...m, replayed: 0 })))).not.toContain('replayed from');
  });

  it('says when a mode did not run, and why', () => {
    const notRun = edit(failing(), (m) => ({ ...m, ran: false, notRunReason: 'the theorem declares no thresholds' }));
    expect(lines(notRun)).toContain('**inside**: not run — the theorem declares no thresholds');
    expect(lines(edit(failing(), (m) => ({ ...m, ran: false, notRunReason: undefined })))).toContain('**inside**: not run — no regimes');
  });

  it('lists a clause in error with its message under the table', () => {
    const r = editClause(failing(), 'collapse', (c) => ({ ...c, status: 'error', note: 'theorem code: boom' }));
    expect(lines(r)).toContain('| 💥 | `collapse` | equality | ERROR | 4/4 | 1.74e-12 |');
    expect(lines(r)).toContain('- 💥 `collapse`: theorem code\\: boom');
    // Notes of clauses that are not in error are not listed.
    expect(renderMarkdown(editClause(failing(), 'collapse', (c) => ({ ...c, note: 'a note' })))).not.toContain('a note');
  });

  it('shows a theorem that could not be run as an error heading with its message', () => {
    const doc = failing();
    const broken = { ...doc, theorems: [...doc.theorems, { ...doc.theorems[0], id: 'BROKEN', title: 'Broken one', modes: [], error: 'cannot load' }] };
    const l = lines(broken);
    expect(l).toContain('### 💥 `BROKEN` — Broken one');
    expect(l).toContain('ERROR: cannot load');
  });

  it('details each counterexample: summary line, regime, provenance, numbers and replay command', () => {
    const l = lines(failing());
    expect(l).toContain('### Counterexamples');
    expect(l).toContain('<details><summary><code>MUTANT~rho</code> · inside · <code>orthogonal-frame</code> — margin 4.95e+5</summary>');
    expect(l).toContain('- regime: `{"K":2,"n":1,"d":2,"lambdaW":0.01,"lambdaH":0.01}`');
    expect(l).toContain('**`orthogonal-frame`** — margin 4.95e+5: restart 0\\: deviation 9\\.900e\\-3 exceeds the allowance 2\\.000e\\-8');
    const sh = l.indexOf('```sh');
    expect(l[sh + 1]).toMatch(/^\.\/bin\/nc-check verify 'MUTANT~rho' --mode inside --seed 2 /);
    expect(l[sh + 2]).toBe('```');
    expect(l[sh + 4]).toBe('</details>');
    const text = l.indexOf('```text');
    expect(l[text + 1]).toMatch(/^H̄\^T H̄ = ρ I_K/);
  });

  it('marks a counterexample outside the hypothesis, adds the case id to replay, and leaves out a missing reason', () => {
    const r = editClause(failing(), 'orthogonal-frame', (c) => ({ ...c, counterexample: { ...c.counterexample!, hypothesisHolds: false, caseId: 'abc', reason: undefined, values: undefined } }));
    const l = lines(r);
    expect(l).toContain('<details><summary><code>MUTANT~rho</code> · inside · <code>orthogonal-frame</code> (outside the hypothesis) — margin 4.95e+5</summary>');
    expect(l).toContain('**`orthogonal-frame`** — margin 4.95e+5');
    expect(l).not.toContain('```text');
    const sh = l.indexOf('```sh');
    expect(l[sh + 2]).toBe('./bin/nc-check replay abc');
  });

  it(`details at most ${MAX_COUNTEREXAMPLES} counterexamples and says how many more there are`, () => {
    const doc = failing();
    const copies = Array.from({ length: MAX_COUNTEREXAMPLES + 3 }, (_, i) => ({ ...doc.theorems[0], id: `T${i}` }));
    const md = renderMarkdown({ ...doc, theorems: copies });
    expect(md.match(/<details>/g)).toHaveLength(MAX_COUNTEREXAMPLES);
    expect(md).toContain('_3 more counterexamples are in theorem-coverage.json._');
    expect(renderMarkdown(doc)).not.toContain('more counterexamples');
    // Without any counterexample there is no Counterexamples section.
    const none = editClause(doc, 'orthogonal-frame', (c) => ({ ...c, status: 'verified', counterexample: undefined }));
    expect(renderMarkdown(none)).not.toContain('### Counterexamples');
  });
});
