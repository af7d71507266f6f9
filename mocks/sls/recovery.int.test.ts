// Protocol D and E through the reference phone client: a restore with the key that survived a
// reinstall, a key invalidated by a change of biometrics, a recovery by password and SMS code, and
// a move to a new phone; every failure leaves the user's device as it was.

import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { StartedLab } from '../../lab/index.ts';
import { IBKR_MOBILE, type Locale } from '../../product/index.ts';
import {
  MOBILE_API,
  PhoneClient,
  type ProtocolError,
  type RecoveryPurposeValue,
  type UserState,
} from '../../protocol/index.ts';
import { smsGatewayDown } from '../handlers/index.ts';
import { activatedPhone, lastSmsCode, pushTo, serverNow } from './test-support/phones.ts';
import { startServerLab } from './test-support/server-lab.ts';

let lab: StartedLab;
let tokenCounter = 0;

beforeAll(async () => {
  lab = await startServerLab(inject('storeUrl'), 'recovery');
});
afterEach(() => lab.gateway.resetHandlers());
afterAll(() => lab.stop());

/** A fresh APNs token the simulator delivers to, as a phone gets one when notifications are allowed. */
function newToken(): string {
  tokenCounter += 1;
  const token = tokenCounter.toString(16).padStart(64, 'e');
  lab.apns.registerToken(token, IBKR_MOBILE.apnsTopic);
  return token;
}

/** The refusal a request met; fails the test if the request succeeded. */
async function refusal(request: Promise<unknown>): Promise<ProtocolError> {
  return request.then(
    (answer) => {
      throw new Error(`Expected a refusal, got ${JSON.stringify(answer)}`);
    },
    (error: ProtocolError) => error,
  );
}

/** A user whose IB Key is active on a phone that gets notifications. */
async function userWithPhone(options: { locale?: Locale; phone?: string | null } = {}) {
  const apnsToken = newToken();
  const created = await lab.createUser({
    locale: options.locale ?? 'en-US',
    ...(options.phone === undefined ? {} : { phone: options.phone }),
    device: { state: 'active', apnsToken },
  });
  return { user: created.user, oldPhone: activatedPhone(lab, created.device!), apnsToken };
}

type User = Awaited<ReturnType<typeof userWithPhone>>['user'];

/** A phone with a key of its own, as a new phone (or the same phone after losing its key) has. */
const newPhone = () =>
  PhoneClient.create({ model: 'iPhone 16', os: 'iOS 18.2', appVersion: '8.6.2', biometry: 'faceId' });

const start = (phone: PhoneClient, user: User, purpose: RecoveryPurposeValue) =>
  phone.startRecovery(lab.server.url, { purpose, username: user.username, password: user.password });

/** The whole of D or E on a phone: password, the code texted to the user, biometrics, enrollment. */
async function recoverOn(
  phone: PhoneClient,
  user: User,
  purpose: RecoveryPurposeValue,
  apnsToken = newToken(),
) {
  const started = await start(phone, user, purpose);
  await phone.completeRecovery(lab.server.url, started.recoveryId, lastSmsCode(lab, user.phone!), apnsToken);
  return { apnsToken, started };
}

function otherCode(code: string): string {
  return String((Number(code) + 1) % 1_000_000).padStart(6, '0');
}

const stateOf = (user: User) => lab.control.userState(user.username);
const activeDevices = (state: UserState) => state.devices.filter((device) => device.state === 'active');

describe('restore on the same phone, key still valid (part D)', () => {
  it('re-binds the APNs token a reinstall gave the app: the next login is pushed to it', async () => {
    const { user, oldPhone } = await userWithPhone();
    const reinstalled = newToken();
    expect(await oldPhone.restore(reinstalled, serverNow(lab))).toMatchObject({
      deviceId: oldPhone.enrolled!.deviceId,
      serverPublicKey: oldPhone.enrolled!.serverPublicKey,
    });
    await lab.portal().logIn(user.username, user.password);
    const push = await pushTo(lab, reinstalled);
    expect(await oldPhone.answer(push.txid, push.nonce, 'approve')).toMatchObject({ state: 'approved' });
    const state = await stateOf(user);
    expect(state.devices).toEqual([
      expect.objectContaining({ state: 'active', apns_token: reinstalled, key_state: 'usable' }),
    ]);
    expect(state.audit).toContainEqual(
      expect.objectContaining({
        kind: 'restore',
        outcome: 'RESTORED',
        device_id: oldPhone.enrolled!.deviceId,
        detail: { withApnsToken: true, apnsTokenChanged: true },
      }),
    );
  });

  it('re-binds no token when notifications are now off: the next login goes to challenge/response', async () => {
    const { user, oldPhone } = await userWithPhone();
    await oldPhone.restore(null, serverNow(lab));
    const portal = lab.portal();
    await portal.logIn(user.username, user.password);
    expect((await portal.get('/login/check-phone')).location).toBe('/login/challenge');
    expect(await portal.submitResponse(await oldPhone.respondTo(await portal.challenge()))).toMatchObject({
      location: '/portal',
    });
  });

  it('refuses a stale restore and a forged one, and writes the forged one in the device’s audit', async () => {
    const { user, oldPhone, apnsToken } = await userWithPhone();
    expect((await refusal(oldPhone.restore(newToken(), serverNow(lab) - 61))).code).toBe('STALE_REQUEST');
    const stranger = PhoneClient.restore((await PhoneClient.create()).key.privateJwk, oldPhone.enrolled!);
    expect((await refusal(stranger.restore(newToken(), serverNow(lab)))).code).toBe('BAD_SIGNATURE');
    const state = await stateOf(user);
    expect(state.devices[0]!.apns_token).toBe(apnsToken);
    expect(state.audit).toContainEqual(
      expect.objectContaining({
        kind: 'device',
        outcome: 'BAD_SIGNATURE',
        device_id: oldPhone.enrolled!.deviceId,
        detail: { request: 'restore' },
      }),
    );
  });
});

describe('a key invalidated by a change of biometrics', () => {
  it('is reported with a push the phone received; support sees it and logins stop pushing to it', async () => {
    const { user, oldPhone, apnsToken } = await userWithPhone();
    await lab.portal().logIn(user.username, user.password);
    const push = await pushTo(lab, apnsToken);
    const report = await oldPhone.reportKeyInvalidated(push.txid, push.nonce);
    expect(report).toEqual({
      deviceId: oldPhone.enrolled!.deviceId,
      keyState: 'invalidated',
      keyInvalidatedAt: expect.any(Number),
    });
    expect(Math.abs(report.keyInvalidatedAt - serverNow(lab))).toBeLessThanOrEqual(1);
    expect(await oldPhone.reportKeyInvalidated(push.txid, push.nonce)).toEqual(report);

    const pushesBefore = lab.apns.requests.filter((request) => request.token === apnsToken).length;
    const portal = lab.portal();
    await portal.logIn(user.username, user.password);
    const checkPhone = await portal.get('/login/check-phone');
    expect(checkPhone.body).toContain('Open IBKR Mobile and tap Recover IB Key');
    expect(checkPhone.body).not.toContain('/login/challenge');
    const state = await stateOf(user);
    expect(state.devices).toEqual([
      expect.objectContaining({
        state: 'active',
        key_state: 'invalidated',
        key_invalidated_at: expect.any(String),
      }),
    ]);
    expect(state.transactions.at(-1)!.push_outcome).toBe('key_invalidated');
    expect(lab.apns.requests.filter((request) => request.token === apnsToken)).toHaveLength(pushesBefore);
    expect(state.audit.filter((event) => event.outcome === 'KEY_INVALIDATED')).toEqual([
      expect.objectContaining({ kind: 'device', txid: push.txid, device_id: oldPhone.enrolled!.deviceId }),
    ]);
    expect((await refusal(oldPhone.pending(serverNow(lab)))).code).toBe('KEY_INVALIDATED');
  });

  it('cannot be reported by a stranger who knows the deviceId but no nonce the device received', async () => {
    const { user, oldPhone, apnsToken } = await userWithPhone();
    const someoneElse = await userWithPhone();
    await lab.portal().logIn(user.username, user.password);
    await lab.portal().logIn(someoneElse.user.username, someoneElse.user.password);
    const push = await pushTo(lab, apnsToken);
    const pushToSomeoneElse = await pushTo(lab, someoneElse.apnsToken);
    const attempts = [
      oldPhone.reportKeyInvalidated(push.txid, 'A'.repeat(43)),
      oldPhone.reportKeyInvalidated('B'.repeat(22), push.nonce),
      oldPhone.reportKeyInvalidated(pushToSomeoneElse.txid, pushToSomeoneElse.nonce),
    ];
    expect((await Promise.all(attempts.map(refusal))).map((error) => error.code)).toEqual([
      'BAD_NONCE',
      'UNKNOWN_TRANSACTION',
      'UNKNOWN_TRANSACTION',
    ]);
    await oldPhone.answer(push.txid, push.nonce, 'approve');
    expect((await refusal(oldPhone.reportKeyInvalidated(push.txid, push.nonce))).code).toBe(
      'TRANSACTION_ANSWERED',
    );
    const state = await stateOf(user);
    expect(state.devices[0]!.key_state).toBe('usable');
    expect(state.audit.map((event) => event.outcome)).not.toContain('KEY_INVALIDATED');
  });

  it('is replaced by a recovery on the same phone, and the waiting login follows IB Key to the new key', async () => {
    const { user, oldPhone, apnsToken } = await userWithPhone();
    const portal = lab.portal();
    await portal.logIn(user.username, user.password);
    const push = await pushTo(lab, apnsToken);
    await oldPhone.reportKeyInvalidated(push.txid, push.nonce);
    const samePhoneNewKey = await newPhone();
    await recoverOn(samePhoneNewKey, user, 'recover', apnsToken);
    const [waiting] = await samePhoneNewKey.pending(serverNow(lab));
    expect(waiting).toMatchObject({ txid: push.txid });
    await samePhoneNewKey.answer(waiting!.txid, waiting!.nonce, 'approve');
    expect(await portal.json('/login/status')).toMatchObject({ status: 'approved' });
    const state = await stateOf(user);
    expect(state.devices).toEqual([
      expect.objectContaining({
        id: oldPhone.enrolled!.deviceId,
        state: 'revoked',
        revoked_reason: 'recovered',
      }),
      expect.objectContaining({
        id: samePhoneNewKey.enrolled!.deviceId,
        state: 'active',
        key_state: 'usable',
      }),
    ]);
  });
});

describe('recovery with password and SMS code (part D)', () => {
  it('texts a code in the user’s language, then replaces the device in one transaction', async () => {
    const { user, oldPhone } = await userWithPhone({ locale: 'fr-FR', phone: '+33612345678' });
    const phone = await newPhone();
    // The server's second may turn during the request: its expiry is read between the two.
    const before = serverNow(lab);
    const started = await start(phone, user, 'recover');
    const after = serverNow(lab);
    expect(started.expiresAt).toBeGreaterThanOrEqual(before + 300);
    expect(started.expiresAt).toBeLessThanOrEqual(after + 300);
    expect(started).toEqual({
      recoveryId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      expiresAt: started.expiresAt,
      phoneHint: '78',
      codeDigits: 6,
      attemptsLeft: 5,
    });
    const [sms] = lab.gateway.smsSentTo('+33612345678');
    expect(sms).toMatchObject({
      from: '+15005550006',
      body: expect.stringMatching(/^IBKR : votre code IB Key est \d{6}$/),
    });
    const newPhoneToken = newToken();
    const binding = await phone.completeRecovery(
      lab.server.url,
      started.recoveryId,
      lastSmsCode(lab, user.phone!),
      newPhoneToken,
    );
    expect(binding).toMatchObject({ v: 1, serverPublicKey: oldPhone.enrolled!.serverPublicKey });

    const oldId = oldPhone.enrolled!.deviceId;
    const newId = binding.deviceId;
    const state = await stateOf(user);
    expect(state.user.phone).toBe('+33612345678');
    expect(state.devices).toEqual([
      expect.objectContaining({
        id: oldId,
        state: 'revoked',
        revoked_reason: 'recovered',
        replaced_by: newId,
      }),
      expect.objectContaining({
        id: newId,
        state: 'active',
        apns_token: newPhoneToken,
        recovery_id: started.recoveryId,
      }),
    ]);
    expect(state.recoveries).toEqual([
      expect.objectContaining({
        id: started.recoveryId,
        purpose: 'recover',
        state: 'completed',
        sms_sid: sms!.sid,
        replaces_device_id: oldId,
        new_device_id: newId,
      }),
    ]);
    expect(state.audit.filter((event) => event.kind !== 'login')).toEqual([
      expect.objectContaining({ kind: 'recovery', outcome: 'SMS_SENT', device_id: oldId }),
      expect.objectContaining({ kind: 'device', outcome: 'REVOKED', device_id: oldId }),
      expect.objectContaining({
        kind: 'recovery',
        outcome: 'COMPLETED',
        device_id: newId,
        detail: expect.objectContaining({ purpose: 'recover', replacedDeviceId: oldId, newDeviceId: newId }),
      }),
    ]);
    const revoked = await refusal(oldPhone.pending(serverNow(lab)));
    expect(revoked).toMatchObject({ code: 'DEVICE_REVOKED', details: { reason: 'recovered' } });
  });

  it('refuses a wrong code, says how many tries are left, and still takes the right one', async () => {
    const { user } = await userWithPhone();
    const phone = await newPhone();
    const started = await start(phone, user, 'recover');
    const code = lastSmsCode(lab, user.phone!);
    const wrong = await refusal(
      phone.completeRecovery(lab.server.url, started.recoveryId, otherCode(code), null),
    );
    expect(wrong).toMatchObject({ code: 'BAD_SMS_CODE', details: { attemptsLeft: 4 } });
    expect(wrong.message).toBe('This code is not correct; 4 attempts are left.');
    await phone.completeRecovery(lab.server.url, started.recoveryId, code, null);
    expect(activeDevices(await stateOf(user))).toEqual([
      expect.objectContaining({ id: phone.enrolled!.deviceId }),
    ]);
  });

  it('refuses a code entered after it expired on the lab clock, and leaves the old device active', async () => {
    const { user, oldPhone } = await userWithPhone();
    const phone = await newPhone();
    const started = await start(phone, user, 'recover');
    await lab.control.advanceClock(301);
    const complete = () =>
      refusal(
        phone.completeRecovery(lab.server.url, started.recoveryId, lastSmsCode(lab, user.phone!), null),
      );
    expect((await complete()).code).toBe('SMS_CODE_EXPIRED');
    expect((await complete()).code).toBe('RECOVERY_USED');
    const state = await stateOf(user);
    expect(activeDevices(state)).toEqual([expect.objectContaining({ id: oldPhone.enrolled!.deviceId })]);
    expect(state.devices).toHaveLength(1);
    expect(state.recoveries).toEqual([
      expect.objectContaining({ state: 'expired', outcome: 'SMS_CODE_EXPIRED' }),
    ]);
  });

  it('consumes the recovery at the fifth wrong code: the right one no longer works', async () => {
    const { user, oldPhone } = await userWithPhone();
    const phone = await newPhone();
    const started = await start(phone, user, 'recover');
    const code = lastSmsCode(lab, user.phone!);
    const answers = [];
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const error = await refusal(
        phone.completeRecovery(lab.server.url, started.recoveryId, otherCode(code), null),
      );
      answers.push([error.code, error.details.attemptsLeft]);
    }
    expect(answers).toEqual([
      ['BAD_SMS_CODE', 4],
      ['BAD_SMS_CODE', 3],
      ['BAD_SMS_CODE', 2],
      ['BAD_SMS_CODE', 1],
      ['TOO_MANY_ATTEMPTS', 0],
    ]);
    expect((await refusal(phone.completeRecovery(lab.server.url, started.recoveryId, code, null))).code).toBe(
      'RECOVERY_USED',
    );
    const state = await stateOf(user);
    expect(activeDevices(state)).toEqual([expect.objectContaining({ id: oldPhone.enrolled!.deviceId })]);
    expect(state.recoveries).toEqual([
      expect.objectContaining({ state: 'failed', outcome: 'TOO_MANY_ATTEMPTS', attempts_left: 0 }),
    ]);
  });

  it('answers SMS_FAILED when the SMS gateway is down, leaves nothing usable, and works once it is back', async () => {
    const { user, oldPhone } = await userWithPhone();
    const phone = await newPhone();
    lab.gateway.use(smsGatewayDown(503));
    const failed = await fetch(`${lab.server.url}${MOBILE_API.recoveryStart}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ v: 1, purpose: 'move', username: user.username, password: user.password }),
    });
    expect(failed.status).toBe(502);
    expect(await failed.json()).toEqual({
      error: 'SMS_FAILED',
      message:
        'The code could not be texted (the SMS gateway refused it); nothing was started, try again in a few minutes.',
    });
    expect(lab.gateway.smsSentTo(user.phone!)).toEqual([]);
    let state = await stateOf(user);
    expect(state.recoveries).toEqual([
      expect.objectContaining({ state: 'sms_failed', outcome: 'SMS_FAILED' }),
    ]);
    expect(state.audit).toContainEqual(
      expect.objectContaining({
        kind: 'recovery',
        outcome: 'SMS_FAILED',
        detail: expect.objectContaining({ smsDetail: expect.stringContaining('503') }),
      }),
    );
    expect(activeDevices(state)).toEqual([expect.objectContaining({ id: oldPhone.enrolled!.deviceId })]);

    lab.gateway.resetHandlers();
    await recoverOn(phone, user, 'move');
    state = await stateOf(user);
    expect(state.recoveries.map((recovery) => recovery.state)).toEqual(['sms_failed', 'completed']);
  });

  it('answers a wrong password and an unknown user alike, and texts nothing', async () => {
    const { user } = await userWithPhone();
    const phone = await newPhone();
    const wrongPassword = await refusal(
      phone.startRecovery(lab.server.url, {
        purpose: 'recover',
        username: user.username,
        password: 'not-it',
      }),
    );
    const unknownUser = await refusal(
      phone.startRecovery(lab.server.url, {
        purpose: 'recover',
        username: 'nobody.here',
        password: 'not-it',
      }),
    );
    expect([wrongPassword, unknownUser].map(({ code, message }) => ({ code, message }))).toEqual([
      { code: 'BAD_LOGIN', message: 'The username or password is not correct.' },
      { code: 'BAD_LOGIN', message: 'The username or password is not correct.' },
    ]);
    expect(lab.gateway.smsSentTo(user.phone!)).toEqual([]);
    const state = await stateOf(user);
    expect(state.recoveries).toEqual([]);
    expect(state.audit).toContainEqual(
      expect.objectContaining({ kind: 'recovery', outcome: 'BAD_PASSWORD' }),
    );
  });

  it('refuses a user without an active IB Key or without a phone number, before texting anything', async () => {
    const phone = await newPhone();
    const noDevice = await lab.createUser();
    expect((await refusal(start(phone, noDevice.user, 'move'))).code).toBe('NO_ACTIVE_DEVICE');
    const noNumber = await userWithPhone({ phone: null });
    expect(noNumber.user.phone).toBeNull();
    expect((await refusal(start(phone, noNumber.user, 'recover'))).code).toBe('NO_PHONE_NUMBER');
    expect(lab.gateway.smsSentTo(noDevice.user.phone!)).toEqual([]);
    expect((await stateOf(noNumber.user)).recoveries).toEqual([]);
  });

  it('honours only the last code texted', async () => {
    const { user } = await userWithPhone();
    const phone = await newPhone();
    const first = await start(phone, user, 'recover');
    const firstCode = lastSmsCode(lab, user.phone!);
    const second = await start(phone, user, 'recover');
    const stale = await refusal(phone.completeRecovery(lab.server.url, first.recoveryId, firstCode, null));
    expect(stale.code).toBe('RECOVERY_USED');
    await phone.completeRecovery(lab.server.url, second.recoveryId, lastSmsCode(lab, user.phone!), null);
    expect((await stateOf(user)).recoveries.map((recovery) => recovery.state)).toEqual([
      'superseded',
      'completed',
    ]);
  });

  it('locks out after as many wrong passwords as the portal allows, for the portal too', async () => {
    const { user } = await userWithPhone();
    const phone = await newPhone();
    const wrong = () =>
      refusal(
        phone.startRecovery(lab.server.url, { purpose: 'move', username: user.username, password: 'nope' }),
      );
    for (let attempt = 0; attempt < 5; attempt += 1) expect((await wrong()).code).toBe('BAD_LOGIN');
    const locked = await refusal(start(phone, user, 'move'));
    expect(locked).toMatchObject({ code: 'RATE_LIMITED', details: { retryAfter: expect.any(Number) } });
    expect((await lab.portal().logIn(user.username, user.password)).status).toBe(429);
  });
});

describe('move to a new phone (part E)', () => {
  it('revokes the old phone and activates the new one; the old phone hears that IB Key has moved', async () => {
    const { user, oldPhone, apnsToken } = await userWithPhone();
    await lab.portal().logIn(user.username, user.password);
    const push = await pushTo(lab, apnsToken);
    await oldPhone.answer(push.txid, push.nonce, 'approve');
    const phone = await newPhone();
    const { apnsToken: newPhoneToken } = await recoverOn(phone, user, 'move');

    const refusals = await Promise.all([
      refusal(oldPhone.pending(serverNow(lab))),
      refusal(oldPhone.answer(push.txid, push.nonce, 'approve')),
      refusal(oldPhone.restore(apnsToken, serverNow(lab))),
    ]);
    for (const error of refusals) {
      expect(error).toMatchObject({ code: 'DEVICE_REVOKED', status: 410, details: { reason: 'moved' } });
      expect(error.message).toBe(
        'IB Key has moved to another phone; this phone can no longer approve logins.',
      );
    }
    const portal = lab.portal();
    await portal.logIn(user.username, user.password);
    const next = await pushTo(lab, newPhoneToken);
    await phone.answer(next.txid, next.nonce, 'approve');
    expect(await portal.json('/login/status')).toMatchObject({ status: 'approved' });
    const state = await stateOf(user);
    expect(
      state.devices.map(({ state: deviceState, revoked_reason }) => [deviceState, revoked_reason]),
    ).toEqual([
      ['revoked', 'moved'],
      ['active', null],
    ]);
  });

  it('hands a login waiting during the move to the new phone, which approves it', async () => {
    const { user, oldPhone, apnsToken } = await userWithPhone();
    const portal = lab.portal();
    await portal.logIn(user.username, user.password);
    const push = await pushTo(lab, apnsToken);
    const phone = await newPhone();
    await recoverOn(phone, user, 'move');
    expect((await refusal(oldPhone.answer(push.txid, push.nonce, 'approve'))).code).toBe('DEVICE_REVOKED');
    const [waiting] = await phone.pending(serverNow(lab));
    expect(waiting).toMatchObject({ txid: push.txid, nonce: push.nonce });
    await phone.answer(waiting!.txid, waiting!.nonce, 'approve');
    expect(await portal.json('/login/status')).toMatchObject({ status: 'approved' });
    expect((await stateOf(user)).transactions).toEqual([
      expect.objectContaining({ txid: push.txid, device_id: phone.enrolled!.deviceId, state: 'approved' }),
    ]);
  });

  it('moves back to the first phone, with a new key there', async () => {
    const { user, oldPhone } = await userWithPhone();
    const secondPhone = await newPhone();
    await recoverOn(secondPhone, user, 'move');
    const firstPhoneAgain = await newPhone();
    await recoverOn(firstPhoneAgain, user, 'move');
    expect((await refusal(secondPhone.pending(serverNow(lab)))).details).toEqual({ reason: 'moved' });
    const ids = [oldPhone, secondPhone, firstPhoneAgain].map((phone) => phone.enrolled!.deviceId);
    expect((await stateOf(user)).devices).toEqual([
      expect.objectContaining({ id: ids[0], state: 'revoked', replaced_by: ids[1] }),
      expect.objectContaining({ id: ids[1], state: 'revoked', replaced_by: ids[2] }),
      expect.objectContaining({ id: ids[2], state: 'active', replaced_by: null }),
    ]);
  });

  it('needs nothing from an old phone that was lost: the next login goes to the new one only', async () => {
    const { user, oldPhone, apnsToken } = await userWithPhone();
    const phone = await newPhone();
    const { apnsToken: newPhoneToken } = await recoverOn(phone, user, 'move');
    await lab.portal().logIn(user.username, user.password);
    await pushTo(lab, newPhoneToken);
    expect(lab.apns.requests.filter((request) => request.token === apnsToken)).toEqual([]);
    expect((await stateOf(user)).devices).toEqual([
      expect.objectContaining({ id: oldPhone.enrolled!.deviceId, state: 'revoked', revoked_reason: 'moved' }),
      expect.objectContaining({ id: phone.enrolled!.deviceId, state: 'active' }),
    ]);
  });
});
