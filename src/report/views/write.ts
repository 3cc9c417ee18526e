// Writing views to disk: the file a view goes to, plus the companion files some
// views point at (lcov's theorem listings, which genhtml opens as sources).
import type { CoverageReport } from '../schema.ts';
import { DEFAULT_VIEWS, VIEWS, type ViewName } from './index.ts';
import { theoremListing } from './lcov.ts';

export interface ViewFile {
  readonly name: string;
  readonly content: string;
}

/** The files a view consists of, named relative to the folder its main file goes in. */
export function viewFiles(report: CoverageReport, view: ViewName, name: string = VIEWS[view].file): ViewFile[] {
  const files: ViewFile[] = [{ name, content: VIEWS[view].render(report) }];
  if (view === 'lcov' || view === 'json-summary') {
    for (const t of report.theorems) {
      const listing = theoremListing(t);
      files.push({ name: listing.path, content: listing.text });
    }
  }
  return files;
}

/** Writes every default view beside theorem-coverage.json. */
export function writeViews(writer: { file(name: string, content: string): void }, report: CoverageReport): void {
  for (const view of DEFAULT_VIEWS) for (const f of viewFiles(report, view)) writer.file(f.name, f.content);
}
