// The docs' console blocks, as data, and the rule that says whether a real
// output matches what a block shows. A ```console block is a sequence of
// commands (`$ …`, continued by a trailing backslash) each followed by the
// standard output it prints. Matching, line by line:
//  - a line that is only `…` stands for any number of lines (none included);
//  - `…` inside a line stands for any text;
//  - runs of spaces match any run of spaces;
//  - every number is matched to the digits it states: `0.00995` matches
//    0.009950000000000001, `4.5e-7` matches 4.46e-7, an integer matches only itself;
//  - everything else is literal.
import { readFileSync } from 'node:fs';

export interface ConsoleCommand {
  readonly command: string;
  readonly expected: readonly string[];
}

export interface ConsoleBlock {
  readonly file: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  readonly commands: readonly ConsoleCommand[];
}

export function consoleBlocks(file: string, text = readFileSync(file, 'utf8')): ConsoleBlock[] {
  const lines = text.split('\n');
  const blocks: ConsoleBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,})console\s*$/.exec(lines[i]);
    if (open === null) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i].trim() !== open[2]; i++) body.push(lines[i].slice(open[1].length));
    const commands: { command: string; expected: string[] }[] = [];
    for (let j = 0; j < body.length; j++) {
      if (body[j].startsWith('$ ')) {
        let command = body[j].slice(2);
        while (command.endsWith('\\') && j + 1 < body.length) command = `${command.slice(0, -1)}${body[++j].replace(/^>\s?/, '')}`;
        commands.push({ command: command.trim(), expected: [] });
      } else if (commands.length > 0) commands[commands.length - 1].expected.push(body[j]);
      else throw new Error(`${file}:${start + 1}: a console block must start with a command line ("$ …")`);
    }
    blocks.push({ file, line: start + 1, commands });
  }
  return blocks;
}

const NUMBER = /\d+(?:\.\d+)?(?:[eE][-+]?\d+)?/y;

/** The half-unit in the last digit an expected number states. */
function stated(token: string): number {
  const [mantissa, exponent] = token.toLowerCase().split('e');
  const decimals = mantissa.includes('.') ? mantissa.split('.')[1].length : 0;
  return 0.5 * 10 ** ((exponent === undefined ? 0 : Number(exponent)) - decimals);
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
}

/** Whether one actual line matches one expected line; the reason when it does not. */
export function lineMatches(expected: string, actual: string): string | true {
  let pattern = '';
  const numbers: string[] = [];
  let literal = '';
  for (let i = 0; i < expected.length; ) {
    if (expected[i] === '…') {
      pattern += `${escape(literal)}.*?`;
      literal = '';
      i++;
      continue;
    }
    // A number starts at a digit not glued to a preceding letter or digit (so "TB22" stays literal).
    NUMBER.lastIndex = i;
    const m = /\d/.test(expected[i]) && !/[A-Za-z0-9_]/.test(expected[i - 1] ?? '') ? NUMBER.exec(expected) : null;
    if (m !== null && !/[A-Za-z_]/.test(expected[i + m[0].length] ?? '')) {
      pattern += `${escape(literal)}(\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?)`;
      literal = '';
      numbers.push(m[0]);
      i += m[0].length;
      continue;
    }
    literal += expected[i++];
  }
  pattern += escape(literal);
  const match = new RegExp(`^${pattern}$`, 'u').exec(actual);
  if (match === null) return 'text differs';
  for (let k = 0; k < numbers.length; k++) {
    const want = Number(numbers[k]);
    const got = Number(match[k + 1]);
    if (!(Math.abs(got - want) <= stated(numbers[k]) * (1 + 1e-12))) return `${match[k + 1]} is not ${numbers[k]} to the digits stated`;
  }
  return true;
}

const trimEnd = (lines: readonly string[]): string[] => {
  const out = lines.map((l) => l.trimEnd());
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out;
};

/** Matches a command's whole output; on failure, the first expected line that found no match, and why. */
export function outputMatches(expectedLines: readonly string[], actualText: string): true | string {
  const expected = trimEnd(expectedLines);
  const actual = trimEnd(actualText.split('\n'));
  let deepest = { line: 0, reason: '' };
  // Backtracking over the `…` lines; memoized on (expected index, actual index).
  const seen = new Set<string>();
  const go = (e: number, a: number): boolean => {
    const key = `${e},${a}`;
    if (seen.has(key)) return false;
    seen.add(key);
    if (e === expected.length) {
      if (a === actual.length) return true;
      if (e >= deepest.line) deepest = { line: e, reason: 'more' };
      return false;
    }
    if (expected[e].trim() === '…') {
      for (let skip = a; skip <= actual.length; skip++) if (go(e + 1, skip)) return true;
      return false;
    }
    if (a === actual.length) {
      if (e >= deepest.line) deepest = { line: e, reason: 'the output ended before it' };
      return false;
    }
    const r = lineMatches(expected[e], actual[a]);
    if (r !== true) {
      if (e >= deepest.line) deepest = { line: e, reason: `${r}; the output has ${JSON.stringify(actual[a])}` };
      return false;
    }
    return go(e + 1, a + 1);
  };
  if (go(0, 0)) return true;
  if (deepest.line >= expected.length) return 'the output has more lines than the block shows (end the block with a "…" line to elide them)';
  return `expected line ${deepest.line + 1} ${JSON.stringify(expected[deepest.line])}: ${deepest.reason}`;
}
