import { expect, test } from '../fixtures/index.ts';
import { activeDevicesOf, onlyTheDeviceHeldBy } from '../screenplay/questions.ts';
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
  typeThePasscode,
} from '../screenplay/tasks.ts';

/** Steps 1 to 9: the activation reaches Face ID, Touch ID or the passcode. */
const untilTheBiometricPrompt = () => [
  logInToThePortal(),
  scanTheGateQr(),
  openTheBannerInTheApp(),
  allowNotifications(),
];

test('a face, finger or passcode that does not match, then one that does @kb2260 @step-10', async ({
  customer,
  support,
}) => {
  await customer.attemptsTo(...untilTheBiometricPrompt(), failBiometrics());
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
  await customer.attemptsTo(...untilTheBiometricPrompt(), cancelBiometrics());
  expect(await customer.phone.alertText()).toContain(customer.phone.text('authCancelledBody'));
  await customer.attemptsTo(tryAgainAfterCancelling(), passBiometrics(), tapDone());
  await expect(customer.pages.status).toHaveText(customer.pages.text('gateActivated'));
  const thisPhonesDevice = await onlyTheDeviceHeldBy(customer.phone);
  await expect.poll(() => support.asks(activeDevicesOf(customer))).toEqual(thisPhonesDevice);
});

test('five faces or fingers that do not match lock biometry; the iPhone passcode unlocks it and activation completes @kb2260 @step-10', async ({
  customer,
  support,
}) => {
  test.skip(customer.biometry === 'passcode', 'A phone without Face ID or Touch ID has no biometry to lock.');
  await customer.attemptsTo(
    ...untilTheBiometricPrompt(),
    failBiometrics(),
    failBiometrics(),
    failBiometrics(),
    failBiometrics(),
    failBiometrics(),
  );
  expect(await customer.phone.alertText()).toContain(customer.phone.text('passcodeTitle'));
  await customer.attemptsTo(typeThePasscode(), passBiometrics(), tapDone());
  await expect(customer.pages.status).toHaveText(customer.pages.text('gateActivated'));
  const thisPhonesDevice = await onlyTheDeviceHeldBy(customer.phone);
  await expect.poll(() => support.asks(activeDevicesOf(customer))).toEqual(thisPhonesDevice);
});
