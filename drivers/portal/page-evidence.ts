// The portal's screen for the report, read beside the test rather than as one of its actions:
// through a DevTools session of its own, so a read is not a traced action (Playwright snapshots
// the whole page before and after every evaluate it traces) nor a step, and costs one round trip.

import type { CDPSession, Page } from '@playwright/test';

/** What draws the page: its address, markup, form values, focus and scroll. */
const DRAWN_STATE = `JSON.stringify([
  location.href,
  document.documentElement.outerHTML,
  [...document.querySelectorAll('input, textarea, select')].map((field) => field.value),
  document.activeElement?.outerHTML.slice(0, 200),
  scrollX,
  scrollY,
])`;

/** How long a read may wait: Chromium can leave one unanswered while the page navigates. */
const READ_TIMEOUT_MS = 3000;

class ReadTimedOut extends Error {}

function withinTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ReadTimedOut()), timeoutMs);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export class PageEvidence {
  #devtools: Promise<CDPSession> | undefined;

  constructor(readonly page: Page) {}

  #session(): Promise<CDPSession> {
    this.#devtools ??= this.page.context().newCDPSession(this.page);
    return this.#devtools;
  }

  /** The page's drawn state, to tell whether it changed; undefined when the page cannot say (it is navigating). */
  async drawnState(): Promise<string | undefined> {
    try {
      const session = await this.#session();
      const answer = await withinTimeout(
        session.send('Runtime.evaluate', { expression: DRAWN_STATE, returnByValue: true }),
        READ_TIMEOUT_MS,
      );
      return answer.exceptionDetails ? undefined : (answer.result.value as string);
    } catch {
      return undefined;
    }
  }

  /**
   * The viewport as it is now, as PNG. Encoded for speed (Chromium's faster compression: a larger
   * file, the same pixels). A capture the page's navigation left unanswered is taken again once
   * the new page has loaded.
   */
  async screenshot(): Promise<Buffer> {
    const session = await this.#session();
    const capture = () =>
      session
        .send('Page.captureScreenshot', { format: 'png', optimizeForSpeed: true })
        .then(({ data }) => Buffer.from(data, 'base64'));
    try {
      return await withinTimeout(capture(), READ_TIMEOUT_MS);
    } catch (error) {
      if (!(error instanceof ReadTimedOut)) throw error;
    }
    await this.page.waitForLoadState('load');
    return withinTimeout(capture(), 10_000);
  }
}
