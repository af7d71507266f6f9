// The screen objects the journeys use, on the simulated iPhone with realistic timing (its default):
// the app not installed (Safari, the App Store's download, then the app), and a login approved from
// the notification. No sleeps: every read waits for what it reads, which is what a device needs.

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { IBKR_BUNDLE_ID } from '../../product/index.ts';
import { PhoneScreens } from '../phone/index.ts';
import { gateImage } from './test-support/gate-image.ts';
import { type PhoneLab, startPhoneLab } from './test-support/phone-lab.ts';

let phoneLab: PhoneLab;

beforeAll(async () => {
  phoneLab = await startPhoneLab(inject('storeUrl'), 'phone_screens');
}, 120_000);
afterAll(() => phoneLab?.close());

/** A new customer logged in to the portal, and a picture of the activation gate the portal shows. */
async function aNewUserAtTheGate() {
  const { user } = await phoneLab.lab.createUser({ locale: 'en-US' });
  const portal = phoneLab.lab.portal('en-US');
  await portal.logIn(user.username, user.password);
  return { user, gate: Buffer.from(await gateImage(await portal.gateLink()), 'base64') };
}

describe('PhoneScreens with realistic timing', () => {
  it('app not installed: Safari, the download under way then OPEN, the app; then a login approved from the notification', async () => {
    const { user, gate } = await aNewUserAtTheGate();
    const phone = new PhoneScreens(await phoneLab.newPhone(), 'en-US');

    expect((await phone.scanImage(gate)).banner).toMatchObject({ target: 'safari' });
    await phone.openBanner();
    expect(await phone.getButtonLabel()).toBe(phone.text('get'));
    await phone.tap('GET');
    // The download takes a while: its progress first, OPEN once the app is installed.
    expect(await phone.isShown('DownloadProgress')).toBe(true);
    expect(await phone.isShown('OPEN')).toBe(false);
    await phone.waitFor('OPEN', 'The OPEN button');
    await phone.goHome();

    expect((await phone.scanImage(gate)).banner).toMatchObject({ target: 'app' });
    await phone.openBanner();
    // The app comes up a moment after the tap, and asks a moment after that: alertText waits for it.
    expect(await phone.alertText()).toContain(phone.text('notificationsTitle'));
    await phone.acceptAlert(phone.text('allow'));
    expect(await phone.alertText()).toContain(phone.text('faceIdUsageTitle'));
    await phone.acceptAlert();
    await phone.biometricMatch('faceId', true);
    expect(await phone.confirmationTitle()).toBe(phone.text('activatedTitle'));
    await phone.tap('Done');
    await phone.goHome();

    const again = phoneLab.lab.portal('en-US');
    expect((await again.logIn(user.username, user.password)).location).toBe('/login/check-phone');
    await phone.waitFor('NotificationBanner', 'The login notification');
    await phone.tap('NotificationBanner');
    await phone.tap('Approve');
    await phone.biometricMatch('faceId', true);
    expect(await phone.approvalResult()).toBe(phone.text('approvedTitle'));
    expect(await again.json('/login/status')).toMatchObject({ status: 'approved' });
  });
});

describe('a wait on the phone that runs out', () => {
  it('names what did not come and the alert that is up instead', async () => {
    const { gate } = await aNewUserAtTheGate();
    const driver = await phoneLab.newPhone({ 'appium:installedApps': [IBKR_BUNDLE_ID] });
    const phone = new PhoneScreens(driver, 'en-US');
    // The same phone, read by screens that wait 300 ms at most.
    const impatient = new PhoneScreens(driver, 'en-US', 'sim', 300);
    await phone.scanImage(gate);
    await phone.openBanner();
    // The app asks for notifications first: a wait for the Face ID prompt sees that alert instead.
    await phone.waitForAlert('The notification prompt', (text) =>
      text.includes(phone.text('notificationsTitle')),
    );

    await expect(
      impatient.waitForAlert('The Face ID prompt', (text) => text.startsWith(phone.text('faceId'))),
    ).rejects.toThrow(
      `The Face ID prompt did not appear on the phone within 300 ms (the alert up says "${phone.text('notificationsTitle')}`,
    );
    await expect(impatient.tap('NoSuchButton')).rejects.toThrow(
      '"NoSuchButton" did not appear on the phone within 300 ms',
    );
  });
});
