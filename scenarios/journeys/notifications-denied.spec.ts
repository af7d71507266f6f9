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
} from '../screenplay/tasks.ts';

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

  await customer.attemptsTo(continueToThePortal(), logOutOfThePortal(), logInToThePortal());
  await expect(customer.pages.heading).toHaveText(customer.pages.text('challengeHeading'));
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
