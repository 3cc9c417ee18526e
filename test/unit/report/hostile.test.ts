// Hostile strings in a coverage file — a theorem author's title, a clause
// statement, a regime value, a note, a replay command, or a file edited by
// anyone — are text in every view, never markup; and names derived from ids
// never leave the folder they are written to.
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';
import { UsageError } from '../../../src/errors.ts';
import { renderTerminal } from '../../../src/report/terminal.ts';
import { renderHtml } from '../../../src/report/views/html.ts';
import { renderJunit } from '../../../src/report/views/junit.ts';
import { listingPath, renderLcov, theoremListing } from '../../../src/report/views/lcov.ts';
import { renderMarkdown } from '../../../src/report/views/markdown.ts';
import { safeFileName } from '../../../src/report/writer.ts';
import { defineTheorem } from '../../../src/theorem/define.ts';
import tb22T31 from '../../../theorems/tb22-t3-1.ts';
import { run } from '../cli/run.ts';
import { EVIL, FORBIDDEN, hostileReport, INERT, INERT_LINE } from '../../fixtures/hostile.ts';
import { validateJunit } from '../../support/tools.ts';

/** A benign string planted in the same fields: the control for "the structure does not depend on the text". */
const BENIGN = 'plain words';

/** Tag names with their counts, in document order of first appearance. */
function elementCensus(html: string): Record<string, number> {
  const { document } = parseHTML(html);
  const counts: Record<string, number> = {};
  for (const el of document.querySelectorAll('*')) counts[el.tagName.toLowerCase()] = (counts[el.tagName.toLowerCase()] ?? 0) + 1;
  return counts;
}

/** Every token of a Markdown parse, inline children included, in order. */
function allTokens(tokens: readonly Token[]): Token[] {
  return tokens.flatMap((t) => [t, ...allTokens(t.children ?? [])]);
}

/** A CommonMark parser (markdown-it's reference preset) with raw HTML and GFM tables on, as GitHub renders. */
const commonmark = new MarkdownIt('commonmark', { html: true }).enable('table');

describe('hostile strings', () => {
  it('are escaped in the HTML: no element, attribute or script comes from them', () => {
    const html = renderHtml(hostileReport());
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(FORBIDDEN);
    const { document } = parseHTML(html);
    expect(document.querySelectorAll('script, img').length).toBe(0);
    for (const el of document.querySelectorAll('*')) {
      for (const a of el.attributes) expect(a.name.startsWith('on'), a.name).toBe(false);
    }
    // The same elements, in the same numbers, as with a benign string planted: none comes from the text.
    expect(elementCensus(html)).toEqual(elementCensus(renderHtml(hostileReport(BENIGN))));
    for (const a of document.querySelectorAll('a')) expect(a.getAttribute('href')).toMatch(/^#/);
    // …and they read back as the very text that was planted, less its controls, isolated in <bdi>.
    expect(document.querySelector('h2 bdi')!.textContent).toBe(INERT);
    expect(document.querySelector('h2 code')!.textContent).toBe(`T${INERT}`);
    expect(document.querySelector('.theorem-error')!.textContent).toBe(`ERROR: ${INERT}`);
    expect(document.querySelector('.theorem-error bdi')!.textContent).toBe(INERT);
    expect(document.querySelector('details.counterexample pre')!.textContent).toContain(INERT);
    // The overview grid and the contents show the same text, inert.
    expect(document.querySelector('table.overview-grid tbody th .statement bdi')!.textContent).toBe(INERT);
  });

  it('are text in the Markdown: no link, image or raw HTML, no broken table row, no escaped code fence', () => {
    const md = renderMarkdown(hostileReport());
    expect(md).not.toMatch(FORBIDDEN);
    const tokens = allTokens(commonmark.parse(md, {}));
    // CommonMark sees no link, image or inline HTML at all (the report makes none of its own)…
    expect(tokens.filter((t) => ['link_open', 'image', 'html_inline'].includes(t.type)).map((t) => t.content)).toEqual([]);
    // …and its only HTML blocks are the report's own <details> wrappers, holding only details, summary and code.
    const blocks = tokens.filter((t) => t.type === 'html_block');
    expect(blocks.length).toBeGreaterThan(0);
    for (const b of blocks) {
      expect(b.content).toMatch(/^(<details><summary>|<\/details>)/);
      const tags = Object.keys(elementCensus(b.content.replace(/<\/details>\s*$/, '')));
      expect(tags.every((tag) => ['details', 'summary', 'code', 'html', 'head', 'body'].includes(tag)), tags.join()).toBe(true);
    }
    // The document's structure is the one a benign string gives: same tokens but text.
    const shape = (s: string) => allTokens(commonmark.parse(s, {})).map((t) => t.type).filter((t) => t !== 'text');
    expect(shape(md)).toEqual(shape(renderMarkdown(hostileReport(BENIGN))));
    // Rendered, the planted text reads back literally, on one line (runs of spaces are one in Markdown anyway).
    const { document } = parseHTML(`<div>${commonmark.render(md)}</div>`);
    const heading = [...document.querySelectorAll('h3')].find((h) => h.textContent.startsWith('T'))!;
    expect(heading.textContent).toBe(`T${INERT_LINE} — ${INERT_LINE.replace(/ {2,}/g, ' ')}`);
    // Every table row has its six cells (escaped pipes do not count).
    for (const row of md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| |'))) {
      expect(row.replace(/\\\|/g, '').split('|').length - 2, row).toBe(6);
    }
    // The replay command sits in a fence longer than any backtick run inside it.
    const fence = md.split('\n').find((l) => /^`{3,}sh$/.test(l))!;
    expect(fence.length - 2).toBeGreaterThan(3);
    expect(tokens.find((t) => t.type === 'fence' && t.info === 'sh')!.content).toContain(INERT.split(/\r\n|[\r\n\u2028\u2029]/)[0]);
  });

  it('make no link in GitHub-flavoured Markdown either: bare URLs, www. and e-mail addresses are not autolinked', () => {
    // GitHub also links bare https:, www. and e-mail addresses (markdown-it's linkify does the same);
    // the escaped ':' and '.' keep them text.
    const gfm = new MarkdownIt({ html: true, linkify: true });
    const tokens = allTokens(gfm.parse(renderMarkdown(hostileReport()), {}));
    expect(tokens.filter((t) => ['link_open', 'image', 'html_inline'].includes(t.type)).map((t) => t.type)).toEqual([]);
    // The control: linkify is on, and would link the very URL planted, unescaped.
    expect(allTokens(gfm.parse('see https://evil.example/ok', {})).some((t) => t.type === 'link_open')).toBe(true);
  });

  it('keep every lcov line number: a newline in a title does not shift the listing', () => {
    const hostile = hostileReport();
    const benign = hostileReport(BENIGN);
    const lcov = renderLcov(hostile);
    expect(lcov).not.toMatch(FORBIDDEN);
    // FN, DA and BRDA records point at the same lines as with a benign string, and there are as many.
    const lineRecords = (s: string) => s.split('\n').filter((l) => /^(FN|DA|BRDA):/.test(l)).map((l) => l.split(',')[0]);
    expect(lineRecords(lcov)).toEqual(lineRecords(renderLcov(benign)));
    hostile.theorems.forEach((t, i) => {
      const listing = theoremListing(t);
      expect(listing.text).not.toMatch(FORBIDDEN);
      const lines = listing.text.split('\n');
      expect(lines.length).toBe(theoremListing(benign.theorems[i]).text.split('\n').length);
      // Each DA line shows its own clause and each FN line its mode; the header shows the title on its line.
      for (const { line, clause } of listing.clauses) expect(lines[line - 1].startsWith(`  ${clause.id.replace(/\r\n|[\r\n\u2028\u2029\t]/g, ' ').replace(new RegExp(FORBIDDEN.source, 'g'), '')} [`)).toBe(true);
      for (const { line, mode } of listing.modes) expect(lines[line - 1]).toMatch(new RegExp(`^mode ${mode.mode}:`));
      expect(lines[0]).toBe(`# ${t.id === 'BROKEN' ? 'BROKEN' : `T${INERT_LINE}`} — ${INERT_LINE}`);
    });
    // A broken theorem's single missed line (DA:4) is its error.
    expect(theoremListing(hostile.theorems[1]).text.split('\n')[3]).toBe(`ERROR, could not be run: ${INERT_LINE}`);
  });

  it('reach the terminal without escape sequences, bidi controls or carriage returns', () => {
    const text = renderTerminal(hostileReport());
    expect(text).not.toMatch(FORBIDDEN);
    expect(text).not.toContain('\r');
    expect(text).toContain('[Verified ✅](https://evil.example/ok)');
  });

  it('leave the JUnit XML well formed and valid, without controls', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nc-check-hostile-'));
    const xml = renderJunit(hostileReport());
    expect(xml).not.toMatch(FORBIDDEN);
    writeFileSync(join(dir, 'j.xml'), xml);
    const r = await validateJunit(join(dir, 'j.xml'));
    expect(r.valid, r.errors).toBe(true);
    const { document } = parseHTML(xml.replace(/^<\?xml[^>]*>/, ''));
    expect(document.querySelector('testcase > failure')!.textContent).toContain('[Verified ✅](https://evil.example/ok)');
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
