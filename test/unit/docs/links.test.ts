// The docs are reachable and their links resolve: the README and docs/index.md
// link every page in docs/, and every relative link in the README and docs/
// points at a file that exists (anchors are not checked).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

const pages = readdirSync('docs').filter((f) => f.endsWith('.md'));
const sources = ['README.md', ...pages.map((p) => join('docs', p))];

/** Relative link targets of a Markdown file, outside code. */
function links(file: string): string[] {
  const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((l) => !/^[a-z]+:/i.test(l) && !l.startsWith('#'));
}

describe('docs/', () => {
  it('every page is linked from the README and from docs/index.md', () => {
    const readme = links('README.md');
    const index = links('docs/index.md');
    for (const page of pages) {
      expect(readme, `README.md does not link docs/${page}`).toContain(`docs/${page}`);
      if (page !== 'index.md') expect(index, `docs/index.md does not link ${page}`).toContain(page);
    }
  });

  it.each(sources)('%s: every relative link resolves', (file) => {
    const broken = links(file).filter((l) => !existsSync(join(dirname(file), l.split('#')[0])));
    expect(broken).toEqual([]);
  });
});
