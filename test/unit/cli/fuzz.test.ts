// The CLI fuzzed (fast-check): argv and --regime JSON with wrong types,
// NaN/Infinity, huge and negative sizes, unknown and prototype keys, unicode,
// empty strings, hostile paths and files. Every case must end with exit 0, 1
// or 2 — never an exception, a stack trace or an internal error — and a usage
// error must be one line. 1,200 cases run in-process through main(), plus a
// handful through ./bin/nc-check as child processes for the launcher's own
// handling end to end.
//
// No case hangs: sizes are either small or beyond nc-check's bounds (which
// must then refuse them with a message), and commands that compute get a
// small budget first (--runs 1 --restarts 1 …) that the fuzzed options may
// override with hostile values. Everything is written under a temp folder.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { run } from './run.ts';

const root = mkdtempSync(join(tmpdir(), 'nc-check-fuzz-'));
let counter = 0;
const fresh = () => join(root, `out-${counter++}`);

// Files a fuzzed command may be pointed at.
const files = (() => {
  const f = (name: string, content: string) => {
    writeFileSync(join(root, name), content);
    return join(root, name);
  };
  mkdirSync(join(root, 'empty-dir'));
  const hostile = JSON.stringify({
    schemaVersion: 1,
    meta: { tool: 'nc-check', version: '<script>', node: 'x', backend: 'b', dtype: 'float64', seed: 1, runs: 1, modes: ['inside'], train: { optimizer: 'lbfgs', restarts: 1, gradientTolerance: 1, maxIterations: 1, initScale: 1 }, command: '"><img src=x>', startedAt: '&' },
    theorems: [],
    summary: { passed: 0, failed: 0, skipped: 0, inconclusive: 0, vacuous: 0, notRun: 0, violatedOutsideHypothesis: 0, errors: 0 },
  });
  return [
    'test/fixtures/results/failing.json',
    'test/fixtures/results/modes.json',
    f('not-json.json', '{"schemaVersion":'),
    f('array.json', '[]'),
    f('version.json', '{"schemaVersion":99}'),
    f('hostile.json', hostile),
    join(root, 'missing.json'),
    join(root, 'empty-dir'),
    '',
  ];
})();
/** A real coverage file with one value somewhere replaced (a wrong type, null, a hostile string…): written to a temp file. */
const fixture = JSON.parse(readFileSync('test/fixtures/results/failing.json', 'utf8')) as unknown;
function mutated(steps: readonly number[], value: unknown, drop: boolean): string {
  const doc = structuredClone(fixture) as Record<string, unknown>;
  let node: Record<string, unknown> = doc;
  for (const [i, step] of steps.entries()) {
    const keys = Object.keys(node);
    if (keys.length === 0) break;
    const key = keys[step % keys.length];
    const child = node[key];
    if (i === steps.length - 1 || typeof child !== 'object' || child === null) {
      if (drop) delete node[key];
      else node[key] = value;
      break;
    }
    node = child as Record<string, unknown>;
  }
  const file = join(root, `mutated-${counter++}.json`);
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

/** Tensor files for `measure`: the numpy-written fixtures (good and bad), and the hostile files above. */
const measureFiles = [
  ...readdirSync('test/fixtures/measure')
    .filter((f) => !f.endsWith('.py'))
    .map((f) => join('test/fixtures/measure', f)),
  ...files,
];

const theoremFiles = ['test/fixtures/my-claim.ts', 'test/fixtures/no-theorem.ts', 'test/fixtures/broken/theorems.ts', 'test/fixtures/broken/throws-on-load.ts', join(root, 'nope.ts'), ''];

const hostileText = fc.oneof(
  fc.constantFrom('', ' ', '-', '--', '-x', '--nope', 'NaN', 'Infinity', '-Infinity', '1e309', '-1', '0', '1.5', '9999999999999999999', '0x10', 'null', 'true', '[]', '{}', '../../etc/passwd', '<script>alert(1)</script>', 'é∑😀\u202e', '\u0000', 'auto', '2/2', '-0', ' 3 ', '1e3'),
  fc.string({ maxLength: 10 }),
  fc.string({ unit: 'binary', maxLength: 6 }),
);

/** Numbers a regime may get: small valid ones, and hostile ones well outside any valid range or beyond the size bounds. */
const regimeNumber = fc.oneof(
  fc.constantFrom(1, 2, 3, 4, 0.01, 0.1, 1, 10),
  fc.constantFrom(0, -1, -0, 0.5, 1e-320, 1e300, -1e300, 2 ** 53, 2 ** 31, 1e7, 123456789),
  fc.integer({ min: -3, max: 4 }),
  fc.double(),
);
const regimeValue = fc.oneof(
  { weight: 4, arbitrary: regimeNumber },
  fc.string({ maxLength: 4 }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(fc.integer({ min: -2, max: 3 }), fc.double()), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 2 }),
);
const regimeKeyName = fc.oneof(fc.constantFrom('K', 'n', 'd', 'lambdaW', 'lambdaH', 'lambdaB', 'classSizes', 'lamdaW', '__proto__', 'constructor', 'toString', '', 'é'), fc.string({ maxLength: 5 }));
const validRegime = fc.record({
  K: fc.constantFrom(2, 3),
  n: fc.constantFrom(1, 2),
  d: fc.integer({ min: 1, max: 4 }),
  lambdaW: fc.constantFrom(0.01, 0.1, 1),
  lambdaH: fc.constantFrom(0.01, 0.1, 1),
});

/** --regime text: a small valid regime, one with a key broken, added or removed, raw non-JSON tokens, or anything. */
const regimeText = fc.oneof(
  { weight: 2, arbitrary: validRegime.map((r) => JSON.stringify(r)) },
  { weight: 4, arbitrary: fc.tuple(validRegime, regimeKeyName, regimeValue).map(([r, k, v]) => JSON.stringify({ ...r, [k]: v })) },
  fc.tuple(validRegime, fc.constantFrom('K', 'n', 'd', 'lambdaW')).map(([r, k]) => JSON.stringify({ ...r, [k]: undefined })),
  fc.tuple(validRegime, fc.constantFrom('NaN', 'Infinity', '-Infinity', '1e999', '"3"', '[3]', '0x3')).map(([r, t]) => JSON.stringify(r).replace(/"K":\d+/, `"K":${t}`)),
  fc.dictionary(regimeKeyName, regimeValue, { maxKeys: 7 }).map((o) => JSON.stringify(o)),
  fc.json({ maxDepth: 2 }),
  hostileText,
);

const theoremId = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('TB22-T3.1', 'TB22-B') },
  fc.constantFrom('MY-CLAIM', 'BROKEN~throws', 'tb22-t3.1', '../x'),
  hostileText,
);
const fromPool = <T>(...values: T[]) => fc.constantFrom(...values);
const optionValue = (valid: fc.Arbitrary<string>) => fc.oneof({ weight: 3, arbitrary: valid }, { weight: 1, arbitrary: hostileText });

/** Options a command may get, each with a small valid value or a hostile one; drawn as a subset, in any order. */
const trainOptions = fc.subarray([
  ['--restarts', optionValue(fromPool('1', '2'))],
  ['--optimizer', optionValue(fromPool('lbfgs', 'gd'))],
  ['--init-scale', optionValue(fromPool('0.5', '0.1'))],
  ['--gtol', optionValue(fromPool('1e-10', '1e-6'))],
  ['--max-iter', optionValue(fromPool('50', '200'))],
  ['--backend', optionValue(fromPool('cpu-f64', 'f64', 'auto'))],
  ['--seed', optionValue(fromPool('1', '-7', '2147483647'))],
] as const);
const verifyOptions = fc.subarray([
  ['--runs', optionValue(fromPool('1'))],
  ['--mode', optionValue(fromPool('inside', 'outside', 'inside,outside'))],
  ['--path', optionValue(fromPool('0', '0:1'))],
  ['--max-shrinks', optionValue(fromPool('1'))],
  ['--shard', optionValue(fromPool('0/1', '0/2', '1/2'))],
  ['--shard-count', optionValue(fromPool('2'))],
  ['--theorems', fc.constantFrom(...theoremFiles)],
] as const);
const flags = fc.subarray(['--json', '--no-shrink', '--resume', '--no-db', '--help']);

type Case = fc.Arbitrary<string[]>;
const options = (picked: readonly (readonly [string, fc.Arbitrary<string>])[]): Case =>
  fc.tuple(...picked.map(([name, value]) => value.map((v) => [name, v]))).map((pairs) => pairs.flat());
const withOptions = (list: fc.Arbitrary<readonly (readonly [string, fc.Arbitrary<string>])[]>): Case => list.chain(options);

const cases: Case = fc.oneof(
  { weight: 5, arbitrary: fc.tuple(theoremId, regimeText, fc.subarray(['--json'])).map(([id, r, f]) => ['predict', id, '--regime', r, ...f]) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.constantFrom('ufm-mse', 'ufm-mse', 'ufm-mse', 'ufm-nope', ''), regimeText, withOptions(trainOptions), fc.subarray(['--json']))
      .map(([m, r, o, f]) => ['train', m, '--regime', r, '--max-iter', '300', ...o, ...f]),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(theoremId, regimeText, withOptions(trainOptions), withOptions(verifyOptions), flags)
      .map(([id, r, t, v, f]) => ['verify', id, '--regime', r, '--restarts', '1', '--max-iter', '300', '--out', fresh(), '--db', fresh(), ...t, ...v, ...f]),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.subarray(['TB22-B', 'NOPE', 'MY-CLAIM']), withOptions(trainOptions), withOptions(verifyOptions), flags)
      .map(([ids, t, v, f]) => ['verify', ...ids, '--runs', '1', '--restarts', '1', '--max-iter', '300', '--max-shrinks', '1', '--mode', 'inside', ...t, ...v, ...f, '--out', fresh(), '--no-db']),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom(...files), optionValue(fromPool('html', 'junit', 'md', 'lcov', 'json-summary', 'json', 'text')), fc.boolean())
      .map(([file, format, out]) => ['report', file, '--format', format, ...(out ? ['--out', join(fresh(), 'view.out')] : [])]),
  },
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.array(fc.nat(), { minLength: 1, maxLength: 8 }), fc.oneof(fc.constant(null), fc.constant({}), fc.constant([]), fc.constant(-1), fc.constant(1e308), fc.string({ maxLength: 3 }), fc.constant('<script>x</script>'), fc.boolean()), fc.boolean(), fc.constantFrom('html', 'junit', 'md', 'lcov', 'json-summary', 'text'))
      .map(([steps, value, drop, format]) => ['report', mutated(steps, value, drop), '--format', format]),
  },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...files), fc.constantFrom(...files), withOptions(fc.subarray([['--margin-factor', optionValue(fromPool('10'))], ['--margin-floor', optionValue(fromPool('0.001'))]] as const))).map(([a, b, o]) => ['diff', a, b, ...o]) },
  { weight: 1, arbitrary: fc.array(fc.constantFrom(...files, root, 'test/fixtures/results'), { maxLength: 3 }).map((dirs) => ['merge', ...dirs, '--out', fresh()]) },
  { weight: 1, arbitrary: fc.tuple(fc.option(hostileText, { nil: undefined }), fc.subarray(['--list', '--json'])).map(([id, f]) => ['replay', ...(id === undefined ? [] : [id]), ...f, '--db', fresh()]) },
  { weight: 1, arbitrary: fc.tuple(fc.subarray(theoremFiles), fc.subarray(['--json'])).map(([t, f]) => ['list', ...(t.length > 0 ? ['--theorems', ...t] : []), ...f]) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(theoremId, fc.subarray([['--runs', optionValue(fromPool('1'))], ['--budget', optionValue(fromPool('1'))], ['--clause', optionValue(fromPool('optimal-loss'))], ['--seed', optionValue(fromPool('3'))]] as const).chain(options))
      .map(([id, o]) => ['explore', id, '--runs', '1', '--budget', '1', '--restarts', '1', '--mode', 'inside', '--clause', 'optimal-loss', ...o, '--out', fresh()]),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.constantFrom(...measureFiles),
        fc.option(fc.constantFrom(...measureFiles, ':labels', ':nope'), { nil: undefined }),
        fc.option(fc.constantFrom(...measureFiles, ':W', ':b'), { nil: undefined }),
        withOptions(
          fc.subarray([
            ['--bootstrap', optionValue(fromPool('0', '3'))],
            ['--layout', optionValue(fromPool('nd', 'dn'))],
            ['--tolerance', optionValue(fromPool('0.1'))],
            ['--nc1-threshold', optionValue(fromPool('0.5'))],
            ['--global-mean', optionValue(fromPool('samples', 'class-means'))],
            ['--bias', fc.constantFrom(...measureFiles, ':b')],
            ['--layer', optionValue(fromPool(`h=${measureFiles[0]}`, 'x=:features'))],
          ] as const),
        ),
        fc.subarray(['--json']),
      )
      .map(([features, labels, weights, o, f]) => ['measure', '--features', features, ...(labels === undefined ? [] : ['--labels', labels]), ...(weights === undefined ? [] : ['--weights', weights]), '--bootstrap', '5', ...o, ...f, '--out', fresh()]),
  },
  { weight: 2, arbitrary: fc.array(hostileText, { minLength: 0, maxLength: 5 }) },
);

const STACK = /^\s+at \S.*[:(]\d+:\d+\)?$/m;

function checkOutcome(argv: readonly string[], code: number | null, err: string): void {
  const where = `argv ${JSON.stringify(argv)} → exit ${code}\n${err}`;
  expect([0, 1, 2], where).toContain(code);
  expect(err, where).not.toMatch(STACK);
  expect(err, where).not.toContain('internal error');
  if (code === 2) {
    expect(err.trim().split('\n'), where).toHaveLength(1);
    expect(err, where).toMatch(/^nc-check: /);
  }
}

describe('the CLI under fuzzed input', () => {
  it('ends every case with exit 0, 1 or 2 and never a stack trace (1,200 cases in-process)', async () => {
    const seen = { 0: 0, 1: 0, 2: 0 } as Record<number, number>;
    await fc.assert(
      fc.asyncProperty(cases, async (argv) => {
        let result: Awaited<ReturnType<typeof run>>;
        try {
          result = await run(...argv);
        } catch (e) {
          throw new Error(`argv ${JSON.stringify(argv)} threw ${e instanceof Error ? e.stack : String(e)}`);
        }
        checkOutcome(argv, result.code, result.err);
        seen[result.code] = (seen[result.code] ?? 0) + 1;
      }),
      { numRuns: 1200, seed: 20260601, endOnFailure: true },
    );
    // The fuzzer reaches past validation too: some cases compute and pass, some find violations (broken theorems).
    expect(seen[0]).toBeGreaterThan(50);
    expect(seen[2]).toBeGreaterThan(300);
  });

  it('through ./bin/nc-check as well: exit 0, 1 or 2, no stack trace, no internal error', async () => {
    // A process's arguments cannot hold a NUL byte (spawn refuses them): those cases run in-process only.
    const sample = fc.sample(cases, { seed: 7, numRuns: 24 }).filter((argv) => argv.every((a) => !a.includes('\0'))).slice(0, 6);
    const outcomes = await Promise.all(
      sample.map(
        (argv) =>
          new Promise<{ argv: string[]; code: number | null; err: string }>((resolve) => {
            const child = spawn('./bin/nc-check', argv, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NC_CHECK_DEBUG: '' } });
            let err = '';
            child.stderr.on('data', (d: Buffer) => (err += d.toString()));
            child.on('close', (code) => resolve({ argv, code, err }));
          }),
      ),
    );
    for (const o of outcomes) checkOutcome(o.argv, o.code, o.err);
  });
});
