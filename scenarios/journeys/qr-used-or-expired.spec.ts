import { expect, test } from '../fixtures/index.ts';
import { activeDevicesOf, auditTrailOf, onlyTheDeviceHeldBy } from '../screenplay/questions.ts';
import {
  acknowledgeTheError,
  activateFromTheGate,
  allowNotifications,
  logInToThePortal,
  logOutOfThePortal,
  openTheBannerInTheApp,
  openThePortalHomeByItsAddress,
  passBiometrics,
  scanTheGateQr,
  tapDone,
  waitSeconds,
} from '../screenplay/tasks.ts';

test('“An error occurred” because the QR expired, then because it was already used; a fresh QR after logging in again works @kb2260 @cause-qr-expired @cause-qr-used', async ({
  customer,
  support,
}) => {
  await customer.attemptsTo(logInToThePortal(), waitSeconds(301));
  await expect(customer.pages.status).toHaveText(customer.pages.text('gateExpired'));
  // The password alone does not open the portal: its home leads back to the gate.
  await customer.attemptsTo(openThePortalHomeByItsAddress());
  await expect(customer.pages.heading).toHaveText(customer.pages.text('gateHeading'));
  await customer.attemptsTo(scanTheGateQr(), openTheBannerInTheApp(), allowNotifications(), passBiometrics());
  expect(await customer.phone.alertText()).toBe(customer.phone.text('errorTitle'));
  await customer.attemptsTo(
    acknowledgeTheError(),
    scanTheGateQr(),
    openTheBannerInTheApp(),
    passBiometrics(),
  );
  expect(await customer.phone.alertText()).toBe(customer.phone.text('errorTitle'));
  await customer.attemptsTo(acknowledgeTheError());
  expect(await support.asks(auditTrailOf(customer))).toEqual(
    expect.arrayContaining(['enroll:EXPIRED', 'enroll:CREDENTIAL_USED']),
  );
  const transcript = (await customer.phone.transcript()).map((entry) => entry.text).join('\n');
  expect(transcript).toContain('enroll failed: EXPIRED');
  expect(transcript).toContain('enroll failed: CREDENTIAL_USED');

  await customer.attemptsTo(
    logOutOfThePortal(),
    logInToThePortal(),
    scanTheGateQr(),
    openTheBannerInTheApp(),
    passBiometrics(),
    tapDone(),
  );
  await expect(customer.pages.status).toHaveText(customer.pages.text('gateActivated'));
  expect(await support.asks(activeDevicesOf(customer))).toEqual(await onlyTheDeviceHeldBy(customer.phone));
});

test('“An error occurred” on a second phone that scans a QR already used @kb2260 @cause-qr-used', async ({
  customer,
  support,
  anotherPhone,
}) => {
  await customer.attemptsTo(logInToThePortal(), activateFromTheGate());
  const secondPhone = await anotherPhone();
  const screenshot = await customer.portal.screenshot();
  await secondPhone.scanImage(screenshot);
  await secondPhone.openBanner();
  await secondPhone.acceptAlert();
  if (customer.biometry === 'faceId') await secondPhone.acceptAlert();
  if (customer.biometry === 'passcode') await secondPhone.typePasscode(customer.passcode);
  else await secondPhone.biometricMatch(customer.biometry, true);
  expect(await secondPhone.alertText()).toBe(secondPhone.text('errorTitle'));
  expect(await support.asks(activeDevicesOf(customer))).toEqual(await onlyTheDeviceHeldBy(customer.phone));
});
