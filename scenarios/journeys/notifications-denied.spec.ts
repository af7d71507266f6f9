import { request } from '@playwright/test';
import { expect, test } from '../fixtures/index.ts';
import { activeDevicesOf, lastLoginOf } from '../screenplay/questions.ts';
import {
  answerWithChallengeResponse,
  continueToThePortal,
  denyNotifications,
  logInToThePortal,
  logOutOfThePortal,
  openTheBannerInTheApp,
  passBiometrics,
  scanTheGateQr,
  tapDone,
  typeAWrongResponse,
} from '../screenplay/tasks.ts';

/** A CSRF token of the right shape that is not the session's: what a forged form would carry. */
const FORGED_CSRF = 'A'.repeat(32);

test('notifications denied at step 9: activation succeeds, and the next login uses challenge/response @kb2260 @kb3236 @kb3234', async ({
  customer,
  support,
}) => {
  await customer.attemptsTo(
    logInToThePortal(),
    scanTheGateQr(),
    openTheBannerInTheApp(),
    denyNotifications(),
    passBiometrics(),
    tapDone(),
  );
  await expect(customer.pages.status).toHaveText(customer.pages.text('gateActivated'));
  expect(await support.asks(activeDevicesOf(customer))).toEqual([
    expect.objectContaining({ apns_token: null }),
  ]);

  await customer.attemptsTo(continueToThePortal());
  const signedIn = (await customer.portal.context().cookies()).find((cookie) => cookie.name === 'ibkl_sid');
  await customer.attemptsTo(logOutOfThePortal());
  // Logging out ends the session on the server: its cookie, kept by someone, opens nothing.
  const keptCookie = await request.newContext({
    extraHTTPHeaders: { cookie: `ibkl_sid=${signedIn?.value ?? ''}` },
  });
  const afterLogout = await keptCookie.get(`${customer.lab.portalUrl}/portal`, { maxRedirects: 0 });
  expect(afterLogout.headers().location, 'the portal home, with the logged-out session').toBe('/login');
  await keptCookie.dispose();
  await customer.attemptsTo(logInToThePortal());
  await expect(customer.pages.heading).toHaveText(customer.pages.text('challengeHeading'));
  // A form posted with the session's cookie but not its page's token (cross-site) is refused.
  const forged = await customer.portal.request.post(`${customer.lab.portalUrl}/login/challenge`, {
    form: { _csrf: FORGED_CSRF, response: '00000000' },
    maxRedirects: 0,
  });
  expect(forged.status(), 'the response form without its CSRF token is refused').toBe(403);
  await customer.attemptsTo(typeAWrongResponse());
  await expect(customer.pages.alert).toHaveText(customer.pages.text('badResponse'));
  await customer.attemptsTo(answerWithChallengeResponse());
  await expect(customer.pages.heading).toHaveText(
    customer.pages.text('homeHeading', { name: customer.account.displayName }),
  );
  expect(await support.asks(lastLoginOf(customer))).toMatchObject({
    push_outcome: 'no_token',
    state: 'approved',
    answered_by: 'challenge_response',
  });
});
