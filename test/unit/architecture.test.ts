// The layer rules of .dependency-cruiser.cjs, checked on the real tree (no
// cycles; the library never imports cli/, theorems/ or properties/; lower
// layers never import higher ones), and shown able to fail on a planted violation.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const DEPCRUISE = join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');

interface Violation {
  readonly from: string;
  readonly to: string;
  readonly rule: { readonly name: string };
}

function violations(cwd: string, folders: readonly string[]): Violation[] {
  const json = execFileSync(process.execPath, [DEPCRUISE, '--config', join(ROOT, '.dependency-cruiser.cjs'), '--output-type', 'json', ...folders], {
    cwd,
    maxBuffer: 64 * 1024 * 1024,
  }).toString();
  return (JSON.parse(json) as { summary: { violations: Violation[] } }).summary.violations;
}

describe('architecture', () => {
  it('src/, theorems/ and properties/ keep the layer rules', () => {
    const found = violations(ROOT, ['src', 'theorems', 'properties']).map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
    expect(found).toEqual([]);
  });

  it('the rules catch a cycle, a layer inversion, and the library importing the CLI or the built-in theorems', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nc-arch-'));
    const file = (path: string, text: string) => {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), text);
    };
    copyFileSync(join(ROOT, 'tsconfig.json'), join(dir, 'tsconfig.json'));
    file('src/models/model.ts', "import { lbfgs } from '../train/lbfgs.ts';\nexport const model = lbfgs;\n");
    file('src/train/lbfgs.ts', "import { model } from '../models/model.ts';\nexport const lbfgs = 1; export const m = model;\n");
    file('src/verify/plan.ts', "import { main } from '../cli/main.ts';\nimport { all } from '../../theorems/index.ts';\nexport const plan = [main, all];\n");
    file('src/cli/main.ts', 'export const main = 1;\n');
    file('theorems/index.ts', 'export const all = 1;\n');
    const names = new Set(violations(dir, ['src', 'theorems']).map((v) => v.rule.name));
    expect([...names].sort()).toEqual(['layer-train', 'layer-verify', 'library-not-to-cli', 'library-not-to-theorems-or-properties', 'no-circular']);
  });
});
