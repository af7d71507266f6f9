// Runs every customer case of scenarios/cases/customer-cases/*.yaml through the journeys' own
// tasks: a new case needs a new file, not new code. `npm run lab -- --grep <case id>` runs one.

import { fileURLToPath } from 'node:url';
import { IBKR_BUNDLE_ID } from '../../product/index.ts';
import { expect, test } from '../fixtures/index.ts';
import { type Customer, type Task, task } from '../screenplay/actors.ts';
import { activeDevicesOf, auditTrailOf } from '../screenplay/questions.ts';
import {
  acknowledgeTheError,
  activateIbKey,
  allowNotifications,
  answerWithChallengeResponse,
  approveTheLogin,
  cancelBiometrics,
  denyNotifications,
  denyTheLogin,
  failBiometrics,
  installFromAppStore,
  logInToThePortal,
  logOutOfThePortal,
  passBiometrics,
  scanTheGateQr,
  switchToTheBackCamera,
  switchToTheFrontCamera,
  tapDone,
  tapTheLoginNotification,
  tryAgainAfterCancelling,
  turnOnAirplaneMode,
  turnOnFocus,
  turnOnScanQrCodes,
  waitSeconds,
} from '../screenplay/tasks.ts';
import { type CaseStep, loadCases } from './case-file.ts';

const FOLDER = fileURLToPath(new URL('./customer-cases/', import.meta.url));

function taskFor(step: CaseStep): Task {
  if (typeof step === 'string') {
    const simple: Record<string, () => Task> = {
      logIn: logInToThePortal,
      logOut: logOutOfThePortal,
      scan: () => scanTheGateQr(),
      turnOnScanQrCodes,
      openBanner: () =>
        task('tap the banner', 'toucher la bannière', (customer) => customer.phone.openBanner()),
      installFromAppStore,
      tryAgain: tryAgainAfterCancelling,
      tapDone,
      acknowledgeError: acknowledgeTheError,
      focusOn: turnOnFocus,
      tapNotification: tapTheLoginNotification,
      approve: approveTheLogin,
      deny: denyTheLogin,
      challengeResponse: answerWithChallengeResponse,
      expectErrorAlert: () =>
        task(
          'see “An error occurred. Please try again.”',
          'voir « Une erreur est survenue. Veuillez réessayer. »',
          async (customer) => {
            expect(await customer.phone.alertText()).toBe(customer.phone.text('errorTitle'));
          },
        ),
    };
    return simple[step]!();
  }
  if ('scan' in step) return scanTheGateQr(step.scan);
  if ('camera' in step) return step.camera === 'front' ? switchToTheFrontCamera() : switchToTheBackCamera();
  if ('notifications' in step)
    return step.notifications === 'allow' ? allowNotifications() : denyNotifications();
  if ('biometrics' in step)
    return { pass: passBiometrics, fail: failBiometrics, cancel: cancelBiometrics }[step.biometrics]();
  if ('waitSeconds' in step) return waitSeconds(step.waitSeconds);
  if ('airplaneMode' in step) return turnOnAirplaneMode(step.airplaneMode === 'on');
  if ('expectBanner' in step) {
    const target = { app: 'IBKR Mobile', safari: 'Safari', none: '' }[step.expectBanner];
    return task(
      target ? `see the banner to ${target}` : 'see no banner',
      target ? `voir la bannière vers ${target}` : 'ne voir aucune bannière',
      async (customer) => {
        if (step.expectBanner === 'none') {
          expect(await customer.phone.isQrBannerShown()).toBe(false);
          expect(await customer.phone.isNotificationBannerShown()).toBe(false);
          return;
        }
        const expected =
          step.expectBanner === 'app'
            ? customer.phone.text('qrInApp')
            : customer.phone.text('qrInSafari', { host: new URL(customer.lab.portalUrl).host });
        expect(await customer.phone.bannerText()).toBe(expected);
      },
    );
  }
  if ('expectScanFailure' in step) {
    return task(
      `see the scan fail (${step.expectScanFailure})`,
      `voir le scan échouer (${step.expectScanFailure})`,
      async (customer) => {
        expect(customer.notes.get('scan')).toMatchObject({ decoded: false, reason: step.expectScanFailure });
      },
    );
  }
  return task(
    `see “${step.expectPortal}” on the portal`,
    `voir « ${step.expectPortal} » sur le portail`,
    async (customer) => {
      await expect(
        customer.portal.getByText(portalText(customer, step.expectPortal), { exact: true }),
      ).toBeVisible();
    },
  );
}

function portalText(customer: Customer, key: Parameters<Customer['pages']['text']>[0]): string {
  return customer.pages.text(key, { name: customer.account.displayName, minutes: 15 });
}

for (const loaded of loadCases(FOLDER)) {
  const id = loaded.data?.id ?? loaded.file;
  test.describe(id, () => {
    if (!loaded.data) {
      test(`${id} is a valid case file`, () => {
        throw loaded.error;
      });
      return;
    }
    const data = loaded.data;
    test.use({
      locale: data.phone.locale,
      phoneProfile: data.phone.profile,
      installedApps: data.phone.appInstalled ? [IBKR_BUNDLE_ID] : [],
      initialSettings: data.phone.settings ?? {},
    });
    test(`${data.title} ${data.covers.map((tag) => `@${tag}`).join(' ')}`, async ({ customer, support }) => {
      if (data.account.state === 'activated') await customer.attemptsTo(activateIbKey());
      await customer.attemptsTo(...data.steps.map(taskFor));
      if (data.expect.portal)
        await expect(
          customer.portal.getByText(portalText(customer, data.expect.portal), { exact: true }),
        ).toBeVisible();
      const devices = await support.asks(activeDevicesOf(customer));
      if (data.expect.activeDevices !== undefined) expect(devices).toHaveLength(data.expect.activeDevices);
      if (data.expect.apnsToken === 'present') expect(devices[0]?.apns_token).toMatch(/^[0-9a-f]{64}$/);
      if (data.expect.apnsToken === 'absent') expect(devices[0]?.apns_token).toBeNull();
      if (data.expect.audit)
        expect(await support.asks(auditTrailOf(customer))).toEqual(expect.arrayContaining(data.expect.audit));
      if (data.expect.transcript) {
        const transcript = (await customer.phone.transcript()).map((entry) => entry.text).join('\n');
        for (const line of data.expect.transcript) expect(transcript).toContain(line);
      }
    });
  });
}
