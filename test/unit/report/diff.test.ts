// `nc-check diff` as CI's gate, over committed fixtures derived from a real run
// (test/fixtures/results/make-diff-fixtures.ts): one injected verdict
// regression and one injected margin regression must both be named, with exit
// 1; identical runs exit 0; runs with different settings are refused, or
// compared with a loud warning when allowed.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.ts';
import { DEFAULT_DIFF, diffCoverage } from '../../../src/report/diff.ts';
import { readCoverage } from '../../../src/report/read.ts';
import type { CoverageReport } from '../../../src/report/schema.ts';

const F = 'test/fixtures/results';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (s) => void (out += s), err: (s) => void (err += s), isTty: false });
  return { code, out, err };
}

describe('nc-check diff', () => {
  it('names an injected verdict regression and an injected margin regression, and exits 1', async () => {
    const r = await run('diff', `${F}/modes.json`, `${F}/regressed.json`);
    expect(r.code).toBe(1);
    expect(r.out).toContain('REGRESSION TB22-T3.1 inside loss-lower-bound: verified → VIOLATED');
    expect(r.out).toMatch(/REGRESSION TB22-T3\.1 inside self-duality: worst margin 0\.000586 → 0\.0586 \(×58\.6 > ×10\)/);
    expect(r.out).toMatch(/^diff: 2 regressions, 0 improvements, 46 unchanged/m);
    const json = await run('diff', `${F}/modes.json`, `${F}/regressed.json`, '--json');
    expect(json.code).toBe(1);
    const d = JSON.parse(json.out) as { regressions: { clause: string; kind: string }[]; settings: unknown[] };
    expect(d.regressions.map((x) => [x.clause, x.kind])).toEqual([
      ['loss-lower-bound', 'status-worse'],
      ['self-duality', 'margin-drift'],
    ]);
    expect(d.settings).toEqual([]);
    const md = await run('diff', `${F}/modes.json`, `${F}/regressed.json`, '--markdown');
    expect(md.code).toBe(1);
    expect(md.out).toMatch(/^## nc-check diff — ❌ 2 regressions\n/);
    // Read as GitHub would render it: a table row per regression.
    const { document } = parseHTML(new MarkdownIt().render(md.out));
    const rows = [...document.querySelectorAll('table tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent));
    expect(rows).toEqual([
      ['TB22-T3.1', 'inside', 'loss-lower-bound', 'verified → VIOLATED'],
      ['TB22-T3.1', 'inside', 'self-duality', 'worst margin 0.000586 → 0.0586 (×58.6 > ×10)'],
    ]);
  });

  it('exits 0 for two identical runs', async () => {
    const r = await run('diff', `${F}/modes.json`, `${F}/modes.json`);
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(/REGRESSION|WARNING/);
    const md = await run('diff', `${F}/modes.json`, `${F}/modes.json`, '--markdown');
    expect(md.out).toMatch(/^## nc-check diff — ✅ no regressions\n/);
  });

  it('refuses runs made with a different --runs (exit 2), and warns loudly when allowed to compare them', async () => {
    const refused = await run('diff', `${F}/modes.json`, `${F}/more-runs.json`);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/^nc-check: diff: .* were run with different settings \(regimes per mode \(--runs\) 6 vs 12\).*--allow-settings-change/);
    expect(refused.err.trim().split('\n')).toHaveLength(1);
    const allowed = await run('diff', `${F}/modes.json`, `${F}/more-runs.json`, '--allow-settings-change');
    expect(allowed.code).toBe(0);
    expect(allowed.out).toContain('WARNING: the runs differ in regimes per mode (--runs): 6 (baseline) vs 12 (current)');
    const md = await run('diff', `${F}/modes.json`, `${F}/more-runs.json`, '--allow-settings-change', '--markdown');
    expect(md.out).toContain('> [!WARNING]');
    expect(md.err).toContain('WARNING: the runs differ in regimes per mode (--runs) (6 vs 12)');
  });

  it('warns when a theorem definition changed, and counts growth of inconclusive and error entries and time per regime', () => {
    const base = readCoverage(`${F}/modes.json`);
    const t = base.theorems[0];
    const edited: CoverageReport = {
      ...base,
      meta: { ...base.meta, identity: { ...base.meta.identity!, theorems: base.meta.identity!.theorems.map((x) => ({ ...x, hash: 'f00d' })) } },
      theorems: [
        {
          ...t,
          modes: t.modes.map((m, i) =>
            i === 0 ? { ...m, seconds: m.seconds * 5, clauses: m.clauses.map((c, j) => (j === 3 ? { ...c, status: 'inconclusive' as const } : j === 4 ? { ...c, status: 'error' as const } : c)) } : m,
          ),
        },
      ],
    };
    const d = diffCoverage(base, edited);
    expect(d.settings).toEqual([{ setting: 'theorem TB22-T3.1 definition', baseline: `hash ${base.meta.identity!.theorems[0].hash}`, current: 'hash f00d', blocking: false }]);
    expect(d.regressions.filter((r) => r.kind === 'count-growth').map((r) => r.message)).toEqual(['inconclusive entries 0 → 1', 'entries in error 0 → 1']);
    expect(d.counts).toEqual({ inconclusive: [0, 1], errors: [0, 1] });
    expect(d.slower.map((r) => r.message)).toEqual(['time per regime 0.250 s → 1.25 s (×5.00 > ×3)']);
    expect(d.regressions.some((r) => r.kind === 'slower')).toBe(false);
    expect(diffCoverage(base, edited, { ...DEFAULT_DIFF, failOnSlowdown: true }).regressions.some((r) => r.kind === 'slower')).toBe(true);
  });

  it('treats a known-false claim refuted as expected as the expected verdict, whatever its margin', () => {
    const base = readCoverage(`${F}/refuted.json`);
    const bigger: CoverageReport = JSON.parse(readFileSync(`${F}/refuted.json`, 'utf8')) as CoverageReport;
    const c = bigger.theorems[0].modes[0].clauses.find((x) => x.expectedRefutation === true)!;
    (c as { worstMargin?: number }).worstMargin = (c.worstMargin ?? 1) * 1e6;
    const dir = mkdtempSync(join(tmpdir(), 'nc-check-diff-'));
    writeFileSync(join(dir, 'b.json'), JSON.stringify(bigger));
    expect(diffCoverage(base, readCoverage(join(dir, 'b.json'))).regressions).toEqual([]);
  });
});
