// Which file each view goes to and which files `verify` writes (the table in
// docs/reports-and-ci.md), and the companion files of the coverage views: the theorem
// listings that lcov's SF lines name, written beside the tracefile.
import { describe, expect, it } from 'vitest';
import { readCoverage } from '../../../src/report/read.ts';
import { DEFAULT_VIEWS, VIEW_NAMES, VIEWS } from '../../../src/report/views/index.ts';
import { listingPath } from '../../../src/report/views/lcov.ts';
import { viewFiles, writeViews } from '../../../src/report/views/write.ts';

const report = readCoverage('test/fixtures/results/failing.json');
// A function, not a value computed at collection (code run at collection is "static" for mutation testing).
const listings = (): string[] => report.theorems.map(listingPath);

describe('views and their files', () => {
  it('name the file of each format as docs/reports-and-ci.md lists it, each with a description', () => {
    expect(Object.fromEntries(VIEW_NAMES.map((v) => [v, VIEWS[v].file]))).toEqual({
      html: 'theorem-coverage.html',
      junit: 'theorem-coverage.junit.xml',
      md: 'theorem-coverage.md',
      lcov: 'lcov.info',
      'json-summary': 'coverage-summary.json',
      json: 'theorem-coverage.json',
      text: 'theorem-coverage.txt',
      csv: 'theorem-coverage.csv',
      latex: 'theorem-coverage.tex',
    });
    for (const v of VIEW_NAMES) expect(VIEWS[v].description.length, v).toBeGreaterThan(10);
    expect(new Set(VIEW_NAMES.map((v) => VIEWS[v].description)).size).toBe(VIEW_NAMES.length);
    expect(DEFAULT_VIEWS).toEqual(['html', 'junit', 'md', 'lcov', 'json-summary']);
  });

  it('the json view is the canonical document itself, indented, with a final newline', () => {
    const text = VIEWS.json.render(report);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')[1]).toMatch(/^ {2}"/);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(report)));
  });

  it('lcov and json-summary bring one listing per theorem; the other views are one file', () => {
    expect(listings().length).toBeGreaterThan(0);
    for (const v of ['lcov', 'json-summary'] as const) expect(viewFiles(report, v).map((f) => f.name)).toEqual([VIEWS[v].file, ...listings()]);
    for (const v of ['md', 'junit', 'text', 'csv'] as const) expect(viewFiles(report, v).map((f) => f.name)).toEqual([VIEWS[v].file]);
    expect(viewFiles(report, 'md', 'summary.md')[0]).toEqual({ name: 'summary.md', content: VIEWS.md.render(report) });
    const lcov = viewFiles(report, 'lcov');
    for (const f of lcov.slice(1)) expect(lcov[0].content).toContain(`SF:${f.name}`);
  });

  it('verify writes every default view and the listings once per coverage view', () => {
    const written: string[] = [];
    writeViews({ file: (name) => written.push(name) }, report);
    expect(written).toEqual(['theorem-coverage.html', 'theorem-coverage.junit.xml', 'theorem-coverage.md', 'lcov.info', ...listings(), 'coverage-summary.json', ...listings()]);
  });
});
