// Mutant fixtures: each is a built-in theorem with one deliberate mistake and
// the clause expected to catch it. The tests (and later `nc-check mutants`)
// require every one of them to be reported violated inside its hypothesis.
import { centering, identity, mat, scale, type Mat } from '../../src/index.ts';
import { mutate, type Mutant } from '../../src/theorem/mutate.ts';
import tb22T31 from '../tb22-t3-1.ts';
import tb22B from '../tb22-b.ts';

const asMat = (v: unknown): Mat => v as Mat;
const num = (v: unknown): number => v as number;

export const mutants: readonly Mutant[] = [
  mutate(tb22T31, {
    name: 'rho-x1.01',
    description: 'ρ scaled by 1.01 (wrong feature scale)',
    caughtBy: ['orthogonal-frame', 'norms', 'global-mean', 'centered-simplex-etf'],
    predict: (_r, p) => ({
      ...p,
      rho: num(p.rho) * 1.01,
      HbarTHbar: scale(asMat(p.HbarTHbar), 1.01),
      MbarTMbar: scale(asMat(p.MbarTMbar), 1.01),
      globalMeanNormSq: num(p.globalMeanNormSq) * 1.01,
      HnormSq: num(p.HnormSq) * 1.01,
    }),
  }),
  mutate(tb22T31, {
    name: 'etf-geometry',
    description: 'simplex-ETF geometry claimed for the bias-free model (H̄^T H̄ = ρ K/(K−1) (I − J))',
    caughtBy: ['orthogonal-frame'],
    predict: (r, p) => ({ ...p, HbarTHbar: scale(centering(r.K as number), (num(p.rho) * (r.K as number)) / ((r.K as number) - 1)) }),
  }),
  mutate(tb22T31, {
    name: 'loss-no-half',
    description: 'optimal loss c − c² instead of c − c²/2',
    caughtBy: ['optimal-loss', 'closed-form-stationary'],
    predict: (_r, p) => {
      const c = num(p.c);
      return { ...p, loss: c <= 1 ? c - c * c : 0.5 };
    },
  }),
  mutate(tb22T31, {
    name: 'kappa-inverted',
    description: 'self-duality ratio inverted: w_k = sqrt(λ_W/λ_H) h̄_k',
    caughtBy: ['self-duality'],
    predict: (_r, p) => ({ ...p, kappa: 1 / num(p.kappa) }),
  }),
  mutate(tb22B, {
    name: 'loss-missing-factor',
    description: 'optimal loss without the (K−1)/K factor',
    caughtBy: ['optimal-loss', 'loss-lower-bound'],
    predict: (r, p) => ({ ...p, loss: (num(p.loss) * (r.K as number)) / ((r.K as number) - 1) }),
  }),
  mutate(tb22B, {
    name: 'orthogonal-geometry',
    description: 'orthogonal-frame geometry claimed with a free bias (H̄^T H̄ = ρ I)',
    caughtBy: ['simplex-etf'],
    predict: (r, p) => ({ ...p, HbarTHbar: scale(identity(r.K as number), num(p.rho)) }),
  }),
  mutate(tb22B, {
    name: 'bias-zero',
    description: 'bias b = 0 instead of 1/K',
    caughtBy: ['bias'],
    predict: (r, p) => ({ ...p, b: mat(r.K as number, 1) }),
  }),
];
