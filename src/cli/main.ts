// The nc-check command line. `main` is a plain async function returning the
// exit code, so tests run it in-process; bin/nc-check only wires it to the
// process. Usage errors of any kind (unknown id, malformed JSON, out-of-range
// parameter, bad option) print one line and exit 2; anything else is a bug
// and keeps its stack trace.
import { Command, CommanderError, Option } from 'commander';
import { DEFAULT_BACKEND, loadBackend } from '../backend/registry.ts';
import { UsageError } from '../errors.ts';
import { selectTheorems } from '../theorem/registry.ts';
import { loadLibrary } from './library.ts';
import { listCommand } from './list.ts';
import { mutantsCommand } from './mutants.ts';
import { predictCommand } from './predict.ts';
import { trainCommand } from './train.ts';
import { DEFAULT_RUNS, packageVersion, verifyCommand } from './verify.ts';

export { DEFAULT_RUNS };
import { processIo, type Io } from './io.ts';
import * as parse from './parse.ts';

export const DEFAULT_OUT = 'reports';

function trainingOptions(cmd: Command): Command {
  return cmd
    .option('--restarts <n>', 'random initializations per regime', parse.positiveInteger)
    .addOption(new Option('--optimizer <name>', 'lbfgs (default) or gd').argParser(parse.optimizer))
    .option('--init-scale <s>', 'standard deviation of the Gaussian initialization (default 0.5)', parse.positiveNumber)
    .option('--gtol <tol>', 'stopping certificate ||∇L||_P ≤ gtol·max(1,|L|) (default 1e-13)', parse.positiveNumber)
    .option('--max-iter <n>', 'iteration budget per restart (default 20000)', parse.positiveInteger)
    .option('--backend <name>', `compute backend (default ${DEFAULT_BACKEND})`, DEFAULT_BACKEND);
}

function build(io: Io, setExit: (code: number) => void, argv: readonly string[]): Command {
  const program = new Command('nc-check')
    .description('Property-based verification of neural-collapse theorems on unconstrained features models.')
    .version(packageVersion())
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err, outputError: () => undefined })
    .showHelpAfterError(false);

  program
    .command('list')
    .description('list the theorems (built-in and --theorems files) with provenance, parameters and clauses')
    .option('--json', 'machine-readable output')
    .option('--theorems <file...>', 'also load theorems from these files')
    .action(async (o: { json?: boolean; theorems?: string[] }) => {
      setExit(listCommand((await loadLibrary(o.theorems)).theorems, o, io));
    });

  program
    .command('predict')
    .description("print a theorem's closed-form prediction for one regime, in the theorem's normalization")
    .argument('<theoremId>')
    .requiredOption('--regime <json>', 'regime as JSON, e.g. \'{"K":3,"n":2,"d":4,"lambdaW":0.01,"lambdaH":0.01}\'')
    .option('--json', 'machine-readable output')
    .option('--theorems <file...>', 'also load theorems from these files')
    .action(async (id: string, o: { regime: string; json?: boolean; theorems?: string[] }) => {
      setExit(predictCommand((await loadLibrary(o.theorems)).theorems, id, o, io));
    });

  trainingOptions(
    program
      .command('train')
      .description('train a model from random initialization and report its endpoint next to the certified minimum')
      .argument('<modelId>')
      .requiredOption('--regime <json>', 'regime as JSON')
      .option('--seed <s>', 'seed of the initializations', parse.seed, 1)
      .option('--json', 'machine-readable output'),
  ).action(
    async (
      modelId: string,
      o: { regime: string; seed: number; json?: boolean; backend: string; restarts?: number; optimizer?: 'lbfgs' | 'gd'; initScale?: number; gtol?: number; maxIter?: number },
    ) => {
      const backend = await loadBackend(o.backend);
      setExit(
        trainCommand(backend, modelId, {
          regime: o.regime,
          json: o.json,
          seed: o.seed,
          restarts: o.restarts,
          optimizer: o.optimizer,
          initScale: o.initScale,
          gradientTolerance: o.gtol,
          maxIterations: o.maxIter,
        }, io),
      );
    },
  );

  trainingOptions(
    program
      .command('verify')
      .description('check every clause of the selected theorems (default: all) on random regimes')
      .argument('[theoremIds...]')
      .option('--runs <n>', `regimes per theorem and mode (default ${DEFAULT_RUNS}, or the theorem's own lower default)`, parse.positiveInteger)
      .option('--seed <s>', 'run seed (regimes, initializations)', parse.seed, 1)
      .addOption(new Option('--mode <modes>', 'inside, near, outside, a comma list, or all (default inside)').argParser(parse.modes))
      .option('--out <dir>', 'results folder', DEFAULT_OUT)
      .option('--theorems <file...>', 'also load theorems from these files')
      .option('--path <path>', 'replay one fast-check path (one theorem, one --mode)', parse.fastCheckPath)
      .option('--regime <json>', 'evaluate exactly this regime (one theorem)')
      .option('--no-shrink', 'report the first violating regime without shrinking it')
      .option('--max-shrinks <n>', 'regime evaluations the shrinker may spend per violated clause', parse.positiveInteger, 40)
      .option('--json', 'print the coverage document instead of the table'),
  ).action(async (ids: string[], o: Parameters<typeof verifyCommand>[2]) => {
    const library = await loadLibrary(o.theorems);
    const backend = await loadBackend(o.backend);
    setExit(await verifyCommand(selectTheorems(library.theorems, ids), backend, o, io, argv, library.fileOf));
  });

  program
    .command('mutants')
    .description('run the mutant fixtures (theorems with one deliberate mistake); exit 0 only when every one is caught')
    .option('--runs <n>', 'regimes per mutant (default 8)', parse.positiveInteger)
    .option('--seed <s>', 'run seed', parse.seed, 1)
    .option('--backend <name>', `compute backend (default ${DEFAULT_BACKEND})`, DEFAULT_BACKEND)
    .option('--json', 'machine-readable output (the closing line still follows)')
    .action(async (o: { runs?: number; seed: number; backend: string; json?: boolean }) => {
      const { mutants } = await import('../../theorems/mutants/index.ts');
      setExit(await mutantsCommand(mutants, await loadBackend(o.backend), o, io));
    });

  return program;
}

export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  let exit = 0;
  const program = build(io, (code) => (exit = code), argv);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exit;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.exitCode === 0) return 0; // --help, --version
      io.err(`nc-check: ${e.message.replace(/^error: /, '')}\n`);
      return 2;
    }
    if (e instanceof UsageError) {
      io.err(`nc-check: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
