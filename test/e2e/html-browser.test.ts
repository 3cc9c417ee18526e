// The HTML report in a real browser: headless Chromium (Debian's `chromium`
// where installed — .ci/run installs it —, else the one shipped in the npm
// package @sparticuz/chromium; see test/support/chromium.ts) driven by
// playwright-core, loading the file a verify
// run wrote. Asserts that every plot rendered with a non-empty box, that the
// phase diagram has its regimes and threshold line, and that the page logged
// no console error; saves screenshots under reports/ for a person to look at.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { readCoverage } from '../../src/report/read.ts';
import { renderHtml } from '../../src/report/views/html.ts';
import { hostileReport, INERT } from '../fixtures/hostile.ts';
import { launchChromium } from '../support/chromium.ts';

const quiet = { out: () => undefined, err: () => undefined, isTty: false };

describe('the HTML report in headless Chromium', () => {
  let browser: BrowserContext;
  let profile: string;
  let out: string;

  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'nc-check-html-'));
    // A real run: inside, near and outside the hypothesis, so the diagram shows every verdict and the threshold.
    await main(['verify', 'TB22-T3.1', '--mode', 'all', '--runs', '8', '--restarts', '1', '--seed', '4', '--out', out, '--no-db'], quiet);
    profile = mkdtempSync(join(tmpdir(), 'nc-check-chromium-'));
    // A fresh profile (playwright passes it as --user-data-dir).
    ({ browser } = await launchChromium(profile, { width: 1100, height: 1400 }));
  });

  afterAll(async () => {
    await browser?.close();
    if (profile !== undefined) rmSync(profile, { recursive: true, force: true });
  });

  it('renders the phase diagram with its threshold, the histograms and the traces, without console errors', async () => {
    const errors: string[] = [];
    const page = await browser.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    const requests: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) requests.push(r.url());
    });
    await page.goto(pathToFileURL(join(out, 'theorem-coverage.html')).href, { waitUntil: 'load' });
    // The overview as a reader first sees it: the grid, the contents with statuses, every section collapsed.
    mkdirSync('reports', { recursive: true });
    await expect(page.locator('table.overview-grid tbody tr').count()).resolves.toBe(1);
    expect((await page.locator('table.overview-grid').boundingBox())?.height).toBeGreaterThan(40);
    await expect(page.locator('figure.phase-diagram').first().isVisible()).resolves.toBe(false);
    await page.screenshot({ path: resolve('reports', 'theorem-coverage-overview.png'), fullPage: false });
    // A click on the theorem's summary opens its section.
    await page.locator('details.theorem > summary').first().click();

    const report = readCoverage(join(out, 'theorem-coverage.json'));
    const points = report.theorems[0].modes[0].points?.length ?? 0;
    const diagram = page.locator('figure.phase-diagram').first();
    await expect(diagram.locator('g.nc-regime > *').count()).resolves.toBe(points);
    const box = await diagram.locator('g.nc-regime').boundingBox();
    expect(box?.width).toBeGreaterThan(100);
    expect(box?.height).toBeGreaterThan(100);
    const threshold = await diagram.locator('g.nc-threshold line').boundingBox();
    expect(threshold?.width).toBeGreaterThan(200);
    // One diagram per mode, every recorded regime of each drawn.
    const perMode = report.theorems[0].modes.filter((m) => (m.points?.length ?? 0) > 0);
    await expect(page.locator('figure.phase-diagram').count()).resolves.toBe(perMode.length);
    for (const [i, m] of perMode.entries()) await expect(page.locator('figure.phase-diagram').nth(i).locator('g.nc-regime > *').count()).resolves.toBe(m.points!.length);
    await expect(diagram.locator('g.nc-threshold-label text').textContent()).resolves.toContain('c = sqrt(λ_W λ_H) = 1');
    // The run produced passes and violations (the colour scale's two sides).
    const verdicts = new Set(report.theorems[0].modes.flatMap((m) => (m.points ?? []).map((p) => p.verdict)));
    expect(verdicts.has('pass') && verdicts.has('violated')).toBe(true);

    const bars = page.locator('figure.margin-histogram g.nc-margin-bar rect');
    expect(await bars.count()).toBeGreaterThan(0);
    expect((await bars.first().boundingBox())?.height).toBeGreaterThan(0);
    const traces = page.locator('figure.convergence-trace g.nc-trace path');
    expect(await traces.count()).toBeGreaterThan(0);
    expect((await traces.first().boundingBox())?.width).toBeGreaterThan(50);

    await page.screenshot({ path: resolve('reports', 'theorem-coverage.png'), fullPage: false });
    await page.locator('.phase-row').first().screenshot({ path: resolve('reports', 'phase-diagram.png') });
    await page.locator('details.counterexample').first().screenshot({ path: resolve('reports', 'counterexample.png') });
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });

  it('keeps a long threshold label inside the frame of every phase diagram, whatever side of the data the line is on', async () => {
    // The same run with DTO+23's long threshold name (the label used to run out past the left frame).
    const doc = readCoverage(join(out, 'theorem-coverage.json'));
    const name = 'N sqrt(λ_W λ_H) = sqrt(n_k) for some class k (minority vanishing)';
    const t = doc.theorems[0];
    const long = { ...doc, theorems: [{ ...t, phase: { ...t.phase!, y: t.phase!.y.map((a) => ({ ...a, label: name, threshold: { ...a.threshold!, name } })) } }] };
    const html = join(out, 'long-threshold.html');
    writeFileSync(html, renderHtml(long));
    const page = await browser.newPage();
    await page.goto(pathToFileURL(html).href, { waitUntil: 'load' });
    await page.locator('details.theorem > summary').first().click();
    const diagrams = page.locator('figure.phase-diagram');
    expect(await diagrams.count()).toBeGreaterThan(1);
    for (const diagram of await diagrams.all()) {
      const label = diagram.locator('g.nc-threshold-label text');
      // Wrapped to the frame's width: one tspan per line, the words all there.
      expect((await label.textContent())!.replace(/\s/g, '')).toBe(`threshold ${name}`.replace(/\s/g, ''));
      // Both boxes from one layout: measured one after the other, a reflow in between (the page's
      // scrollbar appearing as the section opens rescales the SVG) made them disagree under load.
      const [frame, box] = await diagram.evaluate((figure) =>
        ['g[aria-label="frame"] rect, rect[aria-label="frame"]', 'g.nc-threshold-label text'].map((selector) => {
          const r = figure.querySelector(selector)!.getBoundingClientRect();
          return { x: r.x, y: r.y, width: r.width, height: r.height };
        }),
      );
      expect(box.x).toBeGreaterThanOrEqual(frame.x);
      expect(box.x + box.width).toBeLessThanOrEqual(frame.x + frame.width + 1);
      expect(box.y).toBeGreaterThanOrEqual(frame.y - 1);
      expect(box.y + box.height).toBeLessThanOrEqual(frame.y + frame.height + 1);
    }
    await page.locator('.phase-row').first().screenshot({ path: resolve('reports', 'phase-diagram-long-threshold.png') });
    await page.close();
  });

  it('renders the empirical claims: NC metrics per layer against epochs, rank against weight decay, effect strips', async () => {
    // The committed empirical fixture (a real small run, see test/README.md) through `report`, as a user would view it.
    const html = join(out, 'empirical.html');
    await expect(main(['report', 'test/fixtures/results/empirical.json', '--format', 'html', '--out', html], quiet)).resolves.toBe(0);
    const errors: string[] = [];
    const page = await browser.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(pathToFileURL(html).href, { waitUntil: 'load' });
    // Sections are collapsed by default: open each, as a reader clicks its title.
    for (const summary of await page.locator('details.theorem > summary').all()) await summary.click();

    const report = readCoverage('test/fixtures/results/empirical.json');
    const claims = report.theorems.filter((t) => t.kind === 'empirical');
    expect(claims.length).toBeGreaterThan(0);
    // The plots' own SVGs (those holding the curves), not the legend's 15-pixel colour swatches.
    const curves = page.locator('figure.layer-curves svg:has(g.nc-layer-curve)');
    expect(await curves.count()).toBeGreaterThanOrEqual(claims.length);
    for (const figure of await curves.all()) {
      const box = await figure.boundingBox();
      expect(box?.width).toBeGreaterThan(100);
      expect(box?.height).toBeGreaterThan(100);
      const line = figure.locator('g.nc-layer-curve path').first();
      expect((await line.boundingBox())?.width).toBeGreaterThan(10);
    }
    const sweep = page.locator('figure.rank-sweep g.nc-rank-sweep > *');
    expect(await sweep.count()).toBeGreaterThan(0);
    expect((await page.locator('figure.rank-sweep svg:has(g.nc-rank-sweep)').first().boundingBox())?.height).toBeGreaterThan(100);
    expect(await page.locator('figure.effect-strip g.nc-effect circle').count()).toBeGreaterThan(0);

    await page.locator('figure.layer-curves').first().screenshot({ path: resolve('reports', 'empirical-layer-curves.png') });
    await page.locator('figure.rank-sweep').first().screenshot({ path: resolve('reports', 'empirical-rank-sweep.png') });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows hostile titles, citations and ids as inert literal text: no script, no request, no reversed report text', async () => {
    const html = join(out, 'hostile.html');
    writeFileSync(html, renderHtml(hostileReport()));
    const page = await browser.newPage();
    const events: string[] = [];
    page.on('dialog', (d) => {
      events.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    page.on('pageerror', (e) => events.push(`error: ${e.message}`));
    page.on('request', (r) => {
      if (r.url() !== pathToFileURL(html).href) events.push(`request: ${r.url()}`);
    });
    await page.goto(pathToFileURL(html).href, { waitUntil: 'load' });
    expect(await page.locator('script, img, b:text-is("bold")').count()).toBe(0);
    // The planted strings read back literally (controls removed; HTML parsing makes CR LF one LF), in the title and error.
    const literal = INERT.replace(/\r\n?/g, '\n');
    // Sections are collapsed: open them, as a reader would, so their text is laid out.
    for (const summary of await page.locator('details.theorem > summary').all()) await summary.click();
    await expect(page.locator('details.theorem h2 bdi').first().textContent()).resolves.toBe(literal);
    await expect(page.locator('.theorem-error').textContent()).resolves.toBe(`ERROR: ${literal}`);
    // The citation ended in an unterminated right-to-left override: the report's own words after it
    // ("model", then the model's name) still run left to right on screen, as does the planted text.
    // Run in the page (a string: the test's TypeScript has no DOM types): the left edge of each
    // character of a word, from the last text node of the paragraph that holds it.
    const xs = (await page.evaluate(`(() => {
      const p = [...document.querySelectorAll('details.theorem > p')].find((e) => e.textContent.includes(' · model '));
      const texts = [];
      const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
      while (walker.nextNode()) texts.push(walker.currentNode);
      const advance = (word) => {
        const node = texts.filter((t) => t.textContent.includes(word)).pop();
        const at = node.textContent.lastIndexOf(word);
        return [...word].map((_, i) => {
          const range = document.createRange();
          range.setStart(node, at + i);
          range.setEnd(node, at + i + 1);
          return range.getBoundingClientRect().left;
        });
      };
      return { model: advance(' · model').slice(3), planted: advance('esrever') };
    })()`)) as { model: number[]; planted: number[] };
    for (const run of [xs.model, xs.planted]) {
      expect(run.length).toBeGreaterThan(4);
      for (let i = 1; i < run.length; i++) expect(run[i], JSON.stringify(run)).toBeGreaterThan(run[i - 1]);
    }
    expect(events).toEqual([]);
    await page.close();
  });
});
