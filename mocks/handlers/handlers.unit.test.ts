// The same third-party handlers, intercepted in-process (msw/node) and served on a real port by
// the gateway for clients in other processes.

import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type StartedGateway, startThirdPartyGateway } from '../gateway/third-party-gateway.ts';
import {
  appStoreProductMissing,
  appStoreUnavailable,
  IBKR_MOBILE_PRODUCT,
  sentSms,
  smsGatewayDown,
  thirdPartyHandlers,
} from './index.ts';

const server = setupServer(...thirdPartyHandlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe('third-party mocks in-process', () => {
  it('answers the iTunes lookup by id and by bundle id, and the product page', async () => {
    const byId = await (await fetch('https://itunes.apple.com/lookup?id=454558592')).json();
    expect(byId).toMatchObject({
      resultCount: 1,
      results: [{ trackName: 'IBKR Mobile', bundleId: IBKR_MOBILE_PRODUCT.bundleId }],
    });
    const byBundle = await (
      await fetch(`https://itunes.apple.com/lookup?bundleId=${IBKR_MOBILE_PRODUCT.bundleId}`)
    ).json();
    expect(byBundle.resultCount).toBe(1);
    const page = await fetch(IBKR_MOBILE_PRODUCT.trackViewUrl);
    expect(await page.text()).toContain('<title>IBKR Mobile on the App Store</title>');
  });

  it('turns faults on per test and back off after it', async () => {
    server.use(appStoreUnavailable(503));
    expect((await fetch('https://itunes.apple.com/lookup?id=454558592')).status).toBe(503);
    server.resetHandlers();
    server.use(appStoreProductMissing());
    expect(await (await fetch('https://itunes.apple.com/lookup?id=454558592')).json()).toEqual({
      resultCount: 0,
      results: [],
    });
  });

  it('sends an SMS with Twilio’s request shape, refuses a bad number, and can be down', async () => {
    const url = 'https://api.twilio.com/2010-04-01/Accounts/AC123/Messages.json';
    const form = (to: string) => ({
      method: 'POST',
      body: new URLSearchParams({ To: to, From: '+15550000000', Body: 'IB Key code 123456' }),
    });
    const sent = await fetch(url, form('+33612345678'));
    expect(sent.status).toBe(201);
    expect(sentSms.at(-1)).toMatchObject({ to: '+33612345678', body: 'IB Key code 123456' });
    const bad = await fetch(url, form('0612'));
    expect(await bad.json()).toMatchObject({ code: 21211 });
    server.use(smsGatewayDown());
    expect((await fetch(url, form('+33612345678'))).status).toBe(503);
  });
});

describe('third-party gateway on a real port', () => {
  let gateway: StartedGateway;
  beforeAll(async () => {
    server.close();
    gateway = await startThirdPartyGateway(thirdPartyHandlers);
  });
  afterAll(async () => {
    await gateway.close();
    server.listen({ onUnhandledRequest: 'error' });
  });

  const viaGateway = (url: string) =>
    fetch(`${gateway.url}${new URL(url).pathname}${new URL(url).search}`, {
      headers: { 'x-lab-original-url': url },
    });

  it('answers with the same handlers, and the same faults', async () => {
    expect(await (await viaGateway('https://itunes.apple.com/lookup?id=454558592')).json()).toMatchObject({
      resultCount: 1,
    });
    gateway.use(appStoreUnavailable(500));
    expect((await viaGateway('https://itunes.apple.com/lookup?id=454558592')).status).toBe(500);
    gateway.resetHandlers();
    expect((await viaGateway('https://itunes.apple.com/lookup?id=454558592')).status).toBe(200);
  });

  it('refuses a request without the third party’s URL and records one no mock answers', async () => {
    const bare = await fetch(`${gateway.url}/lookup`);
    expect(bare.status).toBe(400);
    expect(await bare.json()).toEqual({
      error: 'Send the third party URL in the x-lab-original-url header.',
    });
    expect((await viaGateway('https://example.com/nothing')).status).toBe(502);
    expect(gateway.unhandled).toEqual(['GET https://example.com/nothing']);
  });
});
