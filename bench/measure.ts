// `npm run bench` (second part) or `node --import tsx bench/measure.ts [--quick] [--large]`:
// the streaming measurement of imported features (`nc-check measure`) at
// CIFAR size, 50,000 × 512 float32 (K = 10), and at 1,000,000 × 512 float32
// (a 2 GB .npy, --large), generated into the system temp folder (never
// committed) and measured in a child process whose wall time and peak
// resident memory are reported with the machine's load. A benchmark, never a
// test: nothing here asserts a time.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, statSync, writeSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

function npyHeader(descr: string, shape: readonly number[]): Buffer {
  let text = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const total = 10 + text.length + 1;
  text += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const head = Buffer.alloc(10);
  head.write('\x93NUMPY', 0, 'latin1');
  head[6] = 1;
  head[7] = 0;
  head.writeUInt16LE(text.length, 8);
  return Buffer.concat([head, Buffer.from(text, 'latin1')]);
}

/** Writes N × d float32 features (class means on orthogonal directions plus noise) and int64 labels, block by block. */
function generate(dir: string, N: number, d: number, K: number): { features: string; labels: string } {
  const features = join(dir, `features-${N}x${d}.npy`);
  const labels = join(dir, `labels-${N}.npy`);
  const bytes = N * d * 4;
  if (existsSync(features) && statSync(features).size > bytes && existsSync(labels)) return { features, labels };
  mkdirSync(dir, { recursive: true });
  let state = 0x2545f491;
  const uniform = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  const fd = openSync(features, 'w');
  writeSync(fd, npyHeader('<f4', [N, d]));
  const y = new BigInt64Array(N);
  const block = 8192;
  const buf = new Float32Array(block * d);
  for (let first = 0; first < N; first += block) {
    const count = Math.min(block, N - first);
    for (let s = 0; s < count; s++) {
      const k = (first + s) % K;
      y[first + s] = BigInt(k);
      for (let i = 0; i < d; i++) buf[s * d + i] = (i === k ? 4 : 0) + (uniform() + uniform() + uniform() - 1.5);
    }
    writeSync(fd, new Uint8Array(buf.buffer, 0, count * d * 4));
  }
  closeSync(fd);
  const lf = openSync(labels, 'w');
  writeSync(lf, npyHeader('<i8', [N]));
  writeSync(lf, new Uint8Array(y.buffer));
  closeSync(lf);
  return { features, labels };
}

interface Measured {
  readonly label: string;
  readonly seconds: number;
  /** CPU time of the whole child (start-up included): on a loaded machine the comparable number, where wall time is not. */
  readonly cpuSeconds: number;
  readonly peakMiB: number;
  readonly fileMiB: number;
  readonly bootstrap: number;
  readonly exit: number;
}

function measureOnce(label: string, files: { features: string; labels: string }, bootstrap: number): Measured {
  const out = join(tmpdir(), 'nc-check-bench', `out-${label}`);
  // /usr/bin/time is not everywhere: the child reports its own peak RSS (process.resourceUsage().maxRSS, KiB).
  const script = `
    const { main } = await import(${JSON.stringify(join(ROOT, 'src', 'cli', 'main.ts'))});
    const t = performance.now();
    const code = await main(['measure', '--features', ${JSON.stringify(files.features)}, '--labels', ${JSON.stringify(files.labels)}, '--bootstrap', '${bootstrap}', '--out', ${JSON.stringify(out)}], { out: () => {}, err: (s) => process.stderr.write(s), isTty: false });
    const u = process.resourceUsage();
    process.stdout.write(JSON.stringify({ seconds: (performance.now() - t) / 1000, cpu: (u.userCPUTime + u.systemCPUTime) / 1e6, maxRSS: u.maxRSS, code }));`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`bench/measure: child failed: ${r.stderr}`);
  const j = JSON.parse(r.stdout) as { seconds: number; cpu: number; maxRSS: number; code: number };
  return { label, seconds: j.seconds, cpuSeconds: j.cpu, peakMiB: j.maxRSS / 1024, fileMiB: statSync(files.features).size / 2 ** 20, bootstrap, exit: j.code };
}

function main(): void {
  const args = process.argv.slice(2);
  const large = args.includes('--large');
  const quick = args.includes('--quick');
  const dir = join(tmpdir(), 'nc-check-bench');
  const load = loadavg().map((v) => v.toFixed(2)).join(' ');
  console.log(`measure benchmark: node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), load average at start ${load}`);
  const rows: Measured[] = [];
  const cifar = generate(dir, quick ? 5_000 : 50_000, 512, 10);
  rows.push(measureOnce(quick ? '5k×512' : '50k×512', cifar, 0));
  rows.push(measureOnce(quick ? '5k×512' : '50k×512', cifar, 200));
  if (large) {
    const big = generate(dir, 1_000_000, 512, 10);
    rows.push(measureOnce('1M×512', big, 0));
    rows.push(measureOnce('1M×512', big, 200));
  }
  console.log('| features (float32) | file | bootstrap replicates | wall time | CPU time (process) | peak RSS |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const r of rows) console.log(`| ${r.label} | ${r.fileMiB.toFixed(0)} MiB | ${r.bootstrap} | ${r.seconds.toFixed(2)} s | ${r.cpuSeconds.toFixed(2)} s | ${r.peakMiB.toFixed(0)} MiB |`);
  console.log(`load average at end ${loadavg().map((v) => v.toFixed(2)).join(' ')}`);
}

main();
