// `nc-check report <theorem-coverage.json> --format F [--out FILE]`: renders any
// view again from the canonical file alone — no theorem code, no training.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UsageError } from '../errors.ts';
import { readCoverage } from '../report/read.ts';
import { VIEW_NAMES, VIEWS, type ViewName } from '../report/views/index.ts';
import { viewFiles } from '../report/views/write.ts';
import { fsReason, makeDirs } from '../report/writer.ts';
import type { Io } from '../io.ts';

export function parseFormat(value: string): ViewName {
  if (!(VIEW_NAMES as readonly string[]).includes(value)) throw new UsageError(`--format: expected one of ${VIEW_NAMES.join(', ')}, got ${JSON.stringify(value)}`);
  return value as ViewName;
}

export function reportCommand(file: string, options: { format: ViewName; out?: string }, io: Io): number {
  const report = readCoverage(file);
  if (options.out === undefined) {
    io.out(VIEWS[options.format].render(report));
    return 0;
  }
  const base = dirname(options.out);
  const files = viewFiles(report, options.format, options.out.slice(base.length).replace(/^[/\\]/, ''));
  for (const f of files) {
    try {
      makeDirs(dirname(join(base, f.name)));
      writeFileSync(join(base, f.name), f.content);
    } catch (e) {
      throw new UsageError(`--out ${options.out}: cannot write ${join(base, f.name)} (${fsReason(e)})`);
    }
  }
  io.err(`${options.format}: ${files.map((f) => join(base, f.name)).join(', ')}\n`);
  return 0;
}
