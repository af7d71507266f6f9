// The Client Portal as a person sees it in a browser: found by role and label, in the page's
// language. Page objects only locate and act; assertions belong to the scenarios.

import type { Locator, Page } from '@playwright/test';
import { type Locale, type PORTAL_MESSAGES, portalText } from '../../product/index.ts';

export type PortalText = keyof (typeof PORTAL_MESSAGES)['en-US'];

/**
 * Types a secret into a field without it reaching any report: Playwright titles a fill step
 * `Fill "<value>"` (in the HTML report, the blob, the trace), while an evaluate step is titled
 * `Evaluate`. The page gets the same input event a typed value gives.
 */
export async function fillSecret(field: Locator, value: string): Promise<void> {
  await field.evaluate((input, secret) => {
    (input as HTMLInputElement).value = secret;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.dispatchEvent(new Event('change', { bubbles: true }));
  }, value);
}

export class PortalPages {
  constructor(
    readonly page: Page,
    readonly baseUrl: string,
    readonly locale: Locale,
  ) {}

  text(key: PortalText, values?: Record<string, string | number>): string {
    return portalText(this.locale, key, values);
  }

  async openLogin(): Promise<void> {
    await this.page.goto(`${this.baseUrl}/login?lang=${this.locale}`);
  }

  async logIn(username: string, password: string): Promise<void> {
    await this.openLogin();
    await this.page.getByLabel(this.text('username')).fill(username);
    await fillSecret(this.page.getByLabel(this.text('password')), password);
    await this.page.getByRole('button', { name: this.text('logIn') }).click();
  }

  async logOut(): Promise<void> {
    await this.page.getByRole('button', { name: this.text('logOut') }).click();
  }

  get status(): Locator {
    return this.page.getByRole('status');
  }

  get heading(): Locator {
    return this.page.getByRole('heading', { level: 1 });
  }

  get gateQr(): Locator {
    return this.page.getByRole('img', { name: this.text('qrAlt') });
  }

  get continueButton(): Locator {
    return this.page.getByRole('link', { name: this.text('continue') });
  }

  get alert(): Locator {
    return this.page.getByRole('alert');
  }

  async openChallengeResponse(): Promise<void> {
    await this.page.getByRole('link', { name: this.text('noNotification') }).click();
  }

  async challenge(): Promise<string> {
    return (await this.page.locator('output').textContent())?.trim() ?? '';
  }

  async submitResponse(response: string): Promise<void> {
    await this.page.getByLabel(this.text('response')).fill(response);
    await this.page.getByRole('button', { name: this.text('submit') }).click();
  }
}
