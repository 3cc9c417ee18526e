// A researcher's own test suite checking their own claim with nc-check:
// `npx vitest run` in a folder where nc-check and vitest are installed (docs/authoring.md).
import { expect, test } from 'vitest';
import { verify } from 'nc-check';
import 'nc-check/vitest'; // registers expect(report).toBeVerified()
import myClaim from './my-claim.ts';

test('my claim holds on 10 random regimes per mode', async () => {
  const regimes: number[] = [];
  const report = await verify(myClaim, { runs: 10, hooks: { onRegime: (_record, position) => regimes.push(position) } });
  // The default modes: inside the hypothesis, and the band around each declared threshold.
  expect(report.theorems[0].modes.map((m) => m.mode)).toEqual(['inside', 'near']);
  expect(regimes).toHaveLength(20);
  expect(report).toBeVerified();
}, 300_000);

test('a run can be cancelled; what it finished is kept in its results folder', async () => {
  const controller = new AbortController();
  const run = verify(myClaim, { runs: 50, out: 'reports/cancelled', signal: controller.signal, hooks: { onRegime: () => controller.abort() } });
  await expect(run).rejects.toThrow(/abort/i);
}, 300_000);
