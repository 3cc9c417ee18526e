// Every ```console block in README.md and docs/ is executed, and its commands'
// real output — standard output, then standard error — must match what the
// block shows (test/support/console-blocks.ts says how: `…` elides, numbers
// match to their stated digits). So the docs cannot drift from what the tool
// prints. Commands run from the repository root with bash, `nc-check` on PATH
// (bin/), without the failure database (NC_CHECK_DB=off, as in every test); a
// command that appears in several blocks runs once.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { consoleBlocks, lineMatches, outputMatches } from '../../support/console-blocks.ts';

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? markdownFiles(join(dir, e.name)) : e.name.endsWith('.md') ? [join(dir, e.name)] : []));
}

const blocks = ['README.md', ...markdownFiles('docs')].flatMap((f) => consoleBlocks(f));
const outputs = new Map<string, string>();

function run(command: string): string {
  let out = outputs.get(command);
  if (out === undefined) {
    const env = { ...process.env, NO_COLOR: '1', NC_CHECK_DB: 'off', PATH: `${resolve('bin')}:${process.env.PATH ?? ''}` };
    const r = spawnSync('bash', ['-c', command], { encoding: 'utf8', env, timeout: 300_000, maxBuffer: 64 << 20 });
    if (r.error !== undefined) throw new Error(`${command}: ${r.error.message}`);
    out = `${r.stdout}${r.stderr}`;
    outputs.set(command, out);
  }
  return out;
}

describe('console blocks in README.md and docs/', () => {
  it('exist (the README shows a worked example)', () => {
    expect(blocks.filter((b) => b.file === 'README.md').length).toBeGreaterThan(0);
  });

  it.each(blocks.map((b) => [`${b.file}:${b.line}`, b] as const))('%s prints what it shows', (_where, block) => {
    for (const { command, expected } of block.commands) {
      const verdict = outputMatches(expected, run(command));
      expect(verdict, `${block.file}:${block.line} $ ${command}`).toBe(true);
    }
  });
});

describe('the console-block matcher', () => {
  it('matches numbers to their stated digits, and only to them', () => {
    expect(lineMatches('  loss = 0.00995', '  loss = 0.009950000000000001')).toBe(true);
    expect(lineMatches('  WnormSq = 2.97', '  WnormSq = 2.9699999999999998')).toBe(true);
    expect(lineMatches('worst margin 4.5e-7', 'worst margin 4.46e-7')).toBe(true);
    expect(lineMatches('  loss = 0.00995', '  loss = 0.0100')).not.toBe(true);
    expect(lineMatches('20/20 passed', '19/20 passed')).not.toBe(true);
    expect(lineMatches('worst margin 4.5e-7', 'worst margin 4.5e-6')).not.toBe(true);
    expect(lineMatches('TB22-T3.1 verified', 'TB22-T3.2 verified')).not.toBe(true);
  });

  it('elides with …, within a line and across lines, and refuses unshown lines', () => {
    expect(lineMatches('restart 0: converged — L = 0.00995, … s', 'restart 0: converged — L = 0.00995, 137 iterations, 0.006 s')).toBe(true);
    expect(lineMatches('a    b', 'a b')).toBe(true);
    expect(outputMatches(['first', '…', 'last'], 'first\nx\ny\nlast\n')).toBe(true);
    expect(outputMatches(['first', '…'], 'first\nanything\n')).toBe(true);
    expect(outputMatches(['first'], 'first\nmore\n')).toMatch(/more lines/);
    expect(outputMatches(['first', 'second'], 'first\nsecond changed\n')).toMatch(/expected line 2/);
  });

  it('reads commands, continuations and their outputs from a block', () => {
    const [block] = consoleBlocks('x.md', 'text\n```console\n$ echo a \\\n  b\na b\n$ true\n```\n');
    expect(block.commands).toEqual([
      { command: 'echo a   b', expected: ['a b'] },
      { command: 'true', expected: [] },
    ]);
  });
});
