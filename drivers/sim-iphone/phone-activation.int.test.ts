// The phone side of the journey, end to end: WebdriverIO -> the real Appium server -> the
// simulated iPhone -> real HTTP to the sls server, APNs simulator and App Store mock; outcomes
// checked in the database.

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BrowserlessPortal } from '../../drivers/portal/index.ts';
import { IBKR_BUNDLE_ID, type Locale } from '../../product/index.ts';
import { gateImage } from './test-support/gate-image.ts';
import { type Phone, type PhoneLab, startPhoneLab } from './test-support/phone-lab.ts';

const IBKR = IBKR_BUNDLE_ID;
let phoneLab: PhoneLab;

beforeAll(async () => {
  phoneLab = await startPhoneLab(inject('storeUrl'), 'phone_activation');
}, 120_000);
afterAll(() => phoneLab?.close());

async function customerAtTheGate(locale: Locale = 'en-US') {
  const { user } = await phoneLab.lab.createUser({ locale });
  const portal = phoneLab.lab.portal(locale);
  await portal.logIn(user.username, user.password);
  return { user, portal, link: await portal.gateLink() };
}

async function scan(phone: Phone, link: string, optics: Record<string, number> = {}) {
  await phone.execute('mobile: launchApp', { bundleId: 'com.apple.camera' });
  return (await phone.execute('sim: presentCameraFrame', {
    image: await gateImage(link),
    distanceCm: 20,
    ...optics,
  })) as {
    decoded: boolean;
    reason?: string;
    banner: { text: string; target: string } | null;
  };
}

/**
 * A phone for the tests of the phone's logic: instant timing (every command returns with the phone
 * settled) and system alerts in the page source (respectSystemAlerts). The first test runs with
 * realistic timing and XCUITest's defaults, waiting as a script for a device must.
 */
const logicPhone = (caps: Record<string, unknown> = {}) =>
  phoneLab.newPhone({ 'appium:timing': 'instant', 'appium:settings[respectSystemAlerts]': true, ...caps });

const tap = async (phone: Phone, accessibilityId: string) => (await phone.$(`~${accessibilityId}`)).click();
const textOf = async (phone: Phone, accessibilityId: string) =>
  (await phone.$(`~${accessibilityId}`)).getText();

/** Waits (bounded) for an alert whose text holds `words`, and answers its text. */
/** Waits for an alert whose text holds these words; fails the test, saying the last alert seen, if none comes. */
async function alertSaying(phone: Phone, words: string): Promise<string> {
  let text = '';
  await phone.waitUntil(
    async () => {
      text = await phone.getAlertText().catch(() => '');
      return text.includes(words);
    },
    { timeout: 10_000, interval: 50, timeoutMsg: `No alert saying "${words}" appeared (last: "${text}")` },
  );
  return text;
}

async function transcriptText(phone: Phone): Promise<string> {
  const entries = (await phone.execute('sim: transcript', {})) as { text: string }[];
  return entries.map((entry) => entry.text).join('\n');
}

describe('activation on the simulated iPhone', () => {
  it('app installed (4.2): banner opens the app, Allow, Face ID, Done; one active device with an APNs token', async () => {
    const { user, portal, link } = await customerAtTheGate();
    // Realistic timing and XCUITest's defaults: the script waits for each thing the phone does on its own.
    const phone = await phoneLab.newPhone({ 'appium:installedApps': [IBKR] });
    const scanned = await scan(phone, link);
    expect(scanned).toMatchObject({
      decoded: true,
      banner: { text: 'Open in “IBKR Mobile”', target: 'app' },
    });
    await tap(phone, 'QRCodeBanner');
    await alertSaying(phone, '“IBKR Mobile” Would Like to Send You Notifications');
    await phone.execute('mobile: alert', { action: 'accept' });
    expect(await phone.execute('mobile: getPermission', { bundleId: IBKR, service: 'notifications' })).toBe(
      'yes',
    );
    await alertSaying(phone, 'use Face ID');
    await phone.acceptAlert();
    await alertSaying(phone, 'Face ID');
    await phone.execute('mobile: sendBiometricMatch', { type: 'faceId', match: true });
    const title = await phone.$('~ActivationSuccessTitle');
    await title.waitForExist({
      timeout: 10_000,
      interval: 50,
      timeoutMsg: 'The confirmation did not appear',
    });
    expect(await title.getText()).toBe('IB Key activated');
    await tap(phone, 'Done');
    expect(await portal.json('/ibkey/gate/status')).toMatchObject({ status: 'active' });
    const state = await phoneLab.lab.control.userState(user.username);
    expect(state.devices).toEqual([
      expect.objectContaining({
        state: 'active',
        apns_token: expect.stringMatching(/^[0-9a-f]{64}$/),
        biometry: 'faceId',
      }),
    ]);
    expect(state.activations).toEqual([expect.objectContaining({ state: 'activated' })]);
    expect(await transcriptText(phone)).toMatch(/POST \/sls\/ibkey\/v1\/enroll/);
  });

  it('app not installed (4.1): Safari, App Store, GET, scan again without opening the app, then the app activates', async () => {
    const { user, link } = await customerAtTheGate('fr-FR');
    const phone = await logicPhone({ 'appium:language': 'fr', 'appium:locale': 'fr_FR' });
    const first = await scan(phone, link);
    expect(first.banner).toMatchObject({
      target: 'safari',
      text: expect.stringMatching(/^Ouvrir « 127\.0\.0\.1:\d+ » dans Safari$/),
    });
    await tap(phone, 'QRCodeBanner');
    expect(await textOf(phone, 'ProductName')).toBe('IBKR Mobile');
    const get = await phone.$('~GET');
    expect(await get.getText()).toBe('OBTENIR');
    await get.click();
    expect(await phone.execute('mobile: isAppInstalled', { bundleId: IBKR })).toBe(true);
    expect(await phone.execute('mobile: queryAppState', { bundleId: IBKR })).toBe(1);
    const second = await scan(phone, link);
    expect(second.banner).toMatchObject({ target: 'app', text: 'Ouvrir dans « IBKR Mobile »' });
    await tap(phone, 'QRCodeBanner');
    await phone.execute('mobile: alert', { action: 'accept', buttonLabel: 'Autoriser' });
    await phone.execute('mobile: alert', { action: 'accept' });
    await phone.execute('mobile: sendBiometricMatch', { type: 'faceId', match: true });
    expect(await textOf(phone, 'ActivationSuccessTitle')).toBe('IB Key activée');
    expect(await (await phone.$('~Done')).getText()).toBe('Terminé');
    expect((await phoneLab.lab.control.userState(user.username)).devices).toHaveLength(1);
  });

  it('notifications denied: activation still succeeds, with no APNs token', async () => {
    const { user, link } = await customerAtTheGate();
    const phone = await logicPhone({ 'appium:installedApps': [IBKR] });
    await scan(phone, link);
    await tap(phone, 'QRCodeBanner');
    await phone.execute('mobile: alert', { action: 'dismiss' });
    expect(await phone.execute('mobile: getPermission', { bundleId: IBKR, service: 'notifications' })).toBe(
      'no',
    );
    await phone.execute('mobile: alert', { action: 'accept' });
    await phone.execute('mobile: sendBiometricMatch', { type: 'faceId', match: true });
    expect(await textOf(phone, 'ActivationSuccessTitle')).toBe('IB Key activated');
    expect((await phoneLab.lab.control.userState(user.username)).devices).toEqual([
      expect.objectContaining({ apns_token: null }),
    ]);
  });

  it('Touch ID phone: no match, then match', async () => {
    const { user, link } = await customerAtTheGate();
    const phone = await logicPhone({
      'appium:deviceName': 'iPhone SE (Touch ID)',
      'appium:installedApps': [IBKR],
    });
    await scan(phone, link);
    await tap(phone, 'QRCodeBanner');
    await phone.execute('mobile: alert', { action: 'accept' });
    expect(await phone.getAlertText()).toContain('Touch ID for “IBKR Mobile”');
    await phone.execute('mobile: sendBiometricMatch', { type: 'touchId', match: false });
    expect(await phone.getAlertText()).toContain('Try Again');
    await phone.execute('mobile: sendBiometricMatch', { type: 'touchId', match: true });
    expect(await textOf(phone, 'ActivationSuccessTitle')).toBe('IB Key activated');
    expect((await phoneLab.lab.control.userState(user.username)).devices).toEqual([
      expect.objectContaining({ biometry: 'touchId' }),
    ]);
  });

  it('passcode-only phone: a wrong passcode, then the right one', async () => {
    const { user, link } = await customerAtTheGate();
    const phone = await logicPhone({
      'appium:deviceName': 'iPhone 11 (passcode only)',
      'appium:installedApps': [IBKR],
      'appium:passcode': '2468',
    });
    expect(await phone.execute('mobile: isBiometricEnrolled', {})).toBe(false);
    await scan(phone, link);
    await tap(phone, 'QRCodeBanner');
    await phone.execute('mobile: alert', { action: 'accept' });
    expect(await phone.getAlertText()).toContain('Enter iPhone Passcode');
    await (await phone.$('~Passcode')).setValue('1111');
    await tap(phone, 'OK');
    expect(await phone.getAlertText()).toContain('Wrong Passcode');
    await (await phone.$('~Passcode')).setValue('2468');
    await tap(phone, 'OK');
    expect(await textOf(phone, 'ActivationSuccessTitle')).toBe('IB Key activated');
    expect((await phoneLab.lab.control.userState(user.username)).devices).toEqual([
      expect.objectContaining({ biometry: 'passcode' }),
    ]);
  });

  it('Face ID cancelled: the app explains and lets the user try again', async () => {
    const { link } = await customerAtTheGate();
    const phone = await logicPhone({ 'appium:installedApps': [IBKR] });
    await scan(phone, link);
    await tap(phone, 'QRCodeBanner');
    await phone.execute('mobile: alert', { action: 'accept' });
    await phone.execute('mobile: alert', { action: 'accept' });
    await tap(phone, 'Cancel');
    expect(await phone.getAlertText()).toContain('Authentication Cancelled');
    await tap(phone, 'Try Again');
    await phone.execute('mobile: sendBiometricMatch', { type: 'faceId', match: true });
    expect(await textOf(phone, 'ActivationSuccessTitle')).toBe('IB Key activated');
  });

  it('a QR already used: the second phone shows the one error alert; the code is only in its transcript', async () => {
    const { user, link } = await customerAtTheGate('fr-FR');
    const first = await logicPhone({ 'appium:installedApps': [IBKR] });
    await scan(first, link);
    await tap(first, 'QRCodeBanner');
    await first.execute('mobile: alert', { action: 'accept' });
    await first.execute('mobile: alert', { action: 'accept' });
    await first.execute('mobile: sendBiometricMatch', { type: 'faceId', match: true });

    const second = await logicPhone({ 'appium:installedApps': [IBKR], 'appium:language': 'fr' });
    await scan(second, link);
    await tap(second, 'QRCodeBanner');
    await second.execute('mobile: alert', { action: 'accept' });
    await second.execute('mobile: alert', { action: 'accept' });
    await second.execute('mobile: sendBiometricMatch', { type: 'faceId', match: true });
    expect(await second.getAlertText()).toBe('Une erreur est survenue. Veuillez réessayer.');
    expect(await second.getPageSource()).not.toContain('CREDENTIAL_USED');
    expect(await transcriptText(second)).toContain('enroll failed: CREDENTIAL_USED');
    await second.acceptAlert();
    expect((await phoneLab.lab.control.userState(user.username)).devices).toHaveLength(1);
  });
});

describe('camera conditions on the simulated iPhone (article troubleshooting)', () => {
  it('no banner with Scan QR Codes off; turning it on in Settings brings the banner', async () => {
    const { link } = await customerAtTheGate();
    const phone = await logicPhone({ 'appium:initialSettings': { scanQrCodes: false } });
    expect((await scan(phone, link)).banner).toBeNull();
    await phone.execute('mobile: launchApp', { bundleId: 'com.apple.Preferences' });
    await tap(phone, 'Camera');
    const toggle = await phone.$('~Scan QR Codes');
    expect(await toggle.getAttribute('value')).toBe('0');
    await toggle.click();
    expect(await toggle.getAttribute('value')).toBe('1');
    expect((await scan(phone, link)).banner).toMatchObject({ target: 'safari' });
  });

  it('no banner with the front camera, nor too far away; switching cameras and moving closer bring it', async () => {
    const { link } = await customerAtTheGate();
    const phone = await logicPhone();
    await phone.execute('mobile: launchApp', { bundleId: 'com.apple.camera' });
    await tap(phone, 'FrontBackFacingCameraChooser');
    expect(await scan(phone, link)).toMatchObject({ decoded: false, reason: 'front_camera', banner: null });
    await tap(phone, 'FrontBackFacingCameraChooser');
    expect(await scan(phone, link, { distanceCm: 95 })).toMatchObject({
      decoded: false,
      reason: 'too_small',
      banner: null,
    });
    expect(await scan(phone, link, { distanceCm: 20, focusDistanceCm: 9 })).toMatchObject({
      decoded: false,
      reason: 'too_blurred',
    });
    expect(await scan(phone, link, { distanceCm: 25 })).toMatchObject({ decoded: true });
  });
});

describe('login approved from a notification', () => {
  async function activatedCustomer(portalLocale: Locale = 'en-US') {
    const { user, link } = await customerAtTheGate(portalLocale);
    const phone = await logicPhone({ 'appium:installedApps': [IBKR] });
    await scan(phone, link);
    await tap(phone, 'QRCodeBanner');
    await phone.execute('mobile: alert', { action: 'accept' });
    await phone.execute('mobile: alert', { action: 'accept' });
    await phone.execute('mobile: sendBiometricMatch', { type: 'faceId', match: true });
    await tap(phone, 'Done');
    await phone.execute('mobile: pressButton', { name: 'home' });
    return { user, phone };
  }

  async function logInAgain(user: { username: string; password: string }): Promise<BrowserlessPortal> {
    const portal = phoneLab.lab.portal();
    expect((await portal.logIn(user.username, user.password)).location).toBe('/login/check-phone');
    return portal;
  }

  it('the push arrives as a banner; tap, Approve, Face ID: the portal logs in', async () => {
    const { user, phone } = await activatedCustomer();
    const portal = await logInAgain(user);
    await phone.waitUntil(async () => (await phone.$$('~NotificationBanner').length) > 0, {
      timeout: 5000,
      timeoutMsg: 'The login notification did not reach the phone',
    });
    expect(await (await phone.$('~NotificationBanner')).getText()).toContain(
      'Login request: tap to approve with IB Key.',
    );
    await tap(phone, 'NotificationBanner');
    await tap(phone, 'Approve');
    await phone.execute('mobile: sendBiometricMatch', { type: 'faceId', match: true });
    expect(await (await phone.$('~ApprovalResult')).getText()).toBe('Login approved');
    expect(await portal.json('/login/status')).toMatchObject({ status: 'approved' });
  });

  it('Deny refuses the login', async () => {
    const { user, phone } = await activatedCustomer();
    const portal = await logInAgain(user);
    await phone.waitUntil(async () => (await phone.$$('~NotificationBanner').length) > 0, {
      timeout: 5000,
      timeoutMsg: 'no notification',
    });
    await tap(phone, 'NotificationBanner');
    await tap(phone, 'Deny');
    expect(await (await phone.$('~ApprovalResult')).getText()).toBe('Login refused');
    expect(await portal.json('/login/status')).toMatchObject({ status: 'access_denied' });
  });

  it('Airplane Mode holds the push until the phone is back online', async () => {
    const { user, phone } = await activatedCustomer();
    await phone.execute('sim: setSetting', { name: 'airplaneMode', value: true });
    await logInAgain(user);
    await expect.poll(() => phoneLab.lab.apns.requests.at(-1)?.delivered).toBe('held');
    expect(await phone.$$('~NotificationBanner')).toHaveLength(0);
    await phone.execute('sim: setSetting', { name: 'airplaneMode', value: false });
    await phone.waitUntil(async () => (await phone.$$('~NotificationBanner').length) > 0, {
      timeout: 5000,
      timeoutMsg: 'held push not delivered',
    });
  });

  it('Focus puts the notification in Notification Center without a banner', async () => {
    const { user, phone } = await activatedCustomer();
    await phone.execute('sim: setSetting', { name: 'focus', value: true });
    await logInAgain(user);
    await phone.waitUntil(
      async () =>
        ((await phone.execute('sim: getNotifications', {})) as { notificationCenter: unknown[] })
          .notificationCenter.length > 0,
      {
        timeout: 5000,
        timeoutMsg: 'no notification in Notification Center',
      },
    );
    expect(await phone.$$('~NotificationBanner')).toHaveLength(0);
    // Pulled down from the top edge with a finger, as on a phone.
    await phone
      .action('pointer', { parameters: { pointerType: 'touch' } })
      .move({ x: 196, y: 2 })
      .down()
      .move({ x: 196, y: 420, duration: 250 })
      .up()
      .perform();
    await (await phone.$('~NotificationCell')).click();
    expect(await (await phone.$('~Approve')).isDisplayed()).toBe(true);
  });

  it('opening the app finds the waiting login; the IB Key module turns the portal challenge into a response the portal accepts', async () => {
    const { user, phone } = await activatedCustomer();
    const portal = await logInAgain(user);
    const challenge = await portal.challenge();
    await phone.execute('mobile: launchApp', { bundleId: IBKR });
    expect(await (await phone.$('~Approve')).isDisplayed()).toBe(true);
    await tap(phone, 'Later');
    await tap(phone, 'IB Key');
    await (await phone.$('~ChallengeInput')).setValue(challenge);
    await tap(phone, 'Generate Response');
    await phone.execute('mobile: sendBiometricMatch', { type: 'faceId', match: true });
    const response = await (await phone.$('~ChallengeResponse')).getText();
    expect(response).toMatch(/^\d{8}$/);
    expect(await portal.submitResponse(response)).toMatchObject({ status: 303, location: '/portal' });
  });
});

describe('W3C errors with a sentence', () => {
  it('refuses a session for an unknown profile, listing the accepted ones', async () => {
    await expect(logicPhone({ 'appium:deviceName': 'Pixel 8' })).rejects.toThrow(
      /appium:deviceName "Pixel 8" is not a simulated iPhone; use one of: iPhone 15 \(Face ID\), iPhone SE \(Touch ID\), iPhone 11 \(passcode only\)/,
    );
    await expect(logicPhone({ 'appium:initialSettings': { wifi: true } })).rejects.toThrow(
      /unknown setting "wifi"/,
    );
  });

  it('answers no such element, no such alert, invalid element state, invalid argument and unknown method', async () => {
    const phone = await logicPhone();
    const missing = await phone.findElement('accessibility id', 'Nothing').catch((error: Error) => error);
    expect(String((missing as { error?: string }).error ?? missing)).toMatch(/no such element/);
    await expect(phone.getAlertText()).rejects.toThrow(/no such alert|No alert is up/);
    // As on the Simulator, a match with no prompt up is lost without an error; the transcript says so.
    await phone.execute('mobile: sendBiometricMatch', { type: 'faceId', match: true });
    expect(await transcriptText(phone)).toMatch(
      /Face ID match sent; nothing happens: no Face ID prompt is up/,
    );
    await expect(phone.execute('sim: setSetting', { name: 'wifi', value: true })).rejects.toThrow(
      /"wifi" is not a setting; use one of: scanQrCodes, airplaneMode, focus/,
    );
    await expect(phone.execute('mobile: shake', {})).rejects.toThrow(
      /"mobile: shake" is not an execute method/,
    );
    await expect(
      phone.execute('sim: presentCameraFrame', { image: 'bm90IGFuIGltYWdlIGF0IGFsbA==' }),
    ).rejects.toThrow(/not a base64 PNG or JPEG/);
  });

  it('serves well-formed page source, XPath, predicate and class chain queries, and a PNG screenshot', async () => {
    const phone = await logicPhone();
    const source = await phone.getPageSource();
    expect(source.startsWith('<?xml version="1.0" encoding="UTF-8"?><AppiumAUT>')).toBe(true);
    expect(await phone.$$('//XCUIElementTypeIcon')).toHaveLength(4);
    expect(
      await (
        await phone.$('-ios predicate string:type == "XCUIElementTypeIcon" AND name BEGINSWITH "Sa"')
      ).getAttribute('name'),
    ).toBe('Safari');
    expect(
      await (await phone.$('-ios class chain:**/XCUIElementTypeIcon[`name == "Camera"`]')).getAttribute(
        'label',
      ),
    ).toBe('Camera');
    const screenshot = Buffer.from(await phone.takeScreenshot(), 'base64');
    expect(screenshot.subarray(1, 4).toString()).toBe('PNG');
  });
});
