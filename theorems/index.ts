// The built-in theorem library, listed explicitly. `checkLibrary` (run by the
// tests and at CLI start-up) asserts that ids are unique and that each theorem's
// parameters are accepted by its model — Hypothesis' _check_exports idea.
import type { Theorem } from '../src/theorem/define.ts';
import tb22T31 from './tb22-t3-1.ts';
import tb22B from './tb22-b.ts';
import tb22E from './tb22-e.ts';
import derDl from './der-dl.ts';
import derRb from './der-rb.ts';
import derDk from './der-dk.ts';
import zdz22 from './zdz22.ts';
import dto23 from './dto23.ts';
import zdz21 from './zdz21.ts';
import tb22R from './tb22-r.ts';
import sml23 from './sml23.ts';
import sml24 from './sml24-refutation.ts';
import gk from './gk-refutation.ts';
import hpd22 from './hpd22.ts';
import hpd22Cp from './hpd22-cp.ts';
import { consistencyTheorems } from './consistency.ts';

export const builtinTheorems: readonly Theorem[] = [tb22T31, tb22B, derRb, derDk, tb22E, derDl, tb22R, zdz21, zdz22, dto23, hpd22, hpd22Cp, sml23, sml24, gk];

/**
 * Theorems that run when their suite is selected, not in the default run: the consistency suite
 * (`verify --suite consistency`, theorems/consistency.ts), entries checked against each other.
 */
export const suiteTheorems: readonly Theorem[] = consistencyTheorems;

/** This module's URL: worker threads import it to find the built-in library (see src/theorem/library.ts). */
export const builtinModule: string = import.meta.url;
