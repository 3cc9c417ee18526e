// nc-check as a user gets it: `npm pack`, installed from the tarball into a
// fresh folder outside this repository, then the README's "Your own theorems"
// steps run verbatim there (new → edit → check → verify), plus what the issue
// asks of a user's files: a wrong constant is violated (exit 1), a syntax error
// is exit 2 with file:line:col, .mts/.js files in any module mode load, tsc
// type-checks against the published types, and a user vitest file runs the
// programmatic API. Dependencies come from the npm registry (or npm's cache).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CoverageReport } from '../../src/report/schema.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const VITEST_VERSION = (JSON.parse(readFileSync(join(ROOT, 'node_modules/vitest/package.json'), 'utf8')) as { version: string }).version;
const NPM_QUIET = ['--prefer-offline', '--no-audit', '--no-fund'];

/** The environment of a user's shell: none of this test run's vitest or coverage variables. */
const userEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && k !== 'NODE_OPTIONS' && k !== 'NODE_V8_COVERAGE' && k !== 'TEST'));

interface Ran {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

function sh(cwd: string, command: string): Ran {
  const r = spawnSync('bash', ['-c', command], { cwd, env: userEnv, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

/** The README's authoring steps: the command lines of the sh block after the `authoring-steps` marker. */
function readmeSteps(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const marker = readme.indexOf('<!-- authoring-steps');
  if (marker < 0) throw new Error('README.md has no authoring-steps block');
  const block = /```sh\n([\s\S]*?)```/.exec(readme.slice(marker));
  if (block === null) throw new Error('README.md: no sh block after the authoring-steps marker');
  return block[1].split('\n').map((l) => l.trim()).filter((l) => l !== '');
}

let dir = '';
let tarball = '';

beforeAll(() => {
  const packs = mkdtempSync(join(tmpdir(), 'nc-check-pack-'));
  const packed = sh(ROOT, `npm pack --silent --pack-destination ${packs}`);
  expect(packed.code, packed.err).toBe(0);
  tarball = join(packs, `nc-check-${VERSION}.tgz`);
  dir = mkdtempSync(join(tmpdir(), 'nc-check-user-'));
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'my-research', private: true }, null, 2)}\n`);
}, 600_000);

describe('the installed package, following the README', () => {
  const results: { step: string; ran: Ran }[] = [];

  it('runs the README steps verbatim: install, new, (edit), check, verify --theorems', () => {
    const steps = readmeSteps();
    expect(steps.filter((s) => !s.startsWith('#')).map((s) => s.split(' ').slice(0, 3).join(' '))).toEqual([
      'npm install --save-dev',
      'npx nc-check new',
      'npx nc-check check',
      'npx nc-check verify',
    ]);
    for (const step of steps) {
      if (step.startsWith('#')) {
        // The edit the README asks for: state the claim as one's own (title and citation).
        const file = join(dir, 'my-claim.ts');
        const text = readFileSync(file, 'utf8');
        const edited = text.replace(/title: '[^']*'/, "title: 'My restatement of the orthogonal frame'").replace(/citation: '[^']*'/, "citation: 'my notes, 2026'");
        expect(edited).not.toBe(text);
        writeFileSync(file, edited);
        continue;
      }
      // The package comes from this repository's tarball, installed as a user installs it.
      const command = step.replace(/#.*$/, '').trim().replace(/^npm install --save-dev nc-check$/, `npm install --save-dev ${NPM_QUIET.join(' ')} ${tarball}`);
      const ran = sh(dir, command);
      results.push({ step, ran });
      expect(ran.code, `${step}\n${ran.out}\n${ran.err}`).toBe(0);
    }
    const verified = results.at(-1)!.ran;
    expect(verified.out).toMatch(/verify: \d+ passed, 0 failed/);
    const doc = JSON.parse(readFileSync(join(dir, 'reports/theorem-coverage.json'), 'utf8')) as CoverageReport;
    expect(doc.theorems.map((t) => t.id)).toEqual(['MY-CLAIM']);
    expect(doc.theorems[0].title).toBe('My restatement of the orthogonal frame');
    expect(doc.meta.runs).toBe(20);
  }, 900_000);

  it('reports a copy with one wrong constant violated (exit 1)', () => {
    const text = readFileSync(join(dir, 'my-claim.ts'), 'utf8');
    const wrong = text.replace('c - (c * c) / 2 : 0.5', 'c - (c * c) / 3 : 0.5');
    expect(wrong).not.toBe(text);
    writeFileSync(join(dir, 'wrong-constant.ts'), wrong.replaceAll("'MY-CLAIM'", "'MY-CLAIM-WRONG'"));
    const ran = sh(dir, 'npx nc-check verify --theorems ./wrong-constant.ts --runs 20 --out reports/wrong');
    expect(ran.code, ran.err).toBe(1);
    const doc = JSON.parse(readFileSync(join(dir, 'reports/wrong/theorem-coverage.json'), 'utf8')) as CoverageReport;
    const optimal = doc.theorems[0].modes[0].clauses.find((c) => c.id === 'optimal-loss');
    expect(optimal?.status).toBe('violated');
  }, 300_000);

  it('gives a syntax error as file:line:col and exit 2, in verify and in check', () => {
    const lines = readFileSync(join(dir, 'my-claim.ts'), 'utf8').split('\n');
    const at = lines.findIndex((l) => l.includes("title: 'My restatement"));
    lines[at] = lines[at].replace("title: 'My", "title: 'My',, '");
    writeFileSync(join(dir, 'syntax-error.ts'), lines.join('\n'));
    for (const command of ['npx nc-check verify --theorems ./syntax-error.ts --runs 2', 'npx nc-check check syntax-error.ts']) {
      const ran = sh(dir, command);
      expect(ran.code, command).toBe(2);
      expect(ran.err, command).toMatch(new RegExp(`syntax-error\\.ts:${at + 1}:\\d+: `));
      expect(ran.err, command).not.toMatch(/internal error|\n\s+at /);
    }
  }, 300_000);

  it('loads .mts and .js theorem files in any module mode, with relative imports', () => {
    writeFileSync(join(dir, 'copy.mts'), readFileSync(join(dir, 'my-claim.ts'), 'utf8').replaceAll("'MY-CLAIM'", "'MY-CLAIM-MTS'"));
    mkdirSync(join(dir, 'cjs-folder'), { recursive: true });
    writeFileSync(join(dir, 'cjs-folder/package.json'), '{ "type": "commonjs" }\n');
    writeFileSync(join(dir, 'cjs-folder/ranges.js'), 'export const K_SAMPLE = [2, 4];\n');
    writeFileSync(
      join(dir, 'cjs-folder/loss.js'),
      [
        "import { defineTheorem, integer, positive, restated, minimumClauses } from 'nc-check';",
        "import { K_SAMPLE } from './ranges.js';",
        'export default defineTheorem({',
        "  id: 'JS-LOSS', title: 'MSE UFM minimum', citation: 'Tirer & Bruna 2022, Thm 3.1 (loss)', provenance: restated('THN23 Thm 2.1'),",
        "  model: 'ufm-mse', normalization: '1/(2Kn)||WH − Y||^2 + λ_W/(2K)||W||^2 + λ_H/(2Kn)||H||^2',",
        "  parameters: { K: integer('K', { min: 2, sample: K_SAMPLE }), n: integer('n', { min: 1, sample: [1, 3] }), d: integer('d', { min: 1, sample: [5, 8] }),",
        "    lambdaW: positive('λ_W', { sample: [1e-2, 1e-1] }), lambdaH: positive('λ_H', { sample: [1e-2, 1e-1] }) },",
        "  hypothesis: { text: 'd ≥ K', check: (r) => r.d >= r.K || 'd < K' },",
        '  predict: (r) => { const c = Math.sqrt(r.lambdaW * r.lambdaH); return { loss: c <= 1 ? c - (c * c) / 2 : 0.5 }; },',
        "  clauses: (c) => minimumClauses(c, { lowerBound: 'L ≥ L*', optimal: 'min L = L*' }),",
        '});',
        '',
      ].join('\n'),
    );
    const ran = sh(dir, 'npx nc-check verify --theorems ./copy.mts ./cjs-folder/loss.js --runs 3 --out reports/modes');
    expect(ran.code, ran.err).toBe(0);
    const doc = JSON.parse(readFileSync(join(dir, 'reports/modes/theorem-coverage.json'), 'utf8')) as CoverageReport;
    expect(doc.theorems.map((t) => t.id)).toEqual(['MY-CLAIM-MTS', 'JS-LOSS']);
  }, 300_000);

  it('every relative import in the published declarations names a published declaration', () => {
    // tsc only checks what a user's file reaches, so a declaration importing a file that types/
    // lacks (a plain .mjs module's hand-written .d.mts, say) can pass the type-check below.
    const root = join(dir, 'node_modules/nc-check/types');
    const missing: string[] = [];
    let imports = 0;
    const declarationsOf = (spec: string): string[] => {
      const base = spec.replace(/\.(m?)(ts|js)$/, '');
      return [`${base}.d.${/\.m(ts|js)$/.test(spec) ? 'm' : ''}ts`, `${base}/index.d.ts`];
    };
    const check = (file: string): void => {
      for (const [, spec] of readFileSync(file, 'utf8').matchAll(/(?:from\s+|import\()\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
        imports++;
        if (!declarationsOf(spec).some((c) => existsSync(resolve(dirname(file), c)))) missing.push(`${relative(root, file)}: ${spec}`);
      }
    };
    const walk = (folder: string): void => {
      for (const e of readdirSync(folder, { withFileTypes: true })) {
        const path = join(folder, e.name);
        if (e.isDirectory()) walk(path);
        else if (/\.d\.m?ts$/.test(e.name)) check(path);
      }
    };
    walk(root);
    expect(imports).toBeGreaterThan(100);
    expect(missing).toEqual([]);
  });

  it("type-checks the user's file with tsc against the published types, and catches a type error", () => {
    writeFileSync(join(dir, 'tsconfig.json'), '{ "compilerOptions": { "module": "nodenext", "target": "es2022", "strict": true, "noEmit": true }, "files": ["my-claim.ts"] }\n');
    const clean = sh(dir, 'npx tsc -p .');
    expect(clean.code, clean.out).toBe(0);
    writeFileSync(join(dir, 'typo.ts'), readFileSync(join(dir, 'my-claim.ts'), 'utf8').replace("tolerance: 'scalar'", "tolerance: 'scalr'"));
    const typo = sh(dir, 'npx nc-check check typo.ts');
    expect(typo.code).toBe(2);
    expect(typo.err).toMatch(/typo\.ts:\d+:\d+: .*scalr/);
  }, 300_000);

  it("runs a user vitest file that uses the programmatic API and the matcher", () => {
    const installed = sh(dir, `npm install --save-dev ${NPM_QUIET.join(' ')} vitest@${VITEST_VERSION}`);
    expect(installed.code, installed.err).toBe(0);
    // The repository's example suite (examples/authoring), as a user copies it, plus a check that a mistake is caught.
    writeFileSync(join(dir, 'claims.test.ts'), readFileSync(join(ROOT, 'examples/authoring/claims.test.ts'), 'utf8'));
    writeFileSync(
      join(dir, 'mistake.test.ts'),
      [
        "import { expect, test } from 'vitest';",
        "import { verify } from 'nc-check';",
        "import 'nc-check/vitest';",
        "import wrong from './wrong-constant.ts';",
        '',
        "test('the wrong constant is caught', async () => {",
        '  const report = await verify(wrong, { runs: 5, shrink: false });',
        '  expect(report).not.toBeVerified();',
        "  expect(report.theorems[0].modes[0].clauses.find((c) => c.id === 'optimal-loss')?.status).toBe('violated');",
        '}, 300_000);',
        '',
      ].join('\n'),
    );
    const ran = sh(dir, 'npx vitest run claims.test.ts mistake.test.ts');
    expect(ran.code, `${ran.out}\n${ran.err}`).toBe(0);
    expect(ran.out).toMatch(/3 passed/);
  }, 600_000);
});
