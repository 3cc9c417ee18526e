// `node --import tsx bench/decisiveness.ts DIR…`: how decisive a run was, per
// theorem and mode, from the regimes.jsonl that `nc-check verify --out DIR`
// wrote. Issue 15's near-threshold target reads this table: a regime is
// undecided when some clause is inconclusive, and the usual cause is that no
// trained restart reached the certified minimum (first-order training stalls
// where the Hessian degenerates near a threshold). Both are counted, with the
// causes of the inconclusive clauses (their first reason line), so a fix can
// aim at the largest one. A benchmark table, never a test.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface SolutionLine {
  readonly source: string;
  readonly status?: string;
  readonly atCertifiedMinimum?: boolean;
}
interface ClauseLine {
  readonly clause: string;
  readonly status: string;
  readonly reason?: string;
}
interface RegimeLine {
  readonly theorem: string;
  readonly mode: string;
  readonly certificate?: { readonly available: boolean };
  readonly solutions?: readonly SolutionLine[];
  readonly clauses?: readonly ClauseLine[];
}

interface Tally {
  regimes: number;
  undecided: number;
  certifiedUnreached: number;
  withCertificate: number;
  causes: Map<string, number>;
}

const pct = (k: number, n: number): string => (n === 0 ? '–' : `${((100 * k) / n).toFixed(1)} %`);

/** The kind of an inconclusive clause's reason: its text up to the first number, so regimes group. */
const causeOf = (reason: string | undefined): string => (reason ?? 'no reason given').split(/[:(;]|\d/)[0].trim().slice(0, 90);

const tallies = new Map<string, Tally>();
for (const dir of process.argv.slice(2)) {
  const text = readFileSync(join(dir, 'regimes.jsonl'), 'utf8');
  for (const raw of text.split('\n')) {
    if (raw.trim() === '') continue;
    const line = JSON.parse(raw) as RegimeLine;
    const key = `${line.theorem} | ${line.mode}`;
    const t = tallies.get(key) ?? { regimes: 0, undecided: 0, certifiedUnreached: 0, withCertificate: 0, causes: new Map() };
    tallies.set(key, t);
    t.regimes++;
    const inconclusive = (line.clauses ?? []).filter((c) => c.status === 'inconclusive');
    if (inconclusive.length > 0) t.undecided++;
    for (const c of inconclusive) {
      const cause = causeOf(c.reason);
      t.causes.set(cause, (t.causes.get(cause) ?? 0) + 1);
    }
    if (line.certificate?.available === true) {
      t.withCertificate++;
      const restarts = (line.solutions ?? []).filter((s) => s.source === 'restart');
      if (!restarts.some((s) => s.atCertifiedMinimum === true)) t.certifiedUnreached++;
    }
  }
}

const rows = [
  '| theorem | mode | regimes | undecided (some clause inconclusive) | no restart at the certified minimum | main causes of inconclusive clauses |',
  '|---|---|---|---|---|---|',
];
for (const [key, t] of [...tallies].sort(([a], [b]) => a.localeCompare(b))) {
  const causes = [...t.causes]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 2)
    .map(([c, n]) => `${c} (${n})`)
    .join('; ');
  rows.push(
    `| ${key} | ${t.regimes} | ${t.undecided} (${pct(t.undecided, t.regimes)}) | ${t.withCertificate === 0 ? 'no certificate' : `${t.certifiedUnreached} (${pct(t.certifiedUnreached, t.withCertificate)})`} | ${causes || '–'} |`,
  );
}
process.stdout.write(`${rows.join('\n')}\n`);
