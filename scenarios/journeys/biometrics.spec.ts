import { expect, test } from '../fixtures/index.ts';
import { activeDevicesOf } from '../screenplay/questions.ts';
import {
  allowNotifications,
  cancelBiometrics,
  failBiometrics,
  logInToThePortal,
  openTheBannerInTheApp,
  passBiometrics,
  scanTheGateQr,
  tapDone,
  tryAgainAfterCancelling,
} from '../screenplay/tasks.ts';

test('a face, finger or passcode that does not match, then one that does @kb2260 @step-10', async ({
  customer,
  support,
}) => {
  await customer.attemptsTo(
    logInToThePortal(),
    scanTheGateQr(),
    openTheBannerInTheApp(),
    allowNotifications(),
    failBiometrics(),
  );
  const notice = {
    faceId: 'faceIdNotRecognized',
    touchId: 'touchIdTryAgain',
    passcode: 'wrongPasscode',
  } as const;
  expect(await customer.phone.alertText()).toContain(customer.phone.text(notice[customer.biometry]));
  await customer.attemptsTo(passBiometrics(), tapDone());
  await expect
    .poll(() => support.asks(activeDevicesOf(customer)))
    .toEqual([expect.objectContaining({ biometry: customer.biometry })]);
});

test('cancelling biometrics: the app explains and lets the user try again @kb2260 @step-10', async ({
  customer,
  support,
}) => {
  await customer.attemptsTo(
    logInToThePortal(),
    scanTheGateQr(),
    openTheBannerInTheApp(),
    allowNotifications(),
    cancelBiometrics(),
  );
  expect(await customer.phone.alertText()).toContain(customer.phone.text('authCancelledBody'));
  await customer.attemptsTo(tryAgainAfterCancelling(), passBiometrics(), tapDone());
  await expect(customer.pages.status).toHaveText(customer.pages.text('gateActivated'));
  await expect.poll(() => support.asks(activeDevicesOf(customer))).toHaveLength(1);
});
