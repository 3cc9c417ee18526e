// nc-check's architecture as checked rules (run by test/architecture.test.ts in
// `npm test`). The pipeline's layers, lowest first: a module may import its own
// layer and the layers below, never one above. The CLI is a thin shell over the
// library; the built-in theorem library (theorems/) and the property tests
// (properties/) sit on top of the engine, which never imports them.
/** Layers, lowest first; each entry lists folders (or root modules) of src/. */
const LAYERS = [
  ['errors.ts', 'io.ts', 'profile.ts', 'random', 'linalg'],
  ['backend', 'regime', 'data'],
  ['train'], // optimizers and training: know a model only as `Trainable` (train/objective.ts)
  ['certify'], // certificates of global minima: use the optimizers, know no model
  ['models'],
  ['measure'],
  ['network'],
  ['theorem'], // defining, validating and loading theorems
  ['verify'], // one theorem × mode: sample, evaluate, shrink
  ['report'], // the coverage document and its views
  ['explore', 'parallel'],
  ['empirical'],
  ['run'], // run orchestration: the programmatic API `verify(theorems, options)`
  ['cli', 'index.ts', 'vitest.ts'],
];

const path = (entry) => (entry.endsWith('.ts') ? `^src/${entry.replace('.', '[.]')}$` : `^src/${entry}/`);
const any = (entries) => `(${entries.map(path).join('|')})`;

const layerRules = LAYERS.slice(0, -1).map((layer, i) => ({
  name: `layer-${layer.join('+').replace(/[.]ts/g, '')}`,
  comment: `${layer.join(', ')} must not import a higher layer (${LAYERS.slice(i + 1).flat().join(', ')})`,
  severity: 'error',
  from: { path: any(layer) },
  // The tfjs backends offer batched MSE training (train/batched.ts) as a backend capability.
  to: { path: any(LAYERS.slice(i + 1).flat()), pathNot: layer.includes('backend') ? '^src/train/batched[.]ts$' : undefined },
}));

module.exports = {
  forbidden: [
    { name: 'no-circular', comment: 'no import cycles', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'library-not-to-cli',
      comment: 'the library never imports the command line',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/cli/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'library-not-to-theorems-or-properties',
      comment: 'the engine never imports the built-in library or the property tests (the CLI composes the built-in library)',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/cli/' },
      to: { path: '^(theorems|properties)/' },
    },
    {
      name: 'every-module-in-a-layer',
      comment: 'a new folder under src/ must be given its layer in .dependency-cruiser.cjs',
      severity: 'error',
      from: { path: '^src/', pathNot: any(LAYERS.flat()) },
      to: {},
    },
    ...layerRules.map((r) => (r.to.pathNot === undefined ? { ...r, to: { path: r.to.path } } : r)),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    exclude: { path: '(^node_modules/|[.]wat$|[.]wasm$)' },
  },
};
