// Chromium for the browser tests, without a hand install: CHROMIUM_PATH, else
// Debian's `chromium` on PATH (CI installs it), else the headless Chromium
// shipped compressed inside the npm package @sparticuz/chromium. That one is
// unpacked once per package version under node_modules/.cache (atomically: test
// files run in parallel processes), with the package's Open Sans next to the
// system's fonts, and — where the system lacks the NSS libraries it links —
// the copies the package ships for Amazon Linux on LD_LIBRARY_PATH.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { chromium, type BrowserContext } from 'playwright-core';
import { x as untar } from 'tar';
import { onPath } from './tools.ts';

export interface ChromiumBinary {
  readonly executablePath: string;
  /** Where it came from, for messages. */
  readonly source: 'CHROMIUM_PATH' | 'PATH' | 'npm @sparticuz/chromium';
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
}

// Without the background-networking flags Chromium tries to reach the network, which is closed here.
const QUIET = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const require = createRequire(import.meta.url);

/** True when the dynamic loader finds libnss3 (Debian's libnss3, a dependency of its chromium). */
function systemHasNss(): boolean {
  const dirs = ['/lib/x86_64-linux-gnu', '/usr/lib/x86_64-linux-gnu', '/lib/aarch64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib64', '/lib64', '/usr/lib'];
  return dirs.some((d) => existsSync(join(d, 'libnss3.so')));
}

/** Unpacks the npm package's Chromium (once per version) and returns its folder. */
export function unpackNpmChromium(): string {
  // The package exports no ./package.json: walk up from its entry point.
  let root = dirname(require.resolve('@sparticuz/chromium'));
  while (!existsSync(join(root, 'package.json')) || (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name?: string }).name !== '@sparticuz/chromium') root = dirname(root);
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  const bin = join(root, 'bin');
  const dir = resolve('node_modules', '.cache', 'nc-check-chromium', version);
  if (existsSync(join(dir, 'chromium'))) return dir;
  const staging = `${dir}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  writeFileSync(join(staging, 'chromium'), brotliDecompressSync(readFileSync(join(bin, 'chromium.br'))), { mode: 0o755 });
  // SwiftShader's GL libraries sit next to the binary, which loads them even with --disable-gpu.
  untar({ file: join(bin, 'swiftshader.tar.br'), cwd: staging, sync: true, brotli: true });
  untar({ file: join(bin, 'fonts.tar.br'), cwd: staging, sync: true, brotli: true });
  mkdirSync(join(staging, 'al2023'));
  untar({ file: join(bin, 'al2023.tar.br'), cwd: join(staging, 'al2023'), sync: true, brotli: true });
  writeFileSync(
    join(staging, 'fonts.conf'),
    `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n  <dir>/usr/share/fonts</dir>\n  <dir>${join(dir, 'fonts')}</dir>\n  <cachedir>${join(dir, 'fontconfig-cache')}</cachedir>\n</fontconfig>\n`,
  );
  try {
    renameSync(staging, dir);
  } catch (e) {
    // Another test process unpacked it first.
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(join(dir, 'chromium'))) throw e;
  }
  return dir;
}

/** The Chromium the browser tests use, and how to start it. `path` stands for PATH, for the fresh-machine test. */
export function resolveChromium(path = process.env.PATH ?? ''): ChromiumBinary {
  const explicit = process.env.CHROMIUM_PATH;
  if (explicit !== undefined && explicit !== '') return { executablePath: explicit, source: 'CHROMIUM_PATH', args: ['--headless', ...QUIET], env: {} };
  const system = onPath('chromium', path);
  if (system !== undefined) return { executablePath: system, source: 'PATH', args: ['--headless', ...QUIET], env: {} };
  const dir = unpackNpmChromium();
  const env: Record<string, string> = { FONTCONFIG_FILE: join(dir, 'fonts.conf') };
  if (!systemHasNss()) env.LD_LIBRARY_PATH = [join(dir, 'al2023', 'lib'), process.env.LD_LIBRARY_PATH].filter(Boolean).join(':');
  // The package's build is chrome-headless-shell; it runs as one process.
  return { executablePath: join(dir, 'chromium'), source: 'npm @sparticuz/chromium', args: ["--headless='shell'", '--single-process', '--no-zygote', ...QUIET], env };
}

/** A persistent browser context on a fresh profile, with the resolved Chromium. */
export async function launchChromium(profile: string, viewport: { width: number; height: number }): Promise<{ browser: BrowserContext; binary: ChromiumBinary }> {
  const binary = resolveChromium();
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: binary.executablePath,
    headless: true,
    viewport,
    args: [...binary.args],
    env: { ...process.env, ...binary.env } as Record<string, string>,
  });
  return { browser, binary };
}
