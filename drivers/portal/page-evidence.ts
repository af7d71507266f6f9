// The portal's screen for the report, read beside the test rather than as one of its actions:
// through a DevTools session of its own, so a read is not a traced action (Playwright snapshots
// the whole page before and after every evaluate it traces) nor a step, and costs one round trip.

import type { CDPSession, Frame, Page } from '@playwright/test';

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

/** How long a screenshot may wait for a navigation to end. */
const AFTER_NAVIGATION_TIMEOUT_MS = 10_000;

/** Captures tried before Playwright's screenshot is asked instead; each waits for a drawn frame. */
const MAX_CAPTURE_ATTEMPTS = 8;

/** Resolves after the page's next frame is drawn (the callback runs before the paint, the task after it). */
const NEXT_FRAME = 'new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)))';

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
   * file, the same pixels). Chromium refuses a capture at some moments of a navigation ("Not
   * attached to an active page", "Unable to capture screenshot" between the new document's commit
   * and its first paint) or drops it when the new document commits: the capture is taken again
   * once the page has drawn a frame, until the navigation's time is up; then Playwright's own
   * screenshot has the last word (a traced action, whose error names the page).
   */
  async screenshot(): Promise<Buffer> {
    const deadline = Date.now() + AFTER_NAVIGATION_TIMEOUT_MS;
    for (let attempt = 1; attempt <= MAX_CAPTURE_ATTEMPTS && Date.now() < deadline; attempt += 1) {
      try {
        return await this.#capture();
      } catch {
        await this.#drawnFrame(deadline);
      }
    }
    return this.page.screenshot({ timeout: AFTER_NAVIGATION_TIMEOUT_MS });
  }

  async #capture(): Promise<Buffer> {
    const session = await this.#session();
    const commit = this.#nextCommit();
    try {
      const { data } = await withinTimeout(
        Promise.race([
          session.send('Page.captureScreenshot', { format: 'png', optimizeForSpeed: true }),
          commit.replaced,
        ]),
        this.#readTimeoutMs,
        `A screenshot of the portal page (${this.page.url()})`,
      );
      return Buffer.from(data, 'base64');
    } finally {
      commit.stopListening();
    }
  }

  /**
   * Rejects when a new document commits in the page's main frame: a capture asked for before then
   * is never answered (measured: every capture asked for between a navigation's request and its
   * commit waited out the read timeout).
   */
  #nextCommit(): { replaced: Promise<never>; stopListening: () => void } {
    let stopListening = () => {};
    const replaced = new Promise<never>((_, reject) => {
      const onNavigated = (frame: Frame) => {
        if (frame === this.page.mainFrame())
          reject(new Error(`A new document (${frame.url()}) replaced the page during the capture.`));
      };
      this.page.on('framenavigated', onNavigated);
      stopListening = () => this.page.off('framenavigated', onNavigated);
    });
    return { replaced, stopListening };
  }

  /**
   * Resolves once the page's current document has drawn a frame (or could not say, mid-navigation):
   * the moment a refused capture can succeed. Its load is waited for too, so a document that has
   * only just committed is drawn whole; not past the screenshot's deadline.
   */
  async #drawnFrame(deadline: number): Promise<void> {
    try {
      const session = await this.#session();
      await withinTimeout(
        session.send('Runtime.evaluate', { expression: NEXT_FRAME, awaitPromise: true }),
        this.#readTimeoutMs,
        'Waiting for the portal page to draw a frame',
      );
    } catch {
      // Mid-navigation the old document is gone: its load state below is the new one's.
    }
    const timeout = Math.max(1, deadline - Date.now());
    await this.page.waitForLoadState('load', { timeout }).catch(() => {});
  }
}
