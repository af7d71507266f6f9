// A journey's timeline reads as its tasks: the bare `Expect "toBe"` steps Playwright records
// between them are folded into the task they check, unless one fails, which then shows as the
// failing step, titled with what it checks.

import type { TestResult, TestStep } from '@playwright/test/reporter';
import { describe, expect, it } from 'vitest';
import { checkTitle, timelineOf } from './signoff-model.ts';

type StepSpec = Pick<TestStep, 'title' | 'category' | 'duration'> &
  Partial<Pick<TestStep, 'params' | 'error'>>;

const task = (title: string, duration: number): StepSpec => ({ title, category: 'test.step', duration });
const check = (title: string, duration: number, params: TestStep['params'] = {}): StepSpec => ({
  title,
  category: 'expect',
  duration,
  params,
});
const ESC = String.fromCharCode(27);

/** A TestResult with these top-level steps and the screenshots each task attached. */
function resultWith(steps: StepSpec[]): TestResult {
  const attachments = steps
    .filter((step) => step.category === 'test.step')
    .flatMap((step) =>
      (['portal', 'phone'] as const).map((screen) => ({
        name: `${step.title} · ${screen}`,
        contentType: 'image/png',
        body: Buffer.from(`${step.title} ${screen}`),
      })),
    );
  return { steps: steps.map((step) => ({ steps: [], ...step })), attachments } as unknown as TestResult;
}

describe('timelineOf', () => {
  it('folds a passing check into the task before it: its time added, what it checked listed', () => {
    const steps = timelineOf(
      resultWith([
        task('tap Deny', 300),
        check('Expect "toBe"', 1, { expected: 'Denied' }),
        check('Expect "toHaveText"', 120, { locator: "getByTestId('status')", expected: 'Login refused' }),
        task('log out', 50),
      ]),
    );
    expect(steps.map(({ title, durationMs, checks }) => ({ title, durationMs, checks }))).toEqual([
      {
        title: 'tap Deny',
        durationMs: 421,
        checks: [
          'check: expect(…).toBe("Denied")',
          `check: expect(getByTestId('status')).toHaveText("Login refused")`,
        ],
      },
      { title: 'log out', durationMs: 50, checks: undefined },
    ]);
    expect(steps[0]!.portal?.body?.toString()).toBe('tap Deny portal');
  });

  it('keeps a failing check as the failing step, titled with what it checks, its error without colours', () => {
    const steps = timelineOf(
      resultWith([
        task('tap Approve', 300),
        {
          ...check('Expect "toBe"', 2, { expected: 'Approved' }),
          error: { message: `expect(received).toBe(expected)\n\nExpected: ${ESC}[32m"Approved"${ESC}[39m` },
        },
      ]),
    );
    expect(steps.map((step) => step.title)).toEqual(['tap Approve', 'check: expect(…).toBe("Approved")']);
    expect(steps[0]).toMatchObject({ durationMs: 300, error: undefined });
    expect(steps[1]!.error).toBe('expect(received).toBe(expected)\n\nExpected: "Approved"');
  });

  it('keeps a check that comes before any task as a step of its own', () => {
    const steps = timelineOf(
      resultWith([check('Expect "toHaveLength"', 3, { expected: 1 }), task('scan', 90)]),
    );
    expect(steps.map((step) => step.title)).toEqual(['check: expect(…).toHaveLength(1)', 'scan']);
  });

  it('leaves fixtures, hooks and API calls out unless they failed', () => {
    const steps = timelineOf(
      resultWith([
        { title: 'Before Hooks', category: 'hook', duration: 900 },
        task('scan', 90),
        { title: 'After Hooks', category: 'hook', duration: 40, error: { message: 'teardown failed' } },
      ]),
    );
    expect(steps.map((step) => step.title)).toEqual(['scan', 'After Hooks']);
  });
});

describe('checkTitle', () => {
  it('reads as the check was written: poll, soft and not, the locator, a short expected value', () => {
    expect(checkTitle('Expect "poll toHaveLength"', { expected: 1 })).toBe(
      'check: expect.poll(…).toHaveLength(1)',
    );
    expect(checkTitle('Expect "soft toBe"', { expected: true })).toBe('check: expect.soft(…).toBe(true)');
    expect(checkTitle('Expect "not toHaveText"', { locator: "getByRole('alert')", expected: 'x' })).toBe(
      `check: expect(getByRole('alert')).not.toHaveText("x")`,
    );
    expect(checkTitle('Expect "toBeTruthy"')).toBe('check: expect(…).toBeTruthy()');
    expect(checkTitle('Expect "toBe"', { expected: 'a'.repeat(100) })).toBe(
      `check: expect(…).toBe("${'a'.repeat(59)}…)`,
    );
  });

  it('keeps the message a test gave its check', () => {
    expect(checkTitle('the portal says the login was refused', { expected: 'x' })).toBe(
      'the portal says the login was refused',
    );
  });
});
