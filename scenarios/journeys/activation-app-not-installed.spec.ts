import { expect, test } from '../fixtures/index.ts';
import { activeDevicesOf, onlyTheDeviceHeldBy } from '../screenplay/questions.ts';
import {
  allowNotifications,
  installFromAppStore,
  logInToThePortal,
  openTheBannerInSafari,
  openTheBannerInTheApp,
  passBiometrics,
  scanTheGateQr,
  tapDone,
} from '../screenplay/tasks.ts';

test.use({ installedApps: [] });

test('activates when the app is not installed yet: Safari, App Store, GET, scan again @kb2260 @step-4.1 @step-5 @step-6 @step-7 @step-8 @step-11', async ({
  customer,
  support,
}) => {
  await customer.attemptsTo(logInToThePortal(), scanTheGateQr());
  expect(await customer.phone.bannerText()).toBe(
    customer.phone.text('qrInSafari', { host: new URL(customer.lab.portalUrl).host }),
  );
  await customer.attemptsTo(openTheBannerInSafari());
  expect(await customer.phone.getButtonLabel()).toBe(customer.phone.text('get'));
  await customer.attemptsTo(installFromAppStore(), scanTheGateQr());
  expect(await customer.phone.bannerText()).toBe(customer.phone.text('qrInApp'));
  await customer.attemptsTo(openTheBannerInTheApp(), allowNotifications(), passBiometrics(), tapDone());
  await expect(customer.pages.status).toHaveText(customer.pages.text('gateActivated'));
  const thisPhonesDevice = await onlyTheDeviceHeldBy(customer.phone);
  await expect.poll(() => support.asks(activeDevicesOf(customer))).toEqual(thisPhonesDevice);
});
