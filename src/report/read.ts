// Reading a canonical coverage file back (for `report`, `diff`, `merge`,
// `--resume`): every view starts from this, never from a run. Unknown schema
// versions are rejected with a message naming the file and the versions this
// build reads; a malformed document, with the path of its first bad field.
import { readFileSync } from 'node:fs';
import { UsageError } from '../errors.ts';
import { SCHEMA_VERSION, type CoverageReport } from './schema.ts';
import { coverageProblem } from './validate.ts';

export function parseCoverage(text: string, source: string): CoverageReport {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${source}: not valid JSON (${e instanceof Error ? e.message : String(e)}); expected a theorem-coverage.json written by nc-check verify`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new UsageError(`${source}: expected a theorem-coverage.json object, got ${Array.isArray(doc) ? 'an array' : typeof doc}`);
  }
  const version = (doc as { schemaVersion?: unknown }).schemaVersion;
  if (version !== SCHEMA_VERSION) {
    throw new UsageError(
      `${source}: schemaVersion ${JSON.stringify(version)} is not supported; this nc-check reads schemaVersion ${SCHEMA_VERSION} (re-run verify, or use the nc-check that wrote it)`,
    );
  }
  const d = doc as Partial<CoverageReport>;
  if (!Array.isArray(d.theorems) || typeof d.summary !== 'object' || typeof d.meta !== 'object') {
    throw new UsageError(`${source}: missing theorems, summary or meta; expected a theorem-coverage.json written by nc-check verify`);
  }
  const problem = coverageProblem(doc);
  if (problem !== undefined) throw new UsageError(`${source}: not a well-formed theorem-coverage.json (${problem.replace(/\s+/g, ' ')})`);
  const report = doc as CoverageReport;
  // Revisions before 3 had no refutation fixtures: none of their entries was refuted as expected.
  return { ...report, summary: { ...report.summary, refuted: report.summary.refuted ?? 0 } };
}

export function readCoverage(file: string): CoverageReport {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`${file}: cannot read (${code === 'ENOENT' ? 'no such file' : (code ?? String(e))}); expected the path of a theorem-coverage.json`);
  }
  return parseCoverage(text, file);
}
