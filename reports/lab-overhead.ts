// A test's lab overhead: the time its run spent on the lab rather than on the product's own steps,
// that is its fixtures (the hooks before and after it: browser context, phone session, account,
// server-state evidence; a worker's first test also starts the lab) and the evidence captured after
// each task (both screenshots, attached). Everything else is the product: the browser, the phone,
// the servers and the checks waiting for them.

import type { TestResult, TestStep } from '@playwright/test/reporter';

/** The title of the step that captures both screens after a task (scenarios/screenplay/actors.ts). */
export const EVIDENCE_STEP = 'capture evidence';

function evidenceTime(steps: readonly TestStep[]): number {
  let total = 0;
  for (const step of steps) total += step.title === EVIDENCE_STEP ? step.duration : evidenceTime(step.steps);
  return total;
}

export function labOverheadMs(result: Pick<TestResult, 'steps'> | undefined): number {
  if (!result) return 0;
  const hooks = result.steps.filter((step) => step.category === 'hook');
  return hooks.reduce((sum, step) => sum + step.duration, 0) + evidenceTime(result.steps);
}
