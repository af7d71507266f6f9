// PageEvidence against a fake page and DevTools session: what a navigation can do to a read
// (leave it unanswered, refuse it) and a session that cannot be opened, without a browser. The
// session's wait for a drawn frame (an awaited evaluate) always answers at once.

import type { Page } from '@playwright/test';
import { describe, expect, it } from 'vitest';
import { PageEvidence } from './page-evidence.ts';

const PNG = Buffer.from('89504e470d0a1a0a', 'hex');
const PLAYWRIGHTS_PNG = Buffer.from('89504e470d0a1a0a0000', 'hex');

/** A page whose DevTools session answers each call with the next of `answers` (a value, an error, or never). */
function fakePage(answers: ('png' | 'state' | 'never' | Error)[], sessionFailures = 0) {
  const calls: string[] = [];
  let failuresLeft = sessionFailures;
  const session = {
    send(method: string, params: { awaitPromise?: boolean }) {
      if (params.awaitPromise) {
        calls.push('frame drawn');
        return Promise.resolve({ result: {} });
      }
      calls.push(method);
      const answer = answers.shift();
      if (answer === 'never' || answer === undefined) return new Promise(() => {});
      if (answer instanceof Error) return Promise.reject(answer);
      return Promise.resolve(
        answer === 'png'
          ? { data: PNG.toString('base64') }
          : { result: { value: '["http://127.0.0.1/login"]' } },
      );
    },
  };
  const mainFrame = { url: () => 'http://127.0.0.1/login?lang=fr-FR' };
  const navigationListeners = new Set<(frame: unknown) => void>();
  const page = {
    on: (_event: 'framenavigated', listener: (frame: unknown) => void) => navigationListeners.add(listener),
    off: (_event: 'framenavigated', listener: (frame: unknown) => void) =>
      navigationListeners.delete(listener),
    mainFrame: () => mainFrame,
    context: () => ({
      newCDPSession: async () => {
        calls.push('newCDPSession');
        if (failuresLeft > 0) {
          failuresLeft -= 1;
          throw new Error('Target closed');
        }
        return session;
      },
    }),
    waitForLoadState: async () => {
      calls.push('page.waitForLoadState');
    },
    screenshot: async () => {
      calls.push('page.screenshot');
      return PLAYWRIGHTS_PNG;
    },
    url: () => 'http://127.0.0.1/login',
  };
  /** A new document commits in the main frame, or in a frame of its own when `inChildFrame`. */
  const commit = (inChildFrame = false) => {
    for (const listener of [...navigationListeners])
      listener(inChildFrame ? { url: () => 'about:blank' } : mainFrame);
  };
  return { page: page as unknown as Page, calls, commit, navigationListeners };
}

describe('PageEvidence', () => {
  it('takes a screenshot in one call to the DevTools session', async () => {
    const { page, calls } = fakePage(['png']);
    expect(await new PageEvidence(page).screenshot()).toEqual(PNG);
    expect(calls).toEqual(['newCDPSession', 'Page.captureScreenshot']);
  });

  it('takes the screenshot again after a frame is drawn when the capture gets no answer', async () => {
    const { page, calls } = fakePage(['never', 'png']);
    expect(await new PageEvidence(page, { readTimeoutMs: 20 }).screenshot()).toEqual(PNG);
    expect(calls).toEqual([
      'newCDPSession',
      'Page.captureScreenshot',
      'frame drawn',
      'page.waitForLoadState',
      'Page.captureScreenshot',
    ]);
  });

  it("takes the screenshot again at once when a new document's commit drops the capture, not after the read timeout", async () => {
    const { page, calls, commit, navigationListeners } = fakePage(['never', 'png']);
    const shot = new PageEvidence(page, { readTimeoutMs: 60_000 }).screenshot();
    await expect.poll(() => calls).toContain('Page.captureScreenshot');
    commit(true);
    expect(calls, 'a child frame is not the page').not.toContain('frame drawn');
    commit();
    await expect(
      Promise.race([shot, new Promise((r) => setTimeout(() => r('late'), 1000))]),
    ).resolves.toEqual(PNG);
    expect(calls.filter((call) => call === 'Page.captureScreenshot')).toHaveLength(2);
    expect(navigationListeners.size, 'no listener left on the page').toBe(0);
  });

  it('takes the screenshot again when the capture is refused, or the session cannot be opened', async () => {
    const refused = fakePage([new Error('Unable to capture screenshot'), 'png']);
    expect(await new PageEvidence(refused.page).screenshot()).toEqual(PNG);
    const noSession = fakePage(['png'], 1);
    expect(await new PageEvidence(noSession.page).screenshot()).toEqual(PNG);
    expect(noSession.calls).toEqual([
      'newCDPSession',
      'newCDPSession',
      'frame drawn',
      'page.waitForLoadState',
      'Page.captureScreenshot',
    ]);
  });

  it("asks Playwright's screenshot after eight refused captures, and stops asking", async () => {
    const { page, calls } = fakePage(
      Array.from({ length: 20 }, () => new Error('Unable to capture screenshot')),
    );
    expect(await new PageEvidence(page).screenshot()).toEqual(PLAYWRIGHTS_PNG);
    expect(calls.filter((call) => call === 'Page.captureScreenshot')).toHaveLength(8);
    expect(calls.at(-1)).toBe('page.screenshot');
  });

  it('gives up a state read that gets no answer', async () => {
    const silent = fakePage(['never']);
    const read = new PageEvidence(silent.page, { readTimeoutMs: 20 });
    await expect(
      Promise.race([read.drawnState(), new Promise((r) => setTimeout(() => r('late'), 1000))]),
    ).resolves.toBeUndefined();
  });

  it('asks for a DevTools session again after one could not be opened', async () => {
    const { page, calls } = fakePage(['state'], 1);
    const evidence = new PageEvidence(page);
    expect(await evidence.drawnState()).toBeUndefined();
    expect(await evidence.drawnState()).toBe('["http://127.0.0.1/login"]');
    expect(calls.filter((call) => call === 'newCDPSession')).toHaveLength(2);
  });
});
