// `npm run bench:profile [-- verify options]`: where `nc-check verify` (what
// `npm start` runs) spends its time, per theorem and per phase — sampling
// (planning the regimes), certification, training, polish (the second-order
// continuation of evaluate.ts), measurement, clause checks, shrinking (its own
// evaluations listed as shrinking/…) and views. Runs the real command line in
// this process on one thread (--workers 1: worker threads would hide their
// phases), results in a temporary folder unless --out is given, the failure
// database off. Prints a Markdown table; a benchmark, never a test.
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../src/cli/main.ts';
import type { Io } from '../src/io.ts';
import { enableProfile, profileEntries, type ProfileEntry } from '../src/profile.ts';

const TOP = ['sampling', 'certification', 'training', 'polish', 'measurement', 'clauses', 'shrinking', 'views'] as const;

function table(entries: ProfileEntry[], wall: number): string {
  const theorems = [...new Set(entries.map((e) => e.theorem))];
  const cell = (t: string, phase: string): number =>
    entries.filter((e) => e.theorem === t && (e.phase === phase || e.phase.startsWith(`${phase}/`))).reduce((s, e) => s + e.seconds, 0);
  const regimes = (t: string): number => entries.filter((e) => e.theorem === t && e.phase === 'clauses').reduce((s, e) => s + e.calls, 0);
  const total = (t: string): number => entries.filter((e) => e.theorem === t).reduce((s, e) => s + e.seconds, 0);
  const rows = theorems
    .map((t) => ({ t, total: total(t) }))
    .sort((a, b) => b.total - a.total)
    .map(({ t, total: tt }) => `| ${t} | ${regimes(t)} | ${TOP.map((p) => cell(t, p).toFixed(2)).join(' | ')} | ${tt.toFixed(2)} |`);
  const all = entries.reduce((s, e) => s + e.seconds, 0);
  const sum = (p: string): number => theorems.reduce((s, t) => s + cell(t, p), 0);
  const evaluated = theorems.reduce((s, t) => s + regimes(t), 0);
  const shrinkTraining = entries.filter((e) => e.phase.startsWith('shrinking/')).reduce((s, e) => s + e.seconds, 0);
  return [
    `Wall clock ${wall.toFixed(1)} s on one thread; profiled phases ${all.toFixed(1)} s; the rest (${(wall - all).toFixed(1)} s) is start-up, loading and bookkeeping. Load average at the end: ${loadavg().map((v) => v.toFixed(2)).join(' ')}.`,
    `Regimes evaluated (sample, not shrink steps): ${evaluated}, ${(evaluated / wall).toFixed(2)} regimes/s. Shrinking's own evaluations (inside its column): ${shrinkTraining.toFixed(2)} s.`,
    '',
    `| theorem | regimes | ${TOP.join(' s | ')} s | total s |`,
    `|---|---|${TOP.map(() => '---|').join('')}---|`,
    ...rows,
    `| all | ${evaluated} | ${TOP.map((p) => sum(p).toFixed(2)).join(' | ')} | ${all.toFixed(2)} |`,
  ].join('\n');
}

const args = process.argv.slice(2);
const out = args.includes('--out') ? [] : ['--out', mkdtempSync(join(tmpdir(), 'nc-check-profile-'))];
const io: Io = { out: () => undefined, err: (t) => void process.stderr.write(t), isTty: false };
enableProfile();
const started = performance.now();
const code = await main(['verify', ...args, '--workers', '1', '--no-db', ...out], io);
const wall = (performance.now() - started) / 1000;
process.stdout.write(`# nc-check verify ${args.join(' ')}: time per theorem and phase (exit ${code})\n\n${table(profileEntries(), wall)}\n`);
process.exitCode = code === 2 ? 2 : 0;
