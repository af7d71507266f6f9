// A test's lab overhead: the time its run spent on the lab rather than on the product's own steps,
// that is its fixtures (browser context and page, phone session, account, server-state evidence;
// a worker's first test also starts the lab) and the evidence captured after each task (both
// screenshots, attached). Everything else is the product: the tasks (also those a beforeEach hook
// performs), the browser, the phone, the servers and the checks waiting for them.

import type { TestResult, TestStep } from '@playwright/test/reporter';

/** The title of the step that captures both screens after a task (scenarios/screenplay/actors.ts). */
export const EVIDENCE_STEP = 'capture evidence';

/** Fixture set-ups and tear-downs, and evidence captures, wherever they stand in the step tree. */
function labTime(steps: readonly TestStep[]): number {
  let total = 0;
  for (const step of steps)
    total +=
      step.category === 'fixture' || step.title === EVIDENCE_STEP ? step.duration : labTime(step.steps);
  return total;
}

export function labOverheadMs(result: Pick<TestResult, 'steps'> | undefined): number {
  return result ? labTime(result.steps) : 0;
}
