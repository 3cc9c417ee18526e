// The built-in empirical claims, listed explicitly (as theorems/index.ts lists
// the theorems). They run with `nc-check verify --suite empirical` (or by id).
import type { EmpiricalClaim } from '../../src/empirical/claim.ts';
import { depthwiseIris, depthwiseMixture } from './depthwise.ts';
import { lowRank } from './low-rank.ts';
import { lowRankMnist, wdCollapseMnist } from './mnist.ts';
import { rhoMargin } from './rho-margin.ts';
import { tb22rPracticeIris, tb22rPracticeMixture } from './tb22-r-practice.ts';
import { wdCollapseIris, wdCollapseMixture } from './wd-collapse.ts';

export const builtinClaims: readonly EmpiricalClaim[] = [
  wdCollapseMixture,
  lowRank,
  rhoMargin,
  depthwiseMixture,
  tb22rPracticeMixture,
  wdCollapseIris,
  depthwiseIris,
  tb22rPracticeIris,
  wdCollapseMnist,
  lowRankMnist,
];
