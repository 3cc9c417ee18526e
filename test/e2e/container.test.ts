// The container image of the Kubernetes example (Containerfile), checked
// without a container engine: it installs the locked dependencies with `npm ci`
// and no dev dependencies, so every runtime file it copies may import only Node
// built-ins, its own files and the packages in `dependencies` /
// `optionalDependencies`; it runs as a non-root user under tini (signals reach
// nc-check); and the Jobs run the image the build line names.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const containerfile = readFileSync('Containerfile', 'utf8');
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as Record<string, Record<string, string> | undefined>;
// The package itself (a scaffolded theorem imports 'nc-check') and its peer dependencies (vitest, needed only by the
// 'nc-check/vitest' entry that a user's own test suite loads, never by the CLI) are provided by whoever imports them.
const runtime = new Set([
  ...Object.keys(pkg.dependencies ?? {}),
  ...Object.keys(pkg.optionalDependencies ?? {}),
  ...Object.keys(pkg.peerDependencies ?? {}),
  String(pkg.name),
]);

/** Developer scripts inside copied folders that nothing imports at run time (rebuilding kernels.wasm needs wabt). */
const DEV_SCRIPTS = new Set(['src/linalg/wasm/build.mjs']);

/** The folders and files the image copies from the checkout. */
const copied = [...containerfile.matchAll(/^COPY (?!--from)(\S+)(?: \S+)* \S+$/gm)].flatMap((m) => m[0].split(/\s+/).slice(1, -1));

function files(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).flatMap((e) => files(join(path, e)));
}

/** Package names a source file imports at run time (type-only imports are erased). */
function runtimeImports(text: string): string[] {
  const specs = [...text.matchAll(/^\s*(?:import|export)\s+(?!type\s)(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm), ...text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]);
  return specs.filter((s) => !s.startsWith('.') && !s.startsWith('node:') && !builtinModules.includes(s)).map((s) => (s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]));
}

describe('the Containerfile', () => {
  it('installs the locked runtime dependencies with npm ci, runs as a non-root user under tini', () => {
    expect(containerfile).toMatch(/^FROM node:20[\w.-]*/m);
    expect(containerfile).toMatch(/^COPY package\.json package-lock\.json \.\/$/m);
    expect(containerfile).toMatch(/^RUN npm ci --omit=dev\b/m);
    expect(containerfile).not.toMatch(/npm install\b/);
    const user = [...containerfile.matchAll(/^USER (\S+)$/gm)].map((m) => m[1]);
    expect(user.length).toBeGreaterThan(0);
    expect(['root', '0']).not.toContain(user[user.length - 1]);
    expect(containerfile).toMatch(/^ENTRYPOINT \["tini", "-g", "--"\]$/m);
  });

  it('copies code that needs no dev dependency at run time', () => {
    expect(copied).toEqual(expect.arrayContaining(['bin', 'src', 'theorems']));
    const offenders: string[] = [];
    for (const file of copied.flatMap(files).filter((f) => /\.(ts|mjs|js)$/.test(f) && !/\.test\.ts$/.test(f) && !DEV_SCRIPTS.has(f))) {
      for (const name of runtimeImports(readFileSync(file, 'utf8'))) if (!runtime.has(name)) offenders.push(`${file} imports ${name}`);
    }
    expect(offenders).toEqual([]);
    // The check can fail: playwright-core is a dev dependency.
    expect(runtimeImports("import { chromium } from 'playwright-core';\nimport type { X } from 'zod';").filter((n) => !runtime.has(n))).toEqual(['playwright-core']);
  });

  it('is the image the Kubernetes Jobs run, with tini forwarding their signals', () => {
    const image = /docker build -f Containerfile -t (\S+) \./.exec(containerfile)![1];
    for (const job of ['nc-check-sweep.yaml', 'nc-check-merge.yaml']) {
      const text = readFileSync(join('examples', 'kubernetes', job), 'utf8');
      expect(text, job).toContain(`image: ${image}`);
      expect(text, job).toContain('command: ["tini", "-g", "--", "sh", "-c"]');
      expect(text, job).toMatch(/runAsNonRoot: true/);
    }
  });
});
