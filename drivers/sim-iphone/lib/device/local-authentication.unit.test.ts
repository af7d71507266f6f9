// LocalAuthentication's rules on the simulated iPhone without Appium or a network: misses per
// evaluation, the lockout after 5, the passcode that lifts it, the delays of a disabled iPhone on
// the phone's clock, Face ID's permission, and the IB Key invalidated by a change of enrolment.

import { describe, expect, it } from 'vitest';
import { IBKR_BUNDLE_ID, type Locale } from '../../../../product/index.ts';
import { generateKeyPairJwk } from '../../../../protocol/index.ts';
import { simulatedPhone } from '../../test-support/simulated-phone.ts';
import type { SimulatedIPhone } from './device.ts';
import { renderTree, walk } from './element-tree.ts';
import { IBKEY_KEYCHAIN_ITEM } from './ibkr-app.ts';
import { type LAPolicy, type LAResult, passcodeDelayMinutes } from './local-authentication.ts';

type ProfileName = 'iPhone 15 (Face ID)' | 'iPhone SE (Touch ID)' | 'iPhone 11 (passcode only)';

function phone(profile: ProfileName, locale: Locale = 'en-US'): SimulatedIPhone {
  const device = simulatedPhone({
    profileName: profile,
    locale,
    installedApps: [IBKR_BUNDLE_ID],
    passcode: '2468',
  });
  device.setPermission(IBKR_BUNDLE_ID, 'faceId', 'yes');
  // The app that asks is in front: its alerts show only then.
  device.go('openIbkr');
  return device;
}

/** Starts an evaluation as the app would; `result` is set once it ends. */
async function evaluating(device: SimulatedIPhone, policy: LAPolicy, fallbackTitle?: string) {
  const outcome: { result?: LAResult } = {};
  await device.flows.start(async () => {
    outcome.result = await device.localAuthentication.evaluatePolicy(policy, {
      bundleId: IBKR_BUNDLE_ID,
      reason: 'Approve the login with IB Key',
      ...(fallbackTitle === undefined ? {} : { fallbackTitle }),
    });
  });
  return outcome;
}

const buttons = (device: SimulatedIPhone) => device.prompt?.buttons.map((button) => button.name);

async function typePasscode(device: SimulatedIPhone, passcode: string): Promise<void> {
  device.typeIntoPrompt(passcode);
  await device.answerPrompt('OK');
}

async function miss(device: SimulatedIPhone, times: number): Promise<void> {
  for (let attempt = 0; attempt < times; attempt += 1)
    await device.sendBiometricMatch(device.profile.biometry, false);
}

describe('the wrong-passcode delays', () => {
  it.each([
    [1, 0],
    [5, 0],
    [6, 1],
    [7, 5],
    [8, 15],
    [9, 60],
    [14, 60],
  ])('after %i wrong passcodes in a row the iPhone is disabled for %i minutes', (wrong, minutes) => {
    expect(passcodeDelayMinutes(wrong)).toBe(minutes);
  });
});

describe('deviceOwnerAuthenticationWithBiometrics', () => {
  it('Touch ID: "Try Again" after a miss, authenticationFailed after 3 misses, no fallback when the title is ""', async () => {
    const device = phone('iPhone SE (Touch ID)');
    const evaluation = await evaluating(device, 'deviceOwnerAuthenticationWithBiometrics', '');
    expect(device.prompt).toMatchObject({ kind: 'biometric', title: 'Touch ID for “IBKR Mobile”' });
    expect(buttons(device)).toEqual(['Cancel']);
    await miss(device, 1);
    expect(device.prompt?.notice).toBe('Try Again');
    expect(buttons(device)).toEqual(['Cancel']);
    await miss(device, 2);
    expect(evaluation.result).toEqual({ ok: false, error: 'authenticationFailed' });
    expect(device.prompt).toBeUndefined();
    expect(device.localAuthentication.biometryFailures).toBe(3);
  });

  it('offers "Enter Passcode" after a miss when the app leaves the fallback title, and ends with userFallback', async () => {
    const device = phone('iPhone SE (Touch ID)', 'fr-FR');
    const evaluation = await evaluating(device, 'deviceOwnerAuthenticationWithBiometrics');
    expect(buttons(device)).toEqual(['Cancel']);
    await miss(device, 1);
    expect(device.prompt?.buttons.map((button) => button.label)).toEqual(['Saisir le code', 'Annuler']);
    await device.answerPrompt('Enter Passcode');
    expect(evaluation.result).toEqual({ ok: false, error: 'userFallback' });
  });

  it('Face ID: after a miss "Try Face ID Again" scans again without counting; 2 misses end the evaluation', async () => {
    const device = phone('iPhone 15 (Face ID)');
    const evaluation = await evaluating(device, 'deviceOwnerAuthenticationWithBiometrics', '');
    await miss(device, 1);
    expect(device.prompt).toMatchObject({ notice: 'Face ID Not Recognized', glyph: 'faceId' });
    expect(buttons(device)).toEqual(['Try Face ID Again', 'Cancel']);
    await device.answerPrompt('Try Face ID Again');
    expect(device.prompt?.notice).toBeUndefined();
    expect(device.localAuthentication.biometryFailures).toBe(1);
    await miss(device, 1);
    expect(evaluation.result).toEqual({ ok: false, error: 'authenticationFailed' });
  });

  it('a match resets the count of failures; Cancel ends with userCancel', async () => {
    const device = phone('iPhone 15 (Face ID)');
    const first = await evaluating(device, 'deviceOwnerAuthenticationWithBiometrics', '');
    await miss(device, 1);
    await device.sendBiometricMatch('faceId', true);
    expect(first.result).toEqual({ ok: true, by: 'biometry' });
    expect(device.localAuthentication.biometryFailures).toBe(0);
    const second = await evaluating(device, 'deviceOwnerAuthenticationWithBiometrics', '');
    await device.answerPrompt('Cancel');
    expect(second.result).toEqual({ ok: false, error: 'userCancel' });
  });

  it('locks biometry out after 5 misses in a row across evaluations; then it fails at once and a match changes nothing', async () => {
    const device = phone('iPhone SE (Touch ID)');
    await evaluating(device, 'deviceOwnerAuthenticationWithBiometrics', '');
    await miss(device, 3);
    const second = await evaluating(device, 'deviceOwnerAuthenticationWithBiometrics', '');
    await miss(device, 2);
    expect(second.result).toEqual({ ok: false, error: 'biometryLockout' });
    expect(device.localAuthentication.biometryLockedOut).toBe(true);
    expect(
      device.localAuthentication.canEvaluatePolicy('deviceOwnerAuthenticationWithBiometrics', IBKR_BUNDLE_ID),
    ).toBe('biometryLockout');
    const third = await evaluating(device, 'deviceOwnerAuthenticationWithBiometrics', '');
    expect(third.result).toEqual({ ok: false, error: 'biometryLockout' });
    // As on the Simulator, a match during the lockout changes nothing and no error comes back.
    await device.sendBiometricMatch('touchId', true);
    expect(device.localAuthentication.biometryLockedOut).toBe(true);
    expect(device.transcript.entries.at(-1)?.text).toBe(
      'Touch ID match sent; nothing happens: Touch ID is locked out after 5 failed attempts until the passcode is entered',
    );
    expect(device.transcript.entries.map((entry) => entry.text)).toContain(
      'Touch ID locked out after 5 failed attempts in a row',
    );
  });

  it('answers biometryNotEnrolled on the passcode-only phone and biometryNotAvailable when Face ID is refused', async () => {
    const passcodeOnly = phone('iPhone 11 (passcode only)');
    expect((await evaluating(passcodeOnly, 'deviceOwnerAuthenticationWithBiometrics')).result).toEqual({
      ok: false,
      error: 'biometryNotEnrolled',
    });
    const refused = phone('iPhone 15 (Face ID)');
    refused.setPermission(IBKR_BUNDLE_ID, 'faceId', 'unset');
    const evaluation = await evaluating(refused, 'deviceOwnerAuthenticationWithBiometrics');
    expect(refused.prompt).toMatchObject({ kind: 'faceIdUsage' });
    await refused.dismissPrompt();
    expect(evaluation.result).toEqual({ ok: false, error: 'biometryNotAvailable' });
    expect(refused.permission(IBKR_BUNDLE_ID).faceId).toBe('no');
  });
});

describe('deviceOwnerAuthentication', () => {
  it('with biometry locked out asks the passcode alone, says why, and the right passcode unlocks biometry', async () => {
    const device = phone('iPhone 15 (Face ID)', 'fr-FR');
    device.localAuthentication.biometryFailures = 5;
    const unlocking = await evaluating(device, 'deviceOwnerAuthentication');
    expect(device.prompt).toMatchObject({
      kind: 'passcode',
      title: 'Saisissez le code de l’iPhone',
      notice: 'Face ID est verrouillé. Votre code est requis pour activer Face ID.',
      noticeId: 'BiometryLockedNotice',
    });
    await typePasscode(device, '2468');
    expect(unlocking.result).toEqual({ ok: true, by: 'passcode' });
    expect(device.localAuthentication.biometryLockedOut).toBe(false);
    const again = await evaluating(device, 'deviceOwnerAuthenticationWithBiometrics', '');
    await device.sendBiometricMatch('faceId', true);
    expect(again.result).toEqual({ ok: true, by: 'biometry' });
  });

  it('Touch ID first; after 3 misses the passcode, where Cancel ends with userCancel', async () => {
    const device = phone('iPhone SE (Touch ID)');
    const evaluation = await evaluating(device, 'deviceOwnerAuthentication');
    expect(device.prompt?.kind).toBe('biometric');
    await miss(device, 3);
    expect(device.prompt?.kind).toBe('passcode');
    expect(device.prompt?.notice).toBeUndefined();
    await device.dismissPrompt();
    expect(evaluation.result).toEqual({ ok: false, error: 'userCancel' });
  });

  it('Face ID first; "Enter Passcode" after a miss leads to the passcode prompt of the same evaluation', async () => {
    const device = phone('iPhone 15 (Face ID)');
    const evaluation = await evaluating(device, 'deviceOwnerAuthentication');
    await miss(device, 1);
    expect(buttons(device)).toEqual(['Try Face ID Again', 'Enter Passcode', 'Cancel']);
    await device.answerPrompt('Enter Passcode');
    expect(device.prompt?.title).toBe('Enter iPhone Passcode');
    await typePasscode(device, '2468');
    expect(evaluation.result).toEqual({ ok: true, by: 'passcode' });
  });

  it('says "Wrong Passcode" for the 1st to 5th wrong one; the 6th disables the iPhone for 1 minute on its clock', async () => {
    const device = phone('iPhone 11 (passcode only)');
    const evaluation = await evaluating(device, 'deviceOwnerAuthentication');
    expect(device.prompt).toMatchObject({
      title: 'Enter iPhone Passcode',
      message: 'Approve the login with IB Key',
    });
    for (const wrong of ['1111', '2222', '3333', '4444', '5555']) {
      await typePasscode(device, wrong);
      expect(device.prompt).toMatchObject({ title: 'Enter iPhone Passcode', notice: 'Wrong Passcode' });
      expect(device.prompt?.textField?.value).toBe('');
    }
    await typePasscode(device, '6666');
    expect(device.prompt).toMatchObject({
      title: 'iPhone is disabled',
      notice: 'Try again in 1 minute',
      noticeId: 'PasscodeDisabledNotice',
    });
    expect(() => device.typeIntoPrompt('2468')).toThrow(
      /^The iPhone is disabled after 6 wrong passcodes in a row: try again in 1 minute \(at \d\d:\d\d:\d\d on the phone's clock/,
    );
    await expect(device.acceptPrompt()).rejects.toThrow(/The iPhone is disabled after 6 wrong passcodes/);
    const tree = renderTree(device, { respectSystemAlerts: true });
    const field = [...walk(tree)].map(([node]) => node).find((node) => node.name === 'Passcode');
    expect(field?.enabled).toBe(false);
    device.advanceClock(59);
    expect(device.prompt?.title).toBe('iPhone is disabled');
    device.advanceClock(1);
    expect(device.prompt?.title).toBe('Enter iPhone Passcode');
    expect(device.prompt?.notice).toBeUndefined();
    await typePasscode(device, '7777');
    expect(device.prompt).toMatchObject({ title: 'iPhone is disabled', notice: 'Try again in 5 minutes' });
    device.advanceClock(4 * 60 + 1);
    expect(device.prompt?.notice).toBe('Try again in 1 minute');
    device.advanceClock(60);
    await typePasscode(device, '2468');
    expect(evaluation.result).toEqual({ ok: true, by: 'passcode' });
    expect(device.localAuthentication).toMatchObject({ passcodeFailures: 0, disabledUntil: undefined });
  });

  it('counts the delays up to an hour, in the phone’s words in French, and keeps counting across evaluations', async () => {
    const device = phone('iPhone 11 (passcode only)', 'fr-FR');
    device.localAuthentication.passcodeFailures = 7;
    const evaluation = await evaluating(device, 'deviceOwnerAuthentication');
    await typePasscode(device, '0000');
    expect(device.prompt).toMatchObject({ title: 'iPhone désactivé', notice: 'Réessayez dans 15 minutes' });
    await device.dismissPrompt();
    expect(evaluation.result).toEqual({ ok: false, error: 'userCancel' });
    device.advanceClock(15 * 60);
    await evaluating(device, 'deviceOwnerAuthentication');
    await typePasscode(device, '0000');
    expect(device.prompt).toMatchObject({ title: 'iPhone désactivé', notice: 'Réessayez dans 60 minutes' });
  });

  it('shows the passcode prompt disabled from the start while the iPhone is disabled', async () => {
    const device = phone('iPhone 11 (passcode only)');
    device.localAuthentication.passcodeFailures = 6;
    device.localAuthentication.disabledUntil = new Date(device.now().getTime() + 90_000);
    await evaluating(device, 'deviceOwnerAuthentication');
    expect(device.prompt).toMatchObject({ title: 'iPhone is disabled', notice: 'Try again in 2 minutes' });
    expect(device.prompt?.buttons.find((button) => button.name === 'OK')?.enabled).toBe(false);
  });
});

describe('the enrolled biometric set', () => {
  it('changes generation when biometry is turned off and on, or re-enrolled, and a change lifts a lockout', () => {
    const device = phone('iPhone 15 (Face ID)');
    const first = device.biometrics.enrollment;
    device.enrollBiometric(true);
    expect(device.biometrics.enrollment).toBe(first);
    device.localAuthentication.biometryFailures = 5;
    device.changeBiometricEnrollment();
    expect(device.biometrics).toEqual({ enrolled: true, enrollment: first + 1 });
    expect(device.localAuthentication.biometryLockedOut).toBe(false);
    device.enrollBiometric(false);
    device.enrollBiometric(true);
    expect(device.biometrics.enrollment).toBe(first + 3);
    expect(() => phone('iPhone 11 (passcode only)').changeBiometricEnrollment()).toThrow(
      'No face is enrolled on this iPhone 11, so there is no Face ID set to change; enroll one first (mobile: enrollBiometric).',
    );
  });
});

describe('IB Key behind LocalAuthentication (the app’s IB Key module, no network needed)', () => {
  /** A phone whose IB Key is already active, bound as the app binds it, on the IB Key screen. */
  async function withIbKey(profile: ProfileName, binding: 'current' | 'passcode' = 'current') {
    const device = phone(profile);
    const [phoneKey, serverKey] = await Promise.all([generateKeyPairJwk(), generateKeyPairJwk()]);
    device.keychain.set(IBKEY_KEYCHAIN_ITEM, {
      privateKey: phoneKey.privateJwk,
      boundToEnrollment: binding === 'passcode' ? 'passcode' : device.biometrics.enrollment,
      deviceId: 'device-1',
      serverPublicKey: serverKey.publicJwk,
      portalBaseUrl: 'http://127.0.0.1:1',
    });
    device.go('openIbkr');
    device.app.openIbKeyModule();
    device.app.challengeInput = '123456';
    return device;
  }

  it('5 Touch ID misses, then the passcode, then Touch ID again gives the response', async () => {
    const device = await withIbKey('iPhone SE (Touch ID)');
    await device.app.generateResponse();
    await miss(device, 3);
    expect(device.prompt?.kind).toBe('biometric');
    await miss(device, 2);
    expect(device.prompt).toMatchObject({ kind: 'passcode', noticeId: 'BiometryLockedNotice' });
    await typePasscode(device, '2468');
    expect(device.prompt).toMatchObject({ kind: 'biometric', title: 'Touch ID for “IBKR Mobile”' });
    await device.sendBiometricMatch('touchId', true);
    expect(device.app.response).toMatch(/^\d{8}$/);
  });

  it('cancelling the passcode that would lift the lockout shows the app’s Authentication Cancelled alert', async () => {
    const device = await withIbKey('iPhone 15 (Face ID)');
    device.localAuthentication.biometryFailures = 5;
    await device.app.generateResponse();
    expect(device.prompt?.kind).toBe('passcode');
    await device.dismissPrompt();
    expect(device.prompt).toMatchObject({ kind: 'authCancelled', title: 'Authentication Cancelled' });
    await device.answerPrompt('Try Again');
    expect(device.prompt?.kind).toBe('passcode');
  });

  it('a re-enrolled face invalidates a key bound to the current set: Face ID matches, then the app says IB Key can no longer be used', async () => {
    const device = await withIbKey('iPhone 15 (Face ID)');
    device.changeBiometricEnrollment();
    await device.app.generateResponse();
    await device.sendBiometricMatch('faceId', true);
    expect(device.prompt).toBeUndefined();
    expect(device.screen).toBe('ibkr.keyInvalidated');
    expect(device.app.response).toBeUndefined();
    expect(device.flows.busy).toBe(false);
  });

  it('Face ID turned off leaves a biometric key unusable: its own screen at once, no passcode', async () => {
    const device = await withIbKey('iPhone 15 (Face ID)');
    device.enrollBiometric(false);
    await device.app.generateResponse();
    expect(device.prompt).toBeUndefined();
    expect(device.screen).toBe('ibkr.keyInvalidated');
  });

  it('a key bound to the passcode survives a change of enrolment; a face enrolled later may release it', async () => {
    const device = await withIbKey('iPhone 11 (passcode only)', 'passcode');
    device.setPermission(IBKR_BUNDLE_ID, 'faceId', 'unset');
    device.enrollBiometric(true);
    await device.app.generateResponse();
    expect(device.prompt?.kind).toBe('faceIdUsage');
    await device.acceptPrompt();
    await miss(device, 1);
    expect(buttons(device)).toContain('Enter Passcode');
    await device.answerPrompt('Enter Passcode');
    await typePasscode(device, '2468');
    expect(device.app.response).toMatch(/^\d{8}$/);
  });
});
