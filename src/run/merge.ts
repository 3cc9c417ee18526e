// Recombining a sharded sweep: the shard folders' coverage files, journals and
// counterexample solutions become one results folder, equal to the unsharded
// run's for the same seed (see report/merge.ts). Refuses shards of different
// runs, a shard given twice, missing or unfinished shards, naming them.
import { join } from 'node:path';
import { silentIo, type Io } from '../io.ts';
import { checkShards, mergeShards } from '../report/merge.ts';
import { parseCoverage } from '../report/read.ts';
import type { CoverageReport } from '../report/schema.ts';
import { writeViews } from '../report/views/write.ts';
import { COVERAGE_FILE, toJson, writeFileIn } from '../report/writer.ts';
import { shellCommand } from './meta.ts';

/** Merges the shards into `out`; returns the merged document as written (and its JSON text). */
export function merge(paths: readonly string[], out: string, options: { argv?: readonly string[]; io?: Io } = {}): { report: CoverageReport; text: string } {
  const shards = checkShards(paths);
  (options.io ?? silentIo).err(`merge: ${shards.length} shard(s) of one run (${shards[0].report.meta.identity!.fingerprint})\n`);
  const report = mergeShards(shards, out, shellCommand(options.argv ?? []));
  const text = `${toJson(report, 2)}\n`;
  writeFileIn(out, COVERAGE_FILE, text);
  const written = parseCoverage(text, join(out, COVERAGE_FILE));
  writeViews({ file: (name, content) => writeFileIn(out, name, content) }, written);
  return { report: written, text };
}
