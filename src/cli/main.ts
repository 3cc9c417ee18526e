// The nc-check command line. `main` is a plain async function returning the
// exit code, so tests run it in-process; bin/nc-check only wires it to the
// process. Usage errors of any kind (unknown id, malformed JSON, out-of-range
// parameter, bad option) print one line and exit 2; anything else is a bug
// and keeps its stack trace.
import { Command, CommanderError, Option } from 'commander';
import type { Backend } from '../backend/backend.ts';
import { DEFAULT_BACKEND, loadBackend } from '../backend/registry.ts';
import { UsageError } from '../errors.ts';
import { requestedKernelPath } from '../linalg/wasm/heap.ts';
import { kernelThreadCount } from '../linalg/wasm/kernel-threads.ts';
import { planCommand } from './plan.ts';
import { selectTheorems } from '../theorem/registry.ts';
import { loadLibrary, refuseClaim, selectClaims, selectedTheorems, type Suite } from './library.ts';
import { listCommand } from './list.ts';
import { newCommand } from './new.ts';
import { checkCommand } from './check.ts';
import { mutantsCommand } from './mutants.ts';
import { predictCommand } from './predict.ts';
import { trainCommand } from './train.ts';
import { DEFAULT_RUNS, verifyCommand } from './verify.ts';
import { packageVersion } from '../run/meta.ts';
import { diffCommand } from './diff.ts';
import { mergeCommand } from './merge.ts';
import { measureCommand } from './measure.ts';
import { exploreCommand } from './explore.ts';
import { parseFormat, reportCommand } from './report.ts';
import { replayCommand } from './replay.ts';
import { DEFAULT_DIFF } from '../report/diff.ts';

export { DEFAULT_RUNS };
import { processIo, type Io } from '../io.ts';
import * as parse from './parse.ts';

export const DEFAULT_OUT = 'reports';

function trainingOptions(cmd: Command): Command {
  return cmd
    .option('--restarts <n>', 'random initializations per regime', parse.boundedInteger(parse.LIMITS.restarts))
    .addOption(new Option('--optimizer <name>', 'lbfgs (default) or gd').argParser(parse.optimizer))
    .option('--init-scale <s>', 'standard deviation of the Gaussian initialization (default 0.5)', parse.positiveNumber)
    .option('--gtol <tol>', 'stopping certificate ||∇L||_P ≤ gtol·max(1,|L|) (default 1e-13)', parse.positiveNumber)
    .option('--max-iter <n>', 'iteration budget per restart (default 20000)', parse.boundedInteger(parse.LIMITS.maxIter))
    .option('--backend <name>', `compute backend (default ${DEFAULT_BACKEND})`, DEFAULT_BACKEND);
}

function build(io: Io, setExit: (code: number) => void, argv: readonly string[]): Command {
  const program = new Command('nc-check')
    .description('Property-based verification of neural-collapse theorems on unconstrained features models.')
    .version(packageVersion())
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: () => undefined, outputError: () => undefined })
    .showHelpAfterError(false);

  program
    .command('list')
    .description('list the theorems (built-in and --theorems files) with provenance, parameters and clauses')
    .option('--json', 'machine-readable output')
    .option('--theorems <file...>', 'also load theorems from these files')
    .action(async (o: { json?: boolean; theorems?: string[] }) => {
      const library = await loadLibrary(o.theorems);
      setExit(listCommand(library.theorems, o, io, library.broken, library.claims));
    });

  program
    .command('new')
    .description('write a theorem file to start from: a correct, runnable theorem with every field explained')
    .argument('<theoremId>')
    .option('--model <id>', 'model of the scaffold (ufm-mse)', 'ufm-mse')
    .option('--out <file>', 'file to write (default: <id>.ts in lower case)')
    .action((id: string, o: { model?: string; out?: string }) => {
      setExit(newCommand(id, o, io));
    });

  program
    .command('check')
    .description('type-check theorem files and run the load-time validation; file:line:col per problem, exit 2 on any')
    .argument('<files...>')
    .action(async (files: string[]) => {
      setExit(await checkCommand(files, io));
    });

  program
    .command('predict')
    .description("print a theorem's closed-form prediction for one regime, in the theorem's normalization")
    .argument('<theoremId>')
    .requiredOption('--regime <json>', 'regime as JSON, e.g. \'{"K":3,"n":2,"d":4,"lambdaW":0.01,"lambdaH":0.01}\'')
    .option('--json', 'machine-readable output')
    .option('--theorems <file...>', 'also load theorems from these files')
    .action(async (id: string, o: { regime: string; json?: boolean; theorems?: string[] }) => {
      const library = await loadLibrary(o.theorems);
      refuseClaim(library, id, 'predict');
      setExit(predictCommand(selectTheorems(library.theorems, [id], library.broken), id, o, io));
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
      .option('--runs <n>', `regimes per theorem and mode (default: ${DEFAULT_RUNS} per theorem, or the theorem's own lower default, a quarter of it in the near band when that is checked)`, parse.boundedInteger(parse.LIMITS.runs))
      .option('--seed <s>', 'run seed (regimes, initializations)', parse.seed, 1)
      .addOption(new Option('--mode <modes>', 'inside, near, outside, a comma list, or all (default: inside, plus near for every theorem with thresholds)').argParser(parse.modes))
      .option('--time-limit <duration>', 'stop starting regimes after this long (300, 90s, 5m, 1h); clauses not decided by then are inconclusive, never verified', parse.duration)
      .option('--verbose', 'print every clause table and counterexample with its numbers (default: a one-screen summary)')
      .option('--out <dir>', 'results folder', DEFAULT_OUT)
      .option('--theorems <file...>', 'load theorems from these files (without ids: run only theirs; --suite builtin adds the built-in ones)')
      .option('--path <path>', 'replay one fast-check path (one theorem, one --mode)', parse.fastCheckPath)
      .option('--regime <json>', 'evaluate exactly this regime (one theorem)')
      .option('--no-shrink', 'report the first violating regime without shrinking it')
      .option('--max-shrinks <n>', 'regime evaluations the shrinker may spend per violated clause', parse.boundedInteger(parse.LIMITS.maxShrinks), 40)
      .option('--json', 'print the coverage document instead of the table')
      .option('--db <dir>', 'failure database folder (default $NC_CHECK_DB, else ~/.cache/nc-check/<checkout>/failures)')
      .option('--no-db', 'neither replay nor store failures')
      .option('--shard <i/N|auto>', 'run shard i of N (0-based) of every mode\'s sample; auto: from Slurm, Kubernetes or NC_CHECK_SHARD_INDEX/COUNT')
      .option('--shard-count <N>', 'shard count for --shard auto where the engine does not export it (Kubernetes Indexed Jobs)', parse.positiveInteger)
      .option('--resume', 'continue the interrupted run in --out from its journal (a folder without one starts fresh)')
      .option('--workers <n>', 'worker threads evaluating regimes concurrently (default: all cores on cpu-f64 for runs of 100+ regimes, else 1)', parse.boundedInteger(parse.LIMITS.workers))
      .addOption(new Option('--suite <suite>', 'builtin (the built-in theorems; alias theorems), empirical (the claims about trained networks), consistency (built-in theorems checked against each other) or all; added to any ids given. Without ids, --suite or --theorems: builtin and consistency').argParser(parse.suite))
      .option('--seeds <n>', "empirical claims: seeds per claim (default: each claim's, 10)", parse.boundedInteger(parse.LIMITS.seeds))
      .option('--epochs <n>', "empirical claims: training epochs per network (default: each experiment's; smaller budgets are smoke tests)", parse.boundedInteger(parse.LIMITS.epochs))
      .option('--plan', 'print the estimated CPU time per theorem and mode (from per-regime costs measured here, or --costs) instead of running')
      .option('--plan-sample <n>', '--plan: regimes measured per theorem mode (default 2)', parse.boundedInteger(parse.LIMITS.runs))
      .option('--costs <file>', '--plan: take the seconds per regime from this earlier run\'s theorem-coverage.json instead of measuring'),
  ).action(async (ids: string[], o: Parameters<typeof verifyCommand>[2] & { suite?: Suite; plan?: boolean; planSample?: number; costs?: string }) => {
    const library = await loadLibrary(o.theorems);
    const pick = selectClaims(library, ids, o.suite, o.theorems);
    const backend = await loadBackend(o.backend);
    const selection = selectedTheorems(library, pick);
    if (o.plan === true) {
      const train = { restarts: o.restarts, optimizer: o.optimizer, initScale: o.initScale, gradientTolerance: o.gtol, maxIterations: o.maxIter };
      setExit(await planCommand(selection.theorems, backend as Backend<unknown>, { ...o, train: Object.fromEntries(Object.entries(train).filter(([, v]) => v !== undefined)) }, io, pick.claims.length));
      return;
    }
    if (o.planSample !== undefined || o.costs !== undefined) throw new UsageError(`${o.costs !== undefined ? '--costs' : '--plan-sample'}: only with --plan`);
    setExit(await verifyCommand(selection.theorems, backend, o, io, argv, library.fileOf, selection.broken, process.env, pick.claims));
  });

  program
    .command('measure')
    .description("measure a network trained elsewhere (features, labels, weights exported from PyTorch/JAX as .npy, .npz or .safetensors) and check the MSE UFM's predictions on it")
    .requiredOption('--features <file...>', 'penultimate features, N × d (FILE or FILE:ARRAY); several files: one run each (seeds, checkpoints)')
    .option('--labels <file...>', 'integer labels (N,) (default: the array "labels" of each features file; ":ARRAY" names another array of it)')
    .option('--weights <file...>', 'classifier W, K × d (PyTorch nn.Linear.weight)')
    .option('--bias <file...>', 'classifier bias, K entries')
    .option('--layer <name=file...>', 'features of another layer, measured with the same labels')
    .option('--weight <name=file...>', 'another weight matrix (out × in): its spectrum, and whether its rank is at most K')
    .addOption(new Option('--layout <layout>', 'features stored N × d (nd) or d × N (dn)').choices(['nd', 'dn']).default('nd'))
    .addOption(new Option('--global-mean <how>', 'h̄_G: mean of the class means, or the sample mean (PHD20)').choices(['class-means', 'samples']).default('class-means'))
    .addOption(new Option('--within <how>', 'Σ_W averaged over samples (PHD20) or over classes').choices(['samples', 'classes']).default('samples'))
    .addOption(new Option('--nc3 <form>', 'PHD20 NC3 squared or not').choices(['squared', 'plain']).default('squared'))
    .option('--tolerance <tau>', 'τ for frame and alignment distances (unit-normalized)', parse.positiveNumber, 1e-2)
    .option('--nc1-threshold <t>', 'also claim ÑC1 = Tr Σ_W / Tr Σ_B < t', parse.positiveNumber)
    .option('--bootstrap <R>', 'Poisson bootstrap replicates for one run (0: none)', parse.replicates, 200)
    .option('--seed <s>', 'bootstrap seed', parse.seed, 1)
    .option('--json', 'print measurements.json instead of the table')
    .option('--out <dir>', 'results folder', 'reports/measure')
    .action(async (o: Parameters<typeof measureCommand>[0]) => {
      setExit(await measureCommand(o, io, argv));
    });

  program
    .command('merge')
    .description("recombine a sharded sweep's shard folders into one result (coverage file, journal, views), equal to the unsharded run")
    .argument('<shards...>', "each shard's results folder (or its theorem-coverage.json)")
    .option('--out <dir>', 'merged results folder', DEFAULT_OUT)
    .option('--json', 'print the coverage document instead of the table')
    .action((shards: string[], o: Parameters<typeof mergeCommand>[1]) => {
      setExit(mergeCommand(shards, o, io, argv));
    });

  program
    .command('report')
    .description('render a view of a theorem-coverage.json again, without running anything')
    .argument('<result.json>')
    .requiredOption('--format <format>', 'html, junit, md, lcov, json-summary, json, text, csv or latex', parseFormat)
    .option('--out <file>', 'write here (and companion files beside it) instead of stdout')
    .action((file: string, o: Parameters<typeof reportCommand>[1]) => {
      setExit(reportCommand(file, o, io));
    });

  program
    .command('replay')
    .description('re-run one stored case of the failure database exactly (no id: list the cases)')
    .argument('[id]', 'case id or a unique prefix of it')
    .option('--list', 'list the stored cases')
    .option('--db <dir>', 'failure database folder (default $NC_CHECK_DB, else ~/.cache/nc-check/<checkout>/failures)')
    .option('--json', 'machine-readable output')
    .action(async (id: string | undefined, o: Parameters<typeof replayCommand>[1]) => {
      setExit(await replayCommand(id, o, io));
    });

  program
    .command('explore')
    .description('map where a theorem holds and breaks, inside, near and outside its hypothesis: random sample plus targeted search')
    .argument('<theoremId>')
    .option('--runs <n>', 'random regimes per mode', parse.boundedInteger(parse.LIMITS.runs), 40)
    .option('--budget <n>', 'regime evaluations per clause search', parse.boundedInteger(parse.LIMITS.budget), 20)
    .option('--seed <s>', 'run seed (sample, search, initializations)', parse.seed, 1)
    .addOption(new Option('--mode <modes>', 'inside, near, outside, a comma list, or all (default all)').argParser(parse.modes))
    .option('--clause <ids...>', 'search only these clauses')
    .option('--restarts <n>', 'random initializations per regime', parse.boundedInteger(parse.LIMITS.restarts))
    .option('--out <dir>', 'results folder', 'reports/explore')
    .option('--theorems <file...>', 'also load theorems from these files')
    .option('--backend <name>', `compute backend (default ${DEFAULT_BACKEND})`, DEFAULT_BACKEND)
    .action(async (id: string, o: Parameters<typeof exploreCommand>[2] & { theorems?: string[] }) => {
      const library = await loadLibrary(o.theorems);
      refuseClaim(library, id, 'explore');
      const [theorem] = selectTheorems(library.theorems, [id], library.broken);
      const backend = await loadBackend(o.backend);
      setExit(await exploreCommand(theorem, backend, o, io, argv, library.fileOf.get(theorem.id)));
    });

  program
    .command('diff')
    .description('compare two theorem-coverage.json files; exit 1 when a clause got worse, its margin drifted, or more entries are inconclusive or in error')
    .argument('<baseline.json>')
    .argument('<current.json>')
    .option('--margin-factor <f>', 'flag worst margins that grew by more than this factor', parse.positiveNumber, DEFAULT_DIFF.marginFactor)
    .option('--margin-floor <m>', 'margins below this count as this value (noise far inside tolerance)', parse.positiveNumber, DEFAULT_DIFF.marginFloor)
    .option('--time-factor <f>', 'report modes whose time per regime grew by more than this factor', parse.positiveNumber, DEFAULT_DIFF.timeFactor)
    .option('--fail-on-slowdown', 'count those slowdowns as regressions (exit 1)', DEFAULT_DIFF.failOnSlowdown)
    .option('--allow-settings-change', 'compare runs made with different --runs, --seed, --mode, backend or training (with a warning) instead of refusing')
    .option('--json', 'machine-readable output')
    .option('--markdown', 'GitHub-flavoured Markdown (for $GITHUB_STEP_SUMMARY)')
    .action((baseline: string, current: string, o: Parameters<typeof diffCommand>[2]) => {
      setExit(diffCommand(baseline, current, o, io));
    });

  program
    .command('mutants')
    .description('run the mutant fixtures (theorems with one deliberate mistake); exit 0 only when every one is caught')
    .option('--runs <n>', 'regimes per mutant (default 8)', parse.boundedInteger(parse.LIMITS.runs))
    .option('--seed <s>', 'run seed', parse.seed, 1)
    .option('--backend <name>', `compute backend (default ${DEFAULT_BACKEND})`, DEFAULT_BACKEND)
    .option('--json', 'machine-readable output (the closing line still follows)')
    .action(async (o: { runs?: number; seed: number; backend: string; json?: boolean }) => {
      const { mutants } = await import('../../theorems/mutants/index.ts');
      setExit(await mutantsCommand(mutants, await loadBackend(o.backend), o, io));
    });

  return program;
}

const NO_COMMAND = 'nc-check: no command given (new, check, list, predict, train, verify, measure, merge, report, replay, explore, diff, mutants); see nc-check --help\n';

/** A usage error is one line, even when it quotes an argument that holds a line break. */
const oneLine = (message: string): string => message.replace(/\r?\n/g, '\\n');

export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  let exit = 0;
  const program = build(io, (code) => (exit = code), argv);
  try {
    // Switches the kernels read deep inside training: a bad value is one usage error here, not an
    // ERROR on every regime.
    requestedKernelPath();
    kernelThreadCount();
    await program.parseAsync([...argv], { from: 'user' });
    return exit;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.exitCode === 0) return 0; // --help, --version
      if (e.code === 'commander.help') {
        io.err(NO_COMMAND); // commander's help-on-error text went nowhere: one line instead
        return 2;
      }
      io.err(`nc-check: ${oneLine(e.message.replace(/^error: /, ''))}\n`);
      return 2;
    }
    if (e instanceof UsageError) {
      io.err(`nc-check: ${oneLine(e.message)}\n`);
      return 2;
    }
    throw e;
  }
}
