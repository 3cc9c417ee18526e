// Hostile environments, through ./bin/nc-check as a user meets them: a
// read-only working directory and home (the failure database cannot be
// written: a warning, and the run goes on), an --out under /proc, on a file,
// without permission, on a full disk (one clear line, exit 2), and SIGINT /
// SIGTERM mid-run (what finished is kept, the --resume command is printed, and
// it continues the run), and a kernel switch in the environment with a bad value
// (one clear line, exit 2). As root, "read-only" is made real by running the
// command as the unprivileged user nobody; otherwise by chmod. Every command
// runs under a 60 s guard that turns a hang into a failure; no test asserts a
// duration.
import { spawn, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const BIN = resolve('bin/nc-check');
const MUTANT = ['MUTANT~rho', '--theorems', resolve('test/fixtures/mutant-rho.ts')];
const asRoot = process.getuid?.() === 0;
/** Runs as a user who cannot write what root owns (root bypasses file permissions). */
const unprivileged: SpawnSyncOptions = asRoot ? { uid: 65534, gid: 65534 } : {};

function tmp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'nc-check-hostile-env-'));
  chmodSync(dir, 0o777);
  return dir;
}

/** A folder the command cannot write: owned by root and 0555 (as root the command runs as nobody). */
function readOnlyDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'nc-check-readonly-'));
  chmodSync(dir, 0o555);
  return dir;
}

/**
 * Runs the CLI, sends `signal` once `ready()` holds (polled every 100 ms, at most 90 s), and waits at
 * most 30 s for the exit (a hang is killed and fails the test). `snapshot` is read just before the signal.
 */
async function interruptWhen(args: readonly string[], signal: NodeJS.Signals, ready: () => boolean, snapshot: () => string[]) {
  const { NC_CHECK_DB: _db, ...env } = process.env;
  const child = spawn(BIN, args, { env: { ...env, NC_CHECK_DB: 'off' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (b: Buffer) => void (err += b.toString()));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  for (let waited = 0; !ready(); waited += 100) {
    if (waited > 90_000) throw new Error(`no progress: ${err}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const before = snapshot();
  child.kill(signal);
  const code = await Promise.race([exited, new Promise<'hang'>((r) => setTimeout(() => r('hang'), 30_000))]);
  if (code === 'hang') child.kill('SIGKILL');
  expect(code, err).not.toBe('hang');
  return { code, err, before };
}

function cli(args: readonly string[], options: SpawnSyncOptions = {}) {
  const { NC_CHECK_DB: _db, ...env } = process.env;
  const r = spawnSync(BIN, args, { encoding: 'utf8', timeout: 60_000, ...options, env: { ...env, ...(options.env ?? {}) } });
  expect(r.signal, `killed: a hang (${args.join(' ')})\n${String(r.stderr)}`).toBeNull();
  return { code: r.status, out: String(r.stdout), err: String(r.stderr) };
}

/** Exit 2, and one error line — the last on stderr (after any progress lines), starting "nc-check: --out" — with no stack trace. */
function oneClearLine(r: { code: number | null; err: string }, ...mentions: string[]): void {
  expect(r.code, r.err).toBe(2);
  const lines = r.err.trim().split('\n');
  expect(lines.filter((l) => l.startsWith('nc-check:')), r.err).toHaveLength(1);
  const line = lines[lines.length - 1];
  expect(line).toMatch(/^nc-check: --out /);
  for (const m of mentions) expect(line).toContain(m);
  expect(r.err).not.toMatch(/internal error|\n\s+at /);
}

describe('a hostile environment', () => {
  it('a kernel switch with a bad value (NC_CHECK_KERNELS, NC_CHECK_KERNEL_THREADS): one line naming it and what it accepts, exit 2, nothing written', () => {
    for (const [name, value, expected] of [
      ['NC_CHECK_KERNELS', 'blas', 'expected one of wasm-par, wasm-fma, wasm-xn, wasm-simd, js'],
      ['NC_CHECK_KERNEL_THREADS', 'two', 'expected a whole number of threads ≥ 1'],
      ['NC_CHECK_KERNEL_THREADS', '0', 'expected a whole number of threads ≥ 1'],
    ]) {
      const out = join(tmp(), 'results');
      const r = cli(['verify', 'TB22-T3.1', '--runs', '1', '--no-db', '--out', out], { env: { [name]: value } });
      expect(r.code, r.err).toBe(2);
      expect(r.err.trim()).toBe(`nc-check: ${name}=${value}: ${expected}`);
      expect(existsSync(out)).toBe(false);
    }
  });

  it('read-only working directory and home: the failure database warns, the run goes on and writes its results', () => {
    const cwd = readOnlyDir();
    const home = readOnlyDir();
    const out = join(tmp(), 'results');
    const r = cli(['verify', ...MUTANT, '--runs', '2', '--restarts', '1', '--seed', '5', '--out', out], { ...unprivileged, cwd, env: { HOME: home, XDG_CACHE_HOME: '' } });
    expect(r.err).not.toMatch(/internal error/);
    expect(r.code, r.err).toBe(1); // the mutant is caught: a result, not an environment failure
    expect(r.err).toMatch(/^warning: failure database .*: cannot store cases \((EACCES|EROFS|EPERM)[^)]*\); the run goes on/m);
    expect(r.out).toContain('verify: ');
    expect(existsSync(join(out, 'theorem-coverage.json'))).toBe(true);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('--out under /proc: one clear line and exit 2, no spinning in mkdir', () => {
    oneClearLine(cli(['verify', 'TB22-T3.1', '--runs', '1', '--out', '/proc/nc-check-test/results']), '/proc/nc-check-test/results', 'cannot create the results folder');
  });

  it('--out on a file, or under one: one clear line and exit 2', () => {
    const file = join(tmp(), 'a-file');
    writeFileSync(file, 'x');
    oneClearLine(cli(['verify', 'TB22-T3.1', '--runs', '1', '--out', file]), 'is a file, not a folder');
    oneClearLine(cli(['verify', 'TB22-T3.1', '--runs', '1', '--out', join(file, 'sub')]), 'is a file, not a folder');
  });

  it('--out without permission: one clear line and exit 2', () => {
    oneClearLine(cli(['verify', 'TB22-T3.1', '--runs', '1', '--out', join(readOnlyDir(), 'results')], unprivileged), 'EACCES');
  });

  it.runIf(existsSync('/dev/full'))('--out on a full disk: one clear line, exit 2, and the results written before are kept', () => {
    const out = tmp();
    // The journal is /dev/full: every write to it fails with ENOSPC, as on a full disk.
    symlinkSync('/dev/full', join(out, 'regimes.jsonl'));
    const r = cli(['verify', 'TB22-T3.1', '--runs', '2', '--out', out, '--no-db']);
    oneClearLine(r, 'cannot write regimes.jsonl (ENOSPC', '--resume');
    expect(JSON.parse(readFileSync(join(out, 'theorem-coverage.json'), 'utf8')).meta.tool).toBe('nc-check');
  });

  it('SIGINT, then SIGTERM on the resumed run: each keeps what finished, prints the --resume command, and it continues the run', async () => {
    const out = join(tmp(), 'results');
    const journal = join(out, 'regimes.jsonl');
    const records = () => (existsSync(journal) ? readFileSync(journal, 'utf8').split('\n').filter((l) => l.endsWith('}')) : []);

    const interrupted = (args: readonly string[], signal: NodeJS.Signals, atLeast: number) => interruptWhen(args, signal, () => records().length >= atLeast, records);

    const first = await interrupted(['verify', 'TB22-T3.1', '--runs', '400', '--workers', '1', '--out', out], 'SIGINT', 2);
    expect(first.code).toBe(130);
    expect(records().slice(0, first.before.length)).toEqual(first.before);
    const resume = /continue with: (nc-check verify .*--resume)$/m.exec(first.err);
    expect(resume, first.err).not.toBeNull();
    expect(first.err).toMatch(/^nc-check: interrupted by SIGINT: the \d+ regime\(s\) finished since the start are in /m);
    expect(first.err).not.toMatch(/internal error|\n\s+at /);

    // The printed command continues the run: the journal's regimes are not evaluated again.
    const kept = records();
    const args = resume![1].split(' ').slice(1);
    const second = await interrupted(args, 'SIGTERM', kept.length + 1);
    expect(second.code).toBe(143);
    expect(second.err).toContain(`resume: TB22-T3.1 inside: ${kept.length} of 400 regimes from the journal`);
    const after = records();
    expect(after.slice(0, kept.length)).toEqual(kept);
    const indices = after.map((l) => (JSON.parse(l) as { index: number }).index);
    expect(new Set(indices).size).toBe(indices.length);
  });

  it('SIGTERM during an empirical claim\'s training: it stops at the next epoch, keeps every trained network and prints the --resume command', async () => {
    const out = join(tmp(), 'results');
    const journal = join(out, 'empirical-runs.jsonl');
    const networks = () => (existsSync(journal) ? readFileSync(journal, 'utf8').split('\n').filter((l) => l.endsWith('}')) : []);
    // Four trainings of several seconds each; the signal comes while the second one runs. Before, a training
    // never gave the event loop a turn, so the whole claim ran on and the process exited 0.
    const r = await interruptWhen(['verify', 'XRLGP23-WD-COLLAPSE', '--seeds', '2', '--out', out], 'SIGTERM', () => networks().length >= 1, networks);
    expect(r.code, r.err).toBe(143);
    expect(networks().slice(0, r.before.length)).toEqual(r.before);
    expect(networks().length).toBeLessThan(4);
    expect(r.err).toMatch(/^nc-check: interrupted by SIGTERM: .*every trained network in \S*empirical-runs\.jsonl; continue with: nc-check verify .*--resume$/m);
    expect(r.err).not.toMatch(/internal error|\n\s+at /);
  });
});

// The environment as a fast-check property, the way test/unit/cli/fuzz.test.ts covers argv: any results
// folder and any failure-database folder a user or a job engine could hand over — under /proc or /sys, on
// or under a file, /dev/null, deep new paths, read-only folders, fine ones.
const kinds = ['proc', 'sys', 'file', 'under-file', 'dev-null', 'deep-new', 'read-only', 'fine'] as const;
type Kind = (typeof kinds)[number];

function place(kind: Kind, base: string, i: number): string {
  switch (kind) {
    case 'proc':
      return `/proc/nc-check-${i}/x`;
    case 'sys':
      return `/sys/nc-check-${i}`;
    case 'file':
    case 'under-file': {
      const f = join(base, `file-${i}`);
      writeFileSync(f, 'x');
      return kind === 'file' ? f : join(f, 'sub', 'deeper');
    }
    case 'dev-null':
      return '/dev/null';
    case 'deep-new':
      return join(base, `new-${i}`, 'a', 'b', 'c');
    case 'read-only':
      return join(readOnlyDir(), 'results');
    case 'fine':
      return join(base, `fine-${i}`);
  }
}

/** Whether nc-check, running unprivileged, can write there (the expected outcome, computed from the kind alone). */
const writable = (kind: Kind) => kind === 'deep-new' || kind === 'fine';

describe('any environment (property)', () => {
  it('ensureDir and the failure database, in-process: a writable folder or one clear line, a warning, never a crash or a hang', async () => {
    const { ensureDir } = await import('../../src/report/writer.ts');
    const { openFailureDb } = await import('../../src/explore/failure-db.ts');
    const { UsageError } = await import('../../src/errors.ts');
    const base = tmp();
    let i = 0;
    fc.assert(
      fc.property(fc.constantFrom(...kinds.filter((k) => k !== 'read-only' || !asRoot)), fc.constantFrom(...kinds.filter((k) => k !== 'read-only' || !asRoot)), (outKind, dbKind) => {
        i++;
        const out = place(outKind, base, i);
        try {
          ensureDir(out);
          expect(writable(outKind), `${outKind}: ${out}`).toBe(true);
        } catch (e) {
          expect(e, String(e)).toBeInstanceOf(UsageError);
          expect((e as Error).message).toMatch(/^--out \S+: [^\n]+$/);
          expect(writable(outKind), `${outKind}: ${(e as Error).message}`).toBe(false);
        }
        const warnings: string[] = [];
        const db = openFailureDb(place(dbKind, base, i + 1000), { warn: (m) => warnings.push(m) });
        const observation = { theorem: 'T', clause: 'c', mode: 'inside' as const, regime: { K: 2 }, hypothesisHolds: true, status: 'violated' as const, settings: { backend: 'cpu-f64', train: {} as never } };
        const id = db.record(observation);
        db.record(observation);
        if (writable(dbKind)) {
          expect(warnings).toEqual([]);
          expect(db.list().map((c) => c.id)).toEqual([id]);
        } else {
          expect(id).toBe('');
          expect(warnings).toHaveLength(1); // once, however many cases
          expect(warnings[0]).toMatch(/^failure database \S+: cannot store cases \([A-Z]+[^)]*\); the run goes on/);
        }
      }),
      { numRuns: 120 },
    );
  });

  it('./bin/nc-check verify in a generated environment: exit 1 with results (and a warning when the database is unwritable) or one clear line and exit 2', async () => {
    const base = tmp();
    let i = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...kinds), fc.constantFrom(...kinds), fc.boolean(), async (outKind, dbKind, readOnlyCwd) => {
        i++;
        const out = place(outKind, base, i);
        const db = place(dbKind, base, i + 1000);
        const cwd = readOnlyCwd ? readOnlyDir() : tmp();
        const r = cli(['verify', ...MUTANT, '--runs', '1', '--restarts', '1', '--seed', '5', '--out', out, '--db', db], { ...unprivileged, cwd });
        expect(r.err).not.toMatch(/internal error|\n\s+at /);
        if (!writable(outKind)) return oneClearLine(r);
        expect(r.code, r.err).toBe(1);
        expect(existsSync(join(out, 'theorem-coverage.json'))).toBe(true);
        expect(/^warning: failure database/m.test(r.err), r.err).toBe(!writable(dbKind));
      }),
      { numRuns: 4 },
    );
  });
});
