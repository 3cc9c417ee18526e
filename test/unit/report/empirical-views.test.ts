// Every view of a coverage file holding empirical claims (the committed
// fixture test/fixtures/results/empirical.json, a real small run regenerated
// by make-empirical-fixture.ts): snapshots per format, the JUnit schema, genhtml,
// and the HTML's plots — NC metrics per layer against epochs, rank against
// weight decay, and each clause's per-seed effects with its interval.
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { readCoverage } from '../../../src/report/read.ts';
import { VIEWS } from '../../../src/report/views/index.ts';
import { viewFiles } from '../../../src/report/views/write.ts';
import { GENHTML, genhtml, skipNotice, validateJunit } from '../../support/tools.ts';

const report = readCoverage('test/fixtures/results/empirical.json');
const clauses = report.theorems.flatMap((t) => t.modes.flatMap((m) => m.clauses));
const tmp = () => mkdtempSync(join(tmpdir(), 'nc-check-empirical-views-'));


describe('views of the empirical fixture', () => {
  it('is a real run: claims with 6 seeds, statistics on every clause, more than one verdict', () => {
    expect(report.theorems.every((t) => t.kind === 'empirical' && t.empirical!.seeds.length === 6)).toBe(true);
    expect(clauses.every((c) => c.kind === 'empirical' && c.statistic?.seeds === 6)).toBe(true);
    expect(new Set(clauses.map((c) => c.status)).size).toBeGreaterThan(1);
  });

  it.each(['junit', 'md', 'lcov', 'json-summary', 'text'] as const)('%s matches its snapshot', async (view) => {
    const ext = { junit: 'xml', md: 'md', lcov: 'info', 'json-summary': 'json', text: 'txt' }[view];
    await expect(VIEWS[view].render(report)).toMatchFileSnapshot(`__snapshots__/views/empirical.${ext}`);
  });

  it('JUnit validates against the schema; each testcase carries its statistic and seeds', async () => {
    const file = join(tmp(), 'junit.xml');
    const xml = VIEWS.junit.render(report);
    writeFileSync(file, xml);
    const result = await validateJunit(file);
    expect(result.valid, result.errors).toBe(true);
    const { document } = parseHTML(xml.replace(/^<\?xml[^>]*>/, ''));
    expect(document.querySelectorAll('testcase').length).toBe(clauses.length);
    expect(document.querySelectorAll('testcase > failure').length).toBe(report.summary.failed - report.summary.errors);
    expect(document.querySelectorAll('testcase > skipped').length).toBe(report.summary.skipped);
    for (const out of document.querySelectorAll('testcase > system-out')) expect(out.textContent).toMatch(/sign test p = .*6 seeds|of 6 seeds|did not count/);
    const props = [...document.querySelectorAll('property')].map((p) => p.getAttribute('name'));
    expect(props).toContain('seeds');
    expect(props.filter((n) => n?.endsWith('.statistic')).length).toBe(clauses.length);
  });

  it('lcov is accepted by genhtml', (ctx) => {
    const dir = tmp();
    for (const f of viewFiles(report, 'lcov')) {
      mkdirSync(dirname(join(dir, f.name)), { recursive: true });
      writeFileSync(join(dir, f.name), f.content);
    }
    // genhtml exists only as Debian's lcov: skipped with a NOTICE where absent (required under CI).
    const run = genhtml(dir, 'html');
    if (run === undefined) return ctx.skip(skipNotice(GENHTML));
    expect(run.status, run.stderr).toBe(0);
    expect(existsSync(join(dir, 'html', 'index.html'))).toBe(true);
  });

  it('HTML: per-layer curves, the rank sweep, effect strips with intervals, provenance labels, no script', () => {
    const html = VIEWS.html.render(report);
    expect(html).not.toMatch(/<script|<link|https?:\/\/(?!www\.w3\.org)/);
    const { document } = parseHTML(html);
    expect(document.querySelectorAll('figure.layer-curves g.nc-layer-curve path').length).toBeGreaterThan(0);
    expect(document.querySelectorAll('figure.rank-sweep g.nc-rank-sweep > *').length).toBeGreaterThan(0);
    const strips = document.querySelectorAll('figure.effect-strip');
    expect(strips.length).toBe(clauses.filter((c) => c.statistic!.perSeed.some((v) => v !== null)).length);
    expect(document.querySelectorAll('figure.effect-strip g.nc-effect-interval').length).toBe(clauses.filter((c) => c.statistic!.interval !== undefined).length);
    expect(document.querySelectorAll('table.experiments').length).toBe(report.theorems.length);
    expect(html).toContain('[empirical: XRLGP23');
    expect(html).toContain('[unverified: recalled statement, confirm against the paper]');
    expect(html).not.toContain('No regime points');
  });
});
