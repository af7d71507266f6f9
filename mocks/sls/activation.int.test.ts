import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { StartedLab } from '../../lab/index.ts';
import { PhoneClient, ProtocolError } from '../../protocol/index.ts';
import { defaultConfig } from './config.ts';
import { forgedLink, startServerLab, userAtTheGate } from './test-support/server-lab.ts';

const APNS_TOKEN = 'ab'.repeat(32);
let lab: StartedLab;

beforeAll(async () => {
  const limits = {
    ...defaultConfig({ databaseUrl: '' }).limits,
    enrollPerSerial: { attempts: 3, windowSeconds: 60 },
  };
  lab = await startServerLab(inject('storeUrl'), 'activation', { limits });
});
afterAll(() => lab.stop());

const stateOf = (username: string) => lab.control.userState(username);

async function enrollError(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error, 'the enrollment should have been refused').toBeInstanceOf(ProtocolError);
  return (error as ProtocolError).code;
}

describe('activation (protocol part A) over real HTTP', () => {
  it('activates a phone from the gate QR; the gate then shows success and the user reaches the portal', async () => {
    const { user, portal, link } = await userAtTheGate(lab);
    expect(await portal.gateLink()).toBe(link); // a reload shows the same activation
    expect(await portal.json('/ibkey/gate/status')).toMatchObject({ status: 'pending', final: false });

    const phone = await PhoneClient.create();
    const enrolled = await phone.enroll(link, APNS_TOKEN);
    expect(enrolled.challengeResponse).toEqual({
      algorithm: 'IBKEY-CR-HS256-8',
      challengeDigits: 6,
      responseDigits: 8,
    });

    expect(await portal.json('/ibkey/gate/status')).toMatchObject({
      status: 'active',
      final: true,
      reveal: 'continue',
    });
    const home = await portal.get('/portal');
    expect(home.status).toBe(200);
    expect(home.body).toContain(`Welcome, ${user.displayName}`);

    const state = await stateOf(user.username);
    expect(state.devices).toEqual([expect.objectContaining({ state: 'active', apns_token: APNS_TOKEN })]);
    expect(state.activations).toEqual([
      expect.objectContaining({ state: 'activated', outcome: 'ACTIVATED' }),
    ]);
    expect(state.audit.map((event) => `${event.kind}:${event.outcome}`)).toEqual(
      expect.arrayContaining(['activation_issued:ISSUED', 'login:GATE_SHOWN', 'enroll:ACTIVATED']),
    );
  });

  it('refuses a QR that was already used, with CREDENTIAL_USED, and keeps the first device', async () => {
    const { user, link } = await userAtTheGate(lab);
    await (await PhoneClient.create()).enroll(link, APNS_TOKEN);
    expect(await enrollError((await PhoneClient.create()).enroll(link, APNS_TOKEN))).toBe('CREDENTIAL_USED');
    expect((await stateOf(user.username)).devices).toHaveLength(1);
  });

  it('leaves the activation as it was on a wrong credential (BAD_CREDENTIAL): the serial alone cannot burn a QR', async () => {
    const { user, link, portal } = await userAtTheGate(lab);
    const forged = forgedLink(link, 'A');
    expect(await enrollError((await PhoneClient.create()).enroll(forged, null))).toBe('BAD_CREDENTIAL');
    expect((await stateOf(user.username)).activations[0]).toMatchObject({ state: 'issued', outcome: null });
    expect(await portal.json('/ibkey/gate/status')).toMatchObject({ status: 'pending', final: false });
    await (await PhoneClient.create()).enroll(link, null);
    expect((await stateOf(user.username)).activations[0]).toMatchObject({ state: 'activated' });
  });

  it('refuses an activation past its TTL (EXPIRED) after the lab clock moves, and a new login gives a fresh QR that works', async () => {
    const { user, link, portal } = await userAtTheGate(lab);
    await lab.control.advanceClock(301);
    expect(await portal.json('/ibkey/gate/status')).toMatchObject({ status: 'expired' });
    expect(await enrollError((await PhoneClient.create()).enroll(link, null))).toBe('EXPIRED');

    await portal.logOut();
    await portal.logIn(user.username, user.password);
    const fresh = await portal.gateLink();
    expect(fresh).not.toBe(link);
    await (await PhoneClient.create()).enroll(fresh, null);
    expect((await stateOf(user.username)).devices).toEqual([
      expect.objectContaining({ state: 'active', apns_token: null }),
    ]);
  });

  it('answers UNKNOWN_ACTIVATION for a serial no gate issued', async () => {
    const { link } = await userAtTheGate(lab);
    const unknown = link.replace(/s=[^&]+/, 's=000000000000');
    expect(await enrollError((await PhoneClient.create()).enroll(unknown, null))).toBe('UNKNOWN_ACTIVATION');
  });

  it('answers ALREADY_ACTIVE when a second gate of the same user is scanned after the first activated', async () => {
    const { user, link } = await userAtTheGate(lab);
    const secondBrowser = lab.portal();
    await secondBrowser.logIn(user.username, user.password);
    const secondLink = await secondBrowser.gateLink();
    await (await PhoneClient.create()).enroll(link, APNS_TOKEN);
    expect(await enrollError((await PhoneClient.create()).enroll(secondLink, APNS_TOKEN))).toBe(
      'ALREADY_ACTIVE',
    );
    const state = await stateOf(user.username);
    expect(state.devices).toHaveLength(1);
    expect(state.audit.map((event) => event.outcome)).toContain('ALREADY_ACTIVE');
  });

  it('rate-limits wrong credentials per serial with RATE_LIMITED and a retry time; the right one still activates', async () => {
    const { user, link } = await userAtTheGate(lab);
    const refusals = [];
    for (let attempt = 0; attempt < 4; attempt += 1) {
      const forged = forgedLink(link, 'B');
      refusals.push(
        await (await PhoneClient.create()).enroll(forged, null).catch((error: ProtocolError) => error),
      );
    }
    expect(refusals.map((error) => (error as ProtocolError).code)).toEqual([
      'BAD_CREDENTIAL',
      'BAD_CREDENTIAL',
      'BAD_CREDENTIAL',
      'RATE_LIMITED',
    ]);
    expect((refusals[3] as ProtocolError).details.retryAfter).toBeGreaterThan(0);
    await (await PhoneClient.create()).enroll(link, null);
    expect((await stateOf(user.username)).devices).toHaveLength(1);
  });

  it('shows the gate in French with Accept-Language fr-FR, and switches language with ?lang', async () => {
    const { portal } = await userAtTheGate(lab, 'fr-FR');
    const gate = await portal.get('/ibkey/gate');
    expect(gate.body).toContain('Activer l&#39;authentification IBKR Mobile (IB Key)');
    expect(gate.body).toContain('En attente de votre téléphone…');
    const switched = await portal.get('/ibkey/gate?lang=en-US');
    expect(switched).toMatchObject({ status: 303, location: '/ibkey/gate' });
    expect((await portal.get('/ibkey/gate')).body).toContain('Activate IBKR Mobile authentication (IB Key)');
  });
});
