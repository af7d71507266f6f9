// The Screenplay vocabulary, kept to plain functions: a customer (a browser page and a phone)
// attempts tasks; support asks questions about the server's state. Every task runs as a boxed
// Playwright step, so a failure points at the scenario line, with both screens attached.

import { type Page, type TestInfo, test } from '@playwright/test';
import type { Biometry, PhoneScreens } from '../../drivers/phone/index.ts';
import type { PortalPages } from '../../drivers/portal/index.ts';
import { type UserState, userState } from '../../mocks/sls/test-support/user-state.ts';
import type { LabInstance } from '../support/lab-instance.ts';

export interface Account {
  username: string;
  password: string;
  displayName: string;
}

export interface Task {
  description: string;
  performAs(customer: Customer): Promise<void>;
}

export interface Question<T> {
  description: string;
  answeredBy(support: Support): Promise<T>;
}

export function task(description: string, performAs: (customer: Customer) => Promise<void>): Task {
  return { description, performAs };
}

export function question<T>(description: string, answeredBy: (support: Support) => Promise<T>): Question<T> {
  return { description, answeredBy };
}

export class Customer {
  /** What a task leaves for the next one (the last scan, a second browser page, ...). */
  readonly notes = new Map<string, unknown>();

  constructor(
    readonly portal: Page,
    readonly pages: PortalPages,
    readonly phone: PhoneScreens,
    readonly account: Account,
    readonly biometry: Biometry,
    readonly passcode: string,
    readonly lab: LabInstance,
    private readonly testInfo: TestInfo,
  ) {}

  async attemptsTo(...tasks: Task[]): Promise<void> {
    for (const next of tasks) {
      await test.step(
        next.description,
        async () => {
          // Evidence of a failed step too: it is what the report opens at.
          try {
            await next.performAs(this);
          } finally {
            await this.captureEvidence(next.description);
          }
        },
        { box: true },
      );
    }
  }

  /** Both screens as they are now, attached to the report under the step's name. */
  async captureEvidence(label: string): Promise<void> {
    const [portal, phone] = await Promise.all([
      this.portal.screenshot().catch(() => undefined),
      this.phone.screenshot().catch(() => undefined),
    ]);
    if (portal) await this.testInfo.attach(`${label} · portal`, { body: portal, contentType: 'image/png' });
    if (phone) await this.testInfo.attach(`${label} · phone`, { body: phone, contentType: 'image/png' });
  }
}

export class Support {
  constructor(readonly lab: LabInstance) {}

  asks<T>(question: Question<T>): Promise<T> {
    return question.answeredBy(this);
  }

  stateOf(account: Account): Promise<UserState> {
    return userState(this.lab.portalUrl, account.username);
  }
}
