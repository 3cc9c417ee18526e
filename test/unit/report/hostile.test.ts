// Hostile strings in a coverage file — a theorem author's title, a clause
// statement, a regime value, a note, a replay command, or a file edited by
// anyone — are text in every view, never markup; and names derived from ids
// never leave the folder they are written to.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.ts';
import type { Regime } from '../../../src/regime/regime.ts';
import { readCoverage } from '../../../src/report/read.ts';
import type { CoverageReport } from '../../../src/report/schema.ts';
import { renderHtml } from '../../../src/report/views/html.ts';
import { renderJunit } from '../../../src/report/views/junit.ts';
import { listingPath } from '../../../src/report/views/lcov.ts';
import { renderMarkdown } from '../../../src/report/views/markdown.ts';
import { safeFileName } from '../../../src/report/writer.ts';
import { defineTheorem } from '../../../src/theorem/define.ts';
import tb22T31 from '../../../theorems/tb22-t3-1.ts';
import { run } from '../cli/run.ts';

const EVIL = `<script>alert("x")</script><img src=x onerror=alert(1)> ' " & ]]> \`\`\` | |\n# heading`;

/** The failing fixture with EVIL planted in every user-provided string a view prints. */
function hostileReport(): CoverageReport {
  const doc = readCoverage('test/fixtures/results/failing.json');
  const t = doc.theorems[0];
  const m = t.modes[0];
  const violated = m.clauses.findIndex((c) => c.counterexample !== undefined);
  return {
    ...doc,
    meta: { ...doc.meta, command: EVIL, commit: EVIL },
    theorems: [
      {
        ...t,
        id: `T${EVIL}`,
        title: EVIL,
        citation: EVIL,
        hypothesis: EVIL,
        normalization: EVIL,
        nonClaims: [{ statement: EVIL, reason: EVIL }],
        provenance: { ...t.provenance, label: EVIL },
        modes: [
          {
            ...m,
            clauses: m.clauses.map((c, i) => ({
              ...c,
              id: `c${i}${EVIL}`,
              statement: EVIL,
              note: EVIL,
              counterexample: i === violated ? { ...c.counterexample!, reason: EVIL, replay: EVIL, regime: { K: EVIL } as unknown as Regime, caseId: EVIL } : c.counterexample,
            })),
          },
          ...t.modes.slice(1),
        ],
      },
      { ...t, id: 'BROKEN', modes: [], error: EVIL },
    ],
  };
}

describe('hostile strings', () => {
  it('are escaped in the HTML: no element, attribute or script comes from them', () => {
    const html = renderHtml(hostileReport());
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    const { document } = parseHTML(html);
    expect(document.querySelectorAll('script, img').length).toBe(0);
    for (const el of document.querySelectorAll('*')) {
      for (const a of el.attributes) expect(a.name.startsWith('on'), a.name).toBe(false);
    }
    // …and they read back as the very text that was planted.
    expect(document.querySelector('details.theorem h2')!.textContent).toContain('<script>alert("x")</script>');
    expect(document.querySelector('table.overview-grid tbody th')!.textContent).toContain('<script>alert("x")</script>');
    expect(document.querySelector('.theorem-error')!.textContent).toContain(EVIL.split('\n')[0]);
  });

  it('are text in the Markdown: no raw HTML, no broken table row, no escaped code fence', () => {
    const md = renderMarkdown(hostileReport());
    // Inside code spans and fenced blocks Markdown shows text verbatim; everywhere else no tag may survive.
    const outsideCode = md.replace(/^(`{3,})[^\n]*\n[\s\S]*?^\1$/gm, '').replace(/(`+)[\s\S]*?\1/g, '');
    expect(outsideCode).not.toMatch(/<script|<img/i);
    expect(md).toContain('&lt;script>');
    // Our own markup is the only HTML: one <details> per counterexample.
    expect(md.match(/<details>/g)?.length).toBe(md.match(/<\/details>/g)?.length);
    // Every table row has its six cells (escaped pipes do not count).
    for (const row of md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| |'))) {
      expect(row.replace(/\\\|/g, '').split('|').length - 2, row).toBe(6);
    }
    // The replay command sits in a fence longer than any backtick run inside it.
    const fence = md.split('\n').find((l) => /^`{3,}sh$/.test(l))!;
    expect(fence.length - 2).toBeGreaterThan(3);
    // A heading planted in a title stays inside its line (within a fenced block it is code).
    expect(outsideCode.split('\n').filter((l) => l.startsWith('# heading'))).toEqual([]);
  });

  it('leave the JUnit XML well formed and valid', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nc-check-hostile-'));
    writeFileSync(join(dir, 'j.xml'), renderJunit(hostileReport()));
    const r = spawnSync('xmllint', ['--noout', '--schema', 'test/fixtures/junit/junit.xsd', join(dir, 'j.xml')], { encoding: 'utf8' });
    expect(r.error).toBeUndefined();
    expect(r.status, r.stderr).toBe(0);
  });
});

describe('file names from ids', () => {
  it('cannot climb out of their folder', () => {
    for (const id of ['..', '../../etc/passwd', '/etc/passwd', 'a/../../b', '.hidden', 'C:\\x', '\u0000', '']) {
      const name = safeFileName(id, 'inside', '../c');
      expect(name).not.toMatch(/[/\\]/);
      expect(name.startsWith('.')).toBe(false);
      const listing = listingPath({ id } as never);
      expect(relative('theorem-listings', listing)).toBe(listing.slice('theorem-listings/'.length));
      expect(listing.slice('theorem-listings/'.length)).not.toMatch(/[/\\]|^\./);
    }
  });

  it('are refused at definition time when an id could name a path', () => {
    for (const id of ['../x', 'a/b', '.', '..', '', 'a b', '<x>']) {
      expect(() => defineTheorem({ ...tb22T31, id } as never)).toThrow(UsageError);
    }
  });

  it('keep report --format lcov inside its output folder whatever the ids in the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nc-check-hostile-'));
    const doc = hostileReport();
    const file = join(dir, 'in.json');
    writeFileSync(file, JSON.stringify({ ...doc, theorems: doc.theorems.map((t, i) => ({ ...t, id: ['../../../escape', '/abs/olute'][i] })) }));
    const out = join(dir, 'out');
    const r = await run('report', file, '--format', 'lcov', '--out', join(out, 'lcov.info'));
    expect(r.code, r.err).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['in.json', 'out']);
    expect(readdirSync(join(out, 'theorem-listings')).every((n) => !n.startsWith('.'))).toBe(true);
  });
});
