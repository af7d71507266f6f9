import type { TestResult, TestStep } from '@playwright/test/reporter';
import { describe, expect, it } from 'vitest';
import { EVIDENCE_STEP, labOverheadMs } from './lab-overhead.ts';

type Spec = { title: string; category: string; duration: number; steps?: Spec[] };
const step = ({ steps = [], ...rest }: Spec): TestStep =>
  ({ ...rest, steps: steps.map(step) }) as unknown as TestStep;
const resultOf = (...steps: Spec[]) => ({ steps: steps.map(step) }) as Pick<TestResult, 'steps'>;

describe("a test's lab overhead", () => {
  it('is its fixtures plus the evidence captured inside its tasks, not the tasks themselves, even in a hook', () => {
    const result = resultOf(
      {
        title: 'Before Hooks',
        category: 'hook',
        // 100 ms of it are boxed fixtures (no step of their own).
        duration: 8400,
        steps: [
          // The worker starting its lab, in the hooks of its first test: the worker's, not the test's.
          { title: 'Fixture "lab"', category: 'fixture', duration: 6000 },
          { title: 'Fixture "page"', category: 'fixture', duration: 200 },
          { title: 'Fixture "phone"', category: 'fixture', duration: 100 },
          // A beforeEach that activates IB Key does the product's steps: not overhead.
          {
            title: 'beforeEach hook',
            category: 'hook',
            duration: 2000,
            steps: [
              { title: 'Fixture "anotherPhone"', category: 'fixture', duration: 30 },
              { title: 'activate IB Key', category: 'test.step', duration: 1960 },
            ],
          },
        ],
      },
      {
        title: 'log in to the Client Portal',
        category: 'test.step',
        duration: 900,
        steps: [
          { title: 'Click', category: 'pw:api', duration: 500 },
          { title: EVIDENCE_STEP, category: 'test.step', duration: 120 },
        ],
      },
      {
        title: 'activate IB Key',
        category: 'test.step',
        duration: 2000,
        steps: [
          {
            title: 'scan',
            category: 'test.step',
            duration: 800,
            steps: [{ title: EVIDENCE_STEP, category: 'test.step', duration: 60 }],
          },
          { title: EVIDENCE_STEP, category: 'test.step', duration: 50 },
        ],
      },
      { title: 'Expect "toHaveText"', category: 'expect', duration: 400 },
      { title: 'Worker Cleanup', category: 'hook', duration: 900 },
      {
        title: 'After Hooks',
        category: 'hook',
        duration: 260,
        steps: [{ title: 'Fixture "context"', category: 'fixture', duration: 200 }],
      },
    );
    // Before Hooks less the spec's hook but for the fixture it set up; each evidence; After Hooks whole.
    expect(labOverheadMs(result)).toBe(8400 - 6000 - (2000 - 30) + 120 + 60 + 50 + 260);
  });

  it('is zero for a test with no result', () => {
    expect(labOverheadMs(undefined)).toBe(0);
  });
});
