// `nc-check measure` as a run: measure imported networks
// (src/empirical/given-run.ts), wrap the verdicts in a coverage document, and
// write measurements.json, theorem-coverage.json and its views into a folder.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.ts';
import { measureGivenNetworks, type GivenNetworkOptions, type MeasurementDocument } from '../empirical/given-run.ts';
import type { GivenRunInput } from '../measure/given-features.ts';
import { coverageReport } from '../report/coverage.ts';
import type { CoverageReport, RunMeta } from '../report/schema.ts';
import { viewFiles } from '../report/views/write.ts';
import { toJson } from '../report/writer.ts';
import { packageVersion, shellCommand } from './meta.ts';

export interface MeasureRun {
  readonly report: CoverageReport;
  readonly document: MeasurementDocument;
}

export async function measureNetworks(inputs: readonly GivenRunInput[], o: GivenNetworkOptions, argv: readonly string[] = []): Promise<MeasureRun> {
  const startedAt = new Date().toISOString();
  const result = await measureGivenNetworks(inputs, o);
  const meta: RunMeta = {
    tool: 'nc-check',
    version: packageVersion(),
    node: process.version,
    backend: 'imported',
    dtype: 'float64',
    seed: o.seed,
    runs: result.runs.length,
    modes: ['inside'],
    train: { optimizer: 'none (imported network)', restarts: 0, gradientTolerance: 0, maxIterations: 0, initScale: 0 },
    command: shellCommand(argv),
    startedAt,
    finishedAt: new Date().toISOString(),
  };
  return { report: coverageReport(meta, [result.entry]), document: result.document };
}

/** Writes the results folder; a folder that cannot be written is a UsageError naming it. */
export function writeMeasureRun(out: string, run: MeasureRun): string[] {
  const written: string[] = [];
  const put = (name: string, content: string): void => {
    writeFileSync(join(out, name), content);
    written.push(join(out, name));
  };
  try {
    mkdirSync(out, { recursive: true });
    put('measurements.json', `${toJson(run.document, 2)}\n`);
    put('theorem-coverage.json', `${toJson(run.report, 2)}\n`);
    for (const view of ['html', 'junit', 'md'] as const) for (const f of viewFiles(run.report, view)) put(f.name, f.content);
  } catch (e) {
    throw new UsageError(`--out ${out}: cannot write the results (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  return written;
}
