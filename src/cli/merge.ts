// `nc-check merge <shard folders…> --out DIR`: recombines the shards of a
// sharded sweep into one result folder — theorem-coverage.json, the merged
// journal, counterexample solutions and every view — equal to the unsharded
// run's for the same seed. Refuses (exit 2) shards of different runs, a shard
// given twice, missing or unfinished shards, naming them. Exit code as for
// verify: 1 when the merged result has a violation inside a hypothesis.
import { join } from 'node:path';
import { checkShards, mergeShards } from '../report/merge.ts';
import { parseCoverage } from '../report/read.ts';
import { renderTerminal } from '../report/terminal.ts';
import { DEFAULT_VIEWS, VIEWS } from '../report/views/index.ts';
import { COVERAGE_FILE, REGIMES_FILE, toJson, writeFileIn } from '../report/writer.ts';
import type { Io } from './io.ts';
import { shellCommand, writeViews } from './verify.ts';

export function mergeCommand(paths: readonly string[], o: { out: string; json?: boolean }, io: Io, argv: readonly string[]): number {
  const shards = checkShards(paths);
  io.err(`merge: ${shards.length} shard(s) of one run (${shards[0].report.meta.identity!.fingerprint})\n`);
  const report = mergeShards(shards, o.out, shellCommand(argv));
  const text = `${toJson(report, 2)}\n`;
  writeFileIn(o.out, COVERAGE_FILE, text);
  const written = parseCoverage(text, join(o.out, COVERAGE_FILE));
  writeViews({ file: (name, content) => writeFileIn(o.out, name, content) }, written);
  io.out(o.json === true ? text : renderTerminal(written));
  io.err(`results: ${join(o.out, COVERAGE_FILE)} (merged records in ${join(o.out, REGIMES_FILE)})\n`);
  io.err(`views: ${DEFAULT_VIEWS.map((v) => join(o.out, VIEWS[v].file)).join(', ')}\n`);
  return written.summary.failed > 0 ? 1 : 0;
}
