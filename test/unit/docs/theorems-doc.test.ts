// docs/theorems.md is the in-repo theorem reference: it must describe exactly
// the library the code ships. Every built-in theorem and empirical claim has a
// section; each of its clauses, non-claims and provenance labels appears in it;
// and no section describes a theorem the library lacks.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { provenanceLabel } from '../../../src/theorem/provenance.ts';
import { builtinClaims } from '../../../theorems/empirical/index.ts';
import { builtinTheorems } from '../../../theorems/index.ts';

const doc = readFileSync('docs/theorems.md', 'utf8');

/** The text of the `### ID — …` section, up to the next heading of level ≤ 3. */
function section(id: string): string | undefined {
  const lines = doc.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`### ${id} — `));
  if (start < 0) return undefined;
  const end = lines.findIndex((l, i) => i > start && /^#{1,3} /.test(l));
  return lines.slice(start, end < 0 ? undefined : end).join('\n');
}

const entries = [
  ...builtinTheorems.map((t) => ({ id: t.id, provenance: t.provenance, clauses: t.clauses.map((c) => ({ id: c.id, provenance: c.provenance ?? t.provenance })), nonClaims: t.nonClaims ?? [] })),
  ...builtinClaims
    .filter((c) => !/\.(iris|mnist)$/.test(c.id))
    .map((c) => ({ id: c.id, provenance: c.provenance, clauses: c.clauses.map((k) => ({ id: k.id, provenance: k.provenance ?? c.provenance })), nonClaims: c.nonClaims })),
];

describe('docs/theorems.md', () => {
  it.each(entries.map((e) => [e.id, e] as const))('documents %s: its provenance, every clause and every non-claim', (id, entry) => {
    const text = section(id);
    expect(text, `no "### ${id} — " section`).toBeDefined();
    expect(text).toContain(provenanceLabel(entry.provenance));
    for (const clause of entry.clauses) {
      expect(text, clause.id).toContain(`| \`${clause.id}\` |`);
      expect(text, clause.id).toContain(provenanceLabel(clause.provenance).replaceAll('|', '\\|'));
    }
    for (const n of entry.nonClaims) expect(text, n.statement).toContain(n.statement);
  });

  it('names each iris and MNIST variant under its claim, and describes no theorem the library lacks', () => {
    for (const c of builtinClaims.filter((k) => /\.(iris|mnist)$/.test(k.id))) expect(section(c.id.replace(/\.(iris|mnist)$/, ''))).toContain(`\`${c.id}\``);
    const documented = [...doc.matchAll(/^### (\S+) — /gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual(entries.map((e) => e.id).sort());
  });
});
