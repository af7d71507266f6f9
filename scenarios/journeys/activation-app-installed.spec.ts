import { IBKR_BUNDLE_ID } from '../../product/index.ts';
import { expect, test } from '../fixtures/index.ts';
import { activationsOf, activeDevicesOf } from '../screenplay/questions.ts';
import {
  allowNotifications,
  logInToThePortal,
  openTheBannerInTheApp,
  passBiometrics,
  scanTheGateQr,
  tapDone,
} from '../screenplay/tasks.ts';

test.use({ installedApps: [IBKR_BUNDLE_ID] });

test('activates when IBKR Mobile is already installed @kb2260 @step-1 @step-2 @step-3 @step-4.2 @step-8 @step-9 @step-10 @step-11', async ({
  customer,
  support,
}) => {
  await customer.attemptsTo(logInToThePortal());
  await expect(customer.pages.heading).toHaveText(customer.pages.text('gateHeading'));
  await customer.attemptsTo(scanTheGateQr());
  expect(await customer.phone.bannerText()).toBe(customer.phone.text('qrInApp'));
  await customer.attemptsTo(openTheBannerInTheApp(), allowNotifications(), passBiometrics());
  expect(await customer.phone.confirmationTitle()).toBe(customer.phone.text('activatedTitle'));
  await customer.attemptsTo(tapDone());

  await expect(customer.pages.status).toHaveText(customer.pages.text('gateActivated'));
  await expect
    .poll(() => support.asks(activeDevicesOf(customer)))
    .toEqual([expect.objectContaining({ apns_token: expect.stringMatching(/^[0-9a-f]{64}$/) })]);
  expect(await support.asks(activationsOf(customer))).toEqual([
    expect.objectContaining({ state: 'activated' }),
  ]);
});
