// `nc-check merge <shard folders…> --out DIR`: recombines the shards of a
// sharded sweep into one result folder (src/run/merge.ts) and prints it. Exit
// code as for verify: 1 when the merged result has a violation inside a hypothesis.
import { join } from 'node:path';
import type { Io } from '../io.ts';
import { renderTerminal } from '../report/terminal.ts';
import { DEFAULT_VIEWS, VIEWS } from '../report/views/index.ts';
import { COVERAGE_FILE, REGIMES_FILE } from '../report/writer.ts';
import { merge } from '../run/merge.ts';

export function mergeCommand(paths: readonly string[], o: { out: string; json?: boolean }, io: Io, argv: readonly string[]): number {
  const { report, text } = merge(paths, o.out, { argv, io });
  io.out(o.json === true ? text : renderTerminal(report));
  io.err(`results: ${join(o.out, COVERAGE_FILE)} (merged records in ${join(o.out, REGIMES_FILE)})\n`);
  io.err(`views: ${DEFAULT_VIEWS.map((v) => join(o.out, VIEWS[v].file)).join(', ')}\n`);
  return report.summary.failed > 0 ? 1 : 0;
}
