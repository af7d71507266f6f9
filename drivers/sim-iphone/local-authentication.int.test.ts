// Face ID, Touch ID and the passcode as LocalAuthentication gives them, end to end: WebdriverIO ->
// the real Appium server -> the simulated iPhone -> the real sls server. Lockout and its passcode,
// a disabled iPhone on its own clock, cancel and "Enter Passcode" per policy, an IB Key invalidated
// by a new enrolled set, and the phone number capability.

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PhoneScreens } from '../../drivers/phone/phone-screens.ts';
import type { BrowserlessPortal } from '../../drivers/portal/index.ts';
import { IBKR_BUNDLE_ID, type Locale } from '../../product/index.ts';
import { gateImage } from './test-support/gate-image.ts';
import { type Phone, type PhoneLab, startPhoneLab } from './test-support/phone-lab.ts';

type ProfileName = 'iPhone 15 (Face ID)' | 'iPhone SE (Touch ID)' | 'iPhone 11 (passcode only)';

const PASSCODE = '2468';
let phoneLab: PhoneLab;

beforeAll(async () => {
  phoneLab = await startPhoneLab(inject('storeUrl'), 'local_authentication');
}, 120_000);
afterAll(() => phoneLab?.close());

interface Customer {
  user: { username: string; password: string };
  portal: BrowserlessPortal;
  phone: Phone;
  screens: PhoneScreens;
}

/** A customer at the gate with a phone whose activation waits for Face ID, Touch ID or the passcode. */
async function activationAsking(profile: ProfileName, locale: Locale): Promise<Customer> {
  const { user } = await phoneLab.lab.createUser({ locale });
  const portal = phoneLab.lab.portal(locale);
  await portal.logIn(user.username, user.password);
  const link = await portal.gateLink();
  const phone = await phoneLab.newPhone({
    'appium:deviceName': profile,
    'appium:language': locale.slice(0, 2),
    'appium:installedApps': [IBKR_BUNDLE_ID],
    'appium:passcode': PASSCODE,
  });
  const screens = new PhoneScreens(phone, locale);
  await screens.scanImage(Buffer.from(await gateImage(link), 'base64'));
  await screens.openBanner();
  await screens.acceptAlert();
  if (profile === 'iPhone 15 (Face ID)') {
    expect(await screens.alertText()).toContain(screens.text('faceIdUsageTitle'));
    await screens.acceptAlert();
  }
  return { user, portal, phone, screens };
}

async function miss(screens: PhoneScreens, type: 'faceId' | 'touchId', times: number): Promise<void> {
  for (let attempt = 0; attempt < times; attempt += 1) await screens.biometricMatch(type, false);
}

async function activeDeviceOf(customer: Customer) {
  return (await phoneLab.lab.control.userState(customer.user.username)).devices;
}

/** Logs in again from a fresh browser; the phone gets the push and the approval screen opens from it. */
async function approvalFromPush(customer: Customer): Promise<BrowserlessPortal> {
  const portal = phoneLab.lab.portal();
  expect((await portal.logIn(customer.user.username, customer.user.password)).location).toBe(
    '/login/check-phone',
  );
  await customer.screens.waitFor('NotificationBanner', 'The login notification');
  await customer.screens.tap('NotificationBanner');
  await customer.screens.tap('Approve');
  return portal;
}

describe('biometry locked out after 5 failed attempts', () => {
  it.each([
    ['iPhone SE (Touch ID)', 'touchId', 'en-US'],
    ['iPhone SE (Touch ID)', 'touchId', 'fr-FR'],
    ['iPhone 15 (Face ID)', 'faceId', 'en-US'],
    ['iPhone 15 (Face ID)', 'faceId', 'fr-FR'],
  ] as const)(
    '%s (%s, %s): 5 misses, the passcode prompt, the right passcode, then biometry works again',
    async (profile, type, locale) => {
      const customer = await activationAsking(profile, locale);
      const { phone, screens } = customer;
      await miss(screens, type, 1);
      expect(await screens.alertText()).toContain(
        screens.text(type === 'faceId' ? 'faceIdNotRecognized' : 'touchIdTryAgain'),
      );
      await miss(screens, type, 4);
      expect(await screens.alertText()).toContain(screens.text('passcodeTitle'));
      expect(await screens.alertNotice('BiometryLockedNotice')).toBe(
        screens.text(type === 'faceId' ? 'faceIdLocked' : 'touchIdLocked'),
      );
      const name = type === 'faceId' ? 'Face ID' : 'Touch ID';
      // As on the Simulator, a match during the lockout is posted and changes nothing, with no error.
      await phone.execute('mobile: sendBiometricMatch', { type, match: true });
      expect(await screens.alertText()).toContain(screens.text('passcodeTitle'));
      const transcript = (await phone.execute('sim: transcript', {})) as { text: string }[];
      expect(transcript.at(-1)?.text).toBe(
        `${name} match sent; nothing happens: ${name} is locked out after 5 failed attempts until the passcode is entered`,
      );
      await screens.typePasscode(PASSCODE);
      expect(await screens.alertText()).toContain(
        screens.text(type === 'faceId' ? 'faceId' : 'touchIdTitle'),
      );
      await screens.biometricMatch(type, true);
      expect(await screens.confirmationTitle()).toBe(screens.text('activatedTitle'));
      expect(await activeDeviceOf(customer)).toEqual([expect.objectContaining({ biometry: type })]);
    },
  );
});

describe('wrong passcodes disable the iPhone for a while on its own clock', () => {
  it('passcode-only iPhone 11 in French: the 6th wrong passcode disables it for 1 minute, the 7th for 5; then the right one activates', async () => {
    const customer = await activationAsking('iPhone 11 (passcode only)', 'fr-FR');
    const { phone, screens } = customer;
    for (const wrong of ['1111', '2222', '3333', '4444', '5555']) {
      await screens.typePasscode(wrong);
      expect(await screens.alertNotice()).toBe('Code incorrect');
    }
    await screens.typePasscode('6666');
    expect(await screens.alertText()).toBe('iPhone désactivé\nRéessayez dans 1 minute');
    expect(await screens.isPasscodeFieldEnabled()).toBe(false);
    await expect((await phone.$('~Passcode')).setValue(PASSCODE)).rejects.toThrow(
      /The iPhone is disabled after 6 wrong passcodes in a row: try again in 1 minute/,
    );
    await expect(phone.execute('mobile: alert', { action: 'accept' })).rejects.toThrow(/iPhone is disabled/);
    await phone.execute('sim: advanceClock', { seconds: 60 });
    expect(await screens.alertText()).toContain('Saisissez le code de l’iPhone');
    expect(await screens.isPasscodeFieldEnabled()).toBe(true);
    await screens.typePasscode('7777');
    expect(await screens.alertNotice('PasscodeDisabledNotice')).toBe('Réessayez dans 5 minutes');
    await phone.execute('sim: advanceClock', { seconds: 5 * 60 });
    await screens.typePasscode(PASSCODE);
    expect(await screens.confirmationTitle()).toBe('IB Key activée');
    expect(await activeDeviceOf(customer)).toEqual([expect.objectContaining({ biometry: 'passcode' })]);
    const transcript = (await screens.transcript()).map((entry) => entry.text).join('\n');
    expect(transcript).toMatch(/wrong passcode \(7 in a row\): iPhone disabled for 5 min/);
  });

  it('Touch ID iPhone SE in English: after the lockout, 6 wrong passcodes disable it; Cancel leaves, the app offers Try Again', async () => {
    const { phone, screens } = await activationAsking('iPhone SE (Touch ID)', 'en-US');
    await miss(screens, 'touchId', 5);
    for (const wrong of ['1111', '2222', '3333', '4444', '5555', '6666']) await screens.typePasscode(wrong);
    expect(await screens.alertText()).toBe('iPhone is disabled\nTry again in 1 minute');
    await screens.dismissAlert();
    expect(await screens.alertText()).toContain(screens.text('authCancelledBody'));
    await screens.tap('Try Again');
    expect(await screens.alertText()).toBe('iPhone is disabled\nTry again in 1 minute');
    await phone.execute('sim: advanceClock', { seconds: 61 });
    await screens.typePasscode(PASSCODE);
    await screens.biometricMatch('touchId', true);
    expect(await screens.confirmationTitle()).toBe('IB Key activated');
  });
});

describe('cancel and "Enter Passcode" as each policy gives them', () => {
  it('biometric key (deviceOwnerAuthenticationWithBiometrics): no "Enter Passcode" after a miss; Cancel, then the app’s Try Again', async () => {
    const { screens } = await activationAsking('iPhone 15 (Face ID)', 'en-US');
    await miss(screens, 'faceId', 1);
    expect(await screens.alertButtons()).toEqual(['Try Face ID Again', 'Cancel']);
    await screens.tryFaceIdAgain();
    expect(await screens.alertButtons()).toEqual(['Cancel']);
    await screens.tap('Cancel');
    expect(await screens.alertText()).toContain('Authentication Cancelled');
    await screens.tap('Try Again');
    await screens.biometricMatch('faceId', true);
    expect(await screens.confirmationTitle()).toBe('IB Key activated');
  });

  it('passcode key (deviceOwnerAuthentication) with a face enrolled later: "Enter Passcode" after a miss, Cancel on the passcode, then the passcode approves', async () => {
    const customer = await activationAsking('iPhone 11 (passcode only)', 'fr-FR');
    const { phone, screens } = customer;
    await screens.typePasscode(PASSCODE);
    await screens.tap('Done');
    await screens.goHome();
    await phone.execute('mobile: enrollBiometric', { isEnabled: true });
    const portal = await approvalFromPush(customer);
    expect(await screens.alertText()).toContain(screens.text('faceIdUsageTitle'));
    await screens.acceptAlert();
    await screens.biometricMatch('faceId', false);
    expect(await screens.alertButtons()).toEqual(['Réessayer Face ID', 'Saisir le code', 'Annuler']);
    await screens.tapEnterPasscode();
    expect(await screens.alertText()).toContain('Saisissez le code de l’iPhone');
    await screens.tap('Cancel');
    expect(await screens.alertText()).toContain('Authentification annulée');
    await screens.tap('Try Again');
    await screens.biometricMatch('faceId', false);
    await screens.tapEnterPasscode();
    await screens.typePasscode(PASSCODE);
    expect(await screens.approvalResult()).toBe('Connexion approuvée');
    expect(await portal.json('/login/status')).toMatchObject({ status: 'approved' });
  });
});

describe('an IB Key bound to the current biometric set', () => {
  it.each([
    ['iPhone 15 (Face ID)', 'faceId', 'fr-FR', 'the face enrolled again (sim: changeBiometricEnrollment)'],
    ['iPhone SE (Touch ID)', 'touchId', 'en-US', 'Touch ID off and on (mobile: enrollBiometric)'],
  ] as const)(
    '%s (%s, %s), %s: the next approval matches, then the app says IB Key can no longer be used and tells the server; the login stays pending',
    async (profile, type, locale, _enrolmentChange) => {
      const customer = await activationAsking(profile, locale);
      const { phone, screens } = customer;
      await screens.biometricMatch(type, true);
      await screens.tap('Done');
      await screens.goHome();
      if (type === 'faceId') await phone.execute('sim: changeBiometricEnrollment', {});
      else {
        await phone.execute('mobile: enrollBiometric', { isEnabled: false });
        await phone.execute('mobile: enrollBiometric', { isEnabled: true });
      }
      const portal = await approvalFromPush(customer);
      await screens.biometricMatch(type, true);
      expect(await screens.textOf('KeyInvalidatedTitle')).toBe(screens.text('keyInvalidatedTitle'));
      expect(await screens.isShown('Recover IB Key')).toBe(true);
      expect(await screens.isShown('Approve')).toBe(false);
      expect(await portal.json('/login/status')).toMatchObject({
        status: 'authorization_pending',
        final: false,
      });
      const transcript = (await screens.transcript()).map((entry) => entry.text).join('\n');
      expect(transcript).toContain('told the server the key can no longer be used');
    },
  );
});

describe('the phone number', () => {
  it('refuses a session whose appium:phoneNumber is not E.164, with a sentence', async () => {
    await expect(phoneLab.newPhone({ 'appium:phoneNumber': '06 12 34 56 78' })).rejects.toThrow(
      'appium:phoneNumber must be an E.164 number: a + and 7 to 15 digits with no spaces, e.g. "+33612345678", not "06 12 34 56 78".',
    );
  });

  it('takes an E.164 number; the phone asks the gateway for its SMS and carries on either way', async () => {
    const phone = await phoneLab.newPhone({ 'appium:phoneNumber': '+33612345678' });
    expect(await phone.execute('sim: getMessages', {})).toEqual([]);
    const transcript = (await new PhoneScreens(phone, 'en-US').transcript()).map((entry) => entry.text);
    expect(transcript.some((text) => /SMS (of|reach) \+33612345678/.test(text))).toBe(true);
  });
});
