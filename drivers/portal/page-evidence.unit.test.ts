// PageEvidence against a fake page and DevTools session: what a navigation can do to a read
// (leave it unanswered, refuse it) and a session that cannot be opened, without a browser.

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
    send(method: string) {
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
  const page = {
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
  return { page: page as unknown as Page, calls };
}

describe('PageEvidence', () => {
  it('takes a screenshot in one call to the DevTools session', async () => {
    const { page, calls } = fakePage(['png']);
    expect(await new PageEvidence(page).screenshot()).toEqual(PNG);
    expect(calls).toEqual(['newCDPSession', 'Page.captureScreenshot']);
  });

  it("falls back to Playwright's screenshot when the capture gets no answer", async () => {
    const { page, calls } = fakePage(['never']);
    expect(await new PageEvidence(page, { readTimeoutMs: 20 }).screenshot()).toEqual(PLAYWRIGHTS_PNG);
    expect(calls).toEqual([
      'newCDPSession',
      'Page.captureScreenshot',
      'page.waitForLoadState',
      'page.screenshot',
    ]);
  });

  it("falls back to Playwright's screenshot when the capture is refused, or the session cannot be opened", async () => {
    const refused = fakePage([new Error('Not attached to an active page')]);
    expect(await new PageEvidence(refused.page).screenshot()).toEqual(PLAYWRIGHTS_PNG);
    const noSession = fakePage([], 1);
    expect(await new PageEvidence(noSession.page).screenshot()).toEqual(PLAYWRIGHTS_PNG);
    expect(noSession.calls).toEqual(['newCDPSession', 'page.waitForLoadState', 'page.screenshot']);
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
