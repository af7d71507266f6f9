import { PortalPages } from '../../drivers/portal/index.ts';
import { expect, test } from '../fixtures/index.ts';
import { activeDevicesOf, auditTrailOf, onlyTheDeviceHeldBy } from '../screenplay/questions.ts';
import {
  acknowledgeTheError,
  activateFromTheGate,
  approveTheLogin,
  logInToThePortal,
  openTheBannerInTheApp,
  passBiometrics,
  scanTheGateQr,
  tapTheLoginNotification,
} from '../screenplay/tasks.ts';

test('“An error occurred” because IB Key is already active; logging in sends a notification that logs in @kb2260 @cause-already-active', async ({
  customer,
  support,
  browser,
  locale,
}) => {
  // A second browser logged in earlier still shows its own gate.
  const otherBrowser = await browser.newContext({ locale });
  const otherPages = new PortalPages(
    await otherBrowser.newPage(),
    customer.lab.portalUrl,
    customer.pages.locale,
  );
  await otherPages.logIn(customer.account.username, customer.account.password);

  await customer.attemptsTo(logInToThePortal(), activateFromTheGate());

  await customer.attemptsTo(scanTheGateQr({}, otherPages), openTheBannerInTheApp(), passBiometrics());
  expect(await customer.phone.alertText()).toBe(customer.phone.text('errorTitle'));
  await customer.attemptsTo(acknowledgeTheError());
  expect(await support.asks(auditTrailOf(customer))).toContain('enroll:ALREADY_ACTIVE');
  // Still the device of the first activation, not one the refused scan made or swapped in.
  expect(await support.asks(activeDevicesOf(customer))).toEqual(await onlyTheDeviceHeldBy(customer.phone));

  // The article's check: log in; a notification arrives; approving it logs in.
  await otherPages.logOut();
  await otherPages.logIn(customer.account.username, customer.account.password);
  await expect(otherPages.heading).toHaveText(otherPages.text('checkPhoneHeading'));
  await customer.attemptsTo(tapTheLoginNotification(), approveTheLogin());
  await expect(otherPages.heading).toHaveText(
    otherPages.text('homeHeading', { name: customer.account.displayName }),
  );
  await otherBrowser.close();
});
