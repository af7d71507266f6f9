// Chooses the run's seed once, prints it, and hands it to every worker, so a failing run can be
// replayed exactly with LAB_SEED=<seed>. Starts what the workers share (one PostgreSQL server, one
// Appium server: lab/run-shared-parts.ts) and returns how to stop it after the last worker.

import { startSharedParts } from '../../lab/index.ts';
import { activeFaults } from '../../product/index.ts';
import { phoneEvidenceScale, phoneTimingScale } from '../fixtures/phone-options.ts';

export default async function globalSetup(): Promise<() => Promise<void>> {
  const given = process.env.LAB_SEED;
  if (given !== undefined && !/^\d{1,9}$/.test(given)) {
    throw new Error(`LAB_SEED="${given}" is not a whole number of at most 9 digits.`);
  }
  // A wrong LAB_PHONE_TIMING_SCALE or LAB_PHONE_EVIDENCE_SCALE stops the run here, in one sentence.
  phoneTimingScale();
  phoneEvidenceScale();
  const seed = given ?? String(Math.floor(Math.random() * 1_000_000));
  process.env.LAB_SEED = seed;
  console.log(`lab seed: ${seed} (replay with LAB_SEED=${seed})`);
  const faults = activeFaults();
  if (faults.length)
    console.log(`LAB_FAULT switches on ${faults.join(', ')}: this run checks that the lab catches them.`);
  return startSharedParts(process.env, (line) => console.log(line));
}
