import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLibrary, selectClaims, selectedTheorems } from '../../../src/cli/library.ts';
import { builtinTheorems, suiteTheorems } from '../../../theorems/index.ts';
import { run } from './run.ts';

describe('verify --suite consistency', () => {
  it('runs every "A_vs_B" relation (and only those), each verified', async () => {
    const out = mkdtempSync(join(tmpdir(), 'nc-check-consistency-'));
    const { code, err } = await run('verify', '--suite', 'consistency', '--runs', '2', '--out', out);
    expect(err).not.toMatch(/error/i);
    expect(code).toBe(0);
    const doc = JSON.parse(readFileSync(join(out, 'theorem-coverage.json'), 'utf8')) as { theorems: { id: string }[] };
    expect(doc.theorems.map((t) => t.id)).toEqual(suiteTheorems.map((t) => t.id));
  });

  it('a relation runs by its id; an unknown suite is a usage error', async () => {
    const out = mkdtempSync(join(tmpdir(), 'nc-check-consistency-'));
    expect((await run('verify', 'ZDZ+22_vs_TB22-B', '--runs', '2', '--out', out)).code).toBe(0);
    const bad = await run('verify', '--suite', 'consistent');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('expected builtin (alias theorems), empirical, consistency or all');
  });

  it('is part of the default run (no ids, no --suite, no files); --suite builtin and a --theorems file leave it out', async () => {
    const library = await loadLibrary();
    const ids = (suite: 'builtin' | undefined, names: string[] = []) => selectedTheorems(library, selectClaims(library, names, suite)).theorems.map((t) => t.id);
    const relations = suiteTheorems.map((t) => t.id);
    expect(ids(undefined)).toEqual([...builtinTheorems.map((t) => t.id), ...relations]);
    expect(ids('builtin')).toEqual(builtinTheorems.map((t) => t.id));
    expect(ids(undefined, ['TB22-B'])).toEqual(['TB22-B']);
    expect(selectClaims(library, [], undefined, ['my-theorems.ts']).consistency).toBe(false);
  });
});
