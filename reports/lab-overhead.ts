// A test's lab overhead: the time its run spent on the lab rather than on the product's own steps,
// that is its fixtures (browser context and page, phone session, account, server-state evidence;
// not the worker's own start of its lab and browser) and the evidence captured after each task
// (both screenshots, attached). Everything else is the product: the tasks (also those a beforeEach
// hook performs), the browser, the phone, the servers and the checks waiting for them.

import type { TestResult, TestStep } from '@playwright/test/reporter';

/** The title of the step that captures both screens after a task (scenarios/screenplay/actors.ts). */
export const EVIDENCE_STEP = 'capture evidence';

/**
 * A worker's own start and stop (its lab, its browser) fall in the hooks of the test it happens to
 * run first or last, outside that test's duration: they are the worker's, not the test's.
 */
const WORKER_FIXTURES = new Set([
  'Fixture "lab"',
  'Fixture "labFacts"',
  'Fixture "browser"',
  'Fixture "playwright"',
]);
const WORKER_HOOKS = new Set(['Worker Cleanup']);

function workerTime(steps: readonly TestStep[]): number {
  return steps.reduce((sum, step) => sum + (WORKER_FIXTURES.has(step.title) ? step.duration : 0), 0);
}

/** Fixture set-ups and tear-downs, and evidence captures, wherever they stand in the step tree. */
function labTime(steps: readonly TestStep[]): number {
  let total = 0;
  for (const step of steps) {
    if (WORKER_FIXTURES.has(step.title)) continue;
    total +=
      step.category === 'fixture' || step.title === EVIDENCE_STEP ? step.duration : labTime(step.steps);
  }
  return total;
}

/**
 * Playwright's "Before Hooks" and "After Hooks" are fixtures, also those boxed out of the step tree
 * (the evidence fixtures), and the spec's own hooks (a beforeEach that activates IB Key): all of it
 * is the lab's but those hooks, which count like the test's body, and the worker's own fixtures.
 */
function frameHookTime(hook: TestStep): number {
  const specHooks = hook.steps.filter((step) => step.category === 'hook');
  const spent = specHooks.reduce((sum, step) => sum + step.duration - labTime(step.steps), 0);
  return hook.duration - spent - workerTime(hook.steps);
}

export function labOverheadMs(result: Pick<TestResult, 'steps'> | undefined): number {
  if (!result) return 0;
  return result.steps.reduce((sum, step) => {
    if (WORKER_HOOKS.has(step.title)) return sum;
    return sum + (step.category === 'hook' ? frameHookTime(step) : labTime([step]));
  }, 0);
}
