// The portal's screen for the report, read beside the test rather than as one of its actions:
// through a DevTools session of its own, so a read is not a traced action (Playwright snapshots
// the whole page before and after every evaluate it traces) nor a step, and costs one round trip.

import type { CDPSession, Page } from '@playwright/test';

/** What draws the page: its address, markup, form values, focus, scroll and window size. */
const DRAWN_STATE = `JSON.stringify([
  location.href,
  document.documentElement.outerHTML,
  [...document.querySelectorAll('input, textarea, select')].map((field) => field.value),
  document.activeElement?.outerHTML.slice(0, 200),
  scrollX,
  scrollY,
  innerWidth,
  innerHeight,
])`;

/** How long Playwright's screenshot may wait for a navigation to end. */
const AFTER_NAVIGATION_TIMEOUT_MS = 10_000;

class ReadTimedOut extends Error {
  override name = 'ReadTimedOut';
}

function withinTimeout<T>(work: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new ReadTimedOut(`${what} got no answer within ${timeoutMs} ms.`)),
      timeoutMs,
    );
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export interface PageEvidenceOptions {
  /** How long a read may wait: Chromium can leave one unanswered while the page navigates. */
  readTimeoutMs?: number;
}

export class PageEvidence {
  #devtools: Promise<CDPSession> | undefined;
  readonly #readTimeoutMs: number;

  constructor(
    readonly page: Page,
    { readTimeoutMs = 3000 }: PageEvidenceOptions = {},
  ) {
    this.#readTimeoutMs = readTimeoutMs;
  }

  #session(): Promise<CDPSession> {
    // A session that could not be opened is asked for again next time, not kept.
    this.#devtools ??= this.page
      .context()
      .newCDPSession(this.page)
      .catch((error: unknown) => {
        this.#devtools = undefined;
        throw error;
      });
    return this.#devtools;
  }

  /** The page's drawn state, to tell whether it changed; undefined when the page cannot say (it is navigating). */
  async drawnState(): Promise<string | undefined> {
    try {
      const session = await this.#session();
      const answer = await withinTimeout(
        session.send('Runtime.evaluate', { expression: DRAWN_STATE, returnByValue: true }),
        this.#readTimeoutMs,
        "Reading the portal page's state",
      );
      return answer.exceptionDetails ? undefined : (answer.result.value as string);
    } catch {
      return undefined;
    }
  }

  /**
   * The viewport as it is now, as PNG. Encoded for speed (Chromium's faster compression: a larger
   * file, the same pixels). A capture that a navigation leaves unanswered or refuses ("Not attached
   * to an active page") is taken again by Playwright's own screenshot, which waits out the
   * navigation: the same pixels, as a traced action.
   */
  async screenshot(): Promise<Buffer> {
    try {
      const session = await this.#session();
      const { data } = await withinTimeout(
        session.send('Page.captureScreenshot', { format: 'png', optimizeForSpeed: true }),
        this.#readTimeoutMs,
        `A screenshot of the portal page (${this.page.url()})`,
      );
      return Buffer.from(data, 'base64');
    } catch {
      // Chromium also refuses Playwright's capture at one moment of a navigation ("Unable to
      // capture screenshot"): the new document is waited for first.
      await this.page
        .waitForLoadState('domcontentloaded', { timeout: AFTER_NAVIGATION_TIMEOUT_MS })
        .catch(() => {});
      return this.page.screenshot({ timeout: AFTER_NAVIGATION_TIMEOUT_MS });
    }
  }
}
