// Recoveries and moves racing each other and a login approval: each race has exactly one outcome,
// and a watcher reading the user's devices all along never sees two active devices, nor none.

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { StartedLab } from '../../lab/index.ts';
import { IBKR_MOBILE } from '../../product/index.ts';
import { MOBILE_API, PhoneClient, type ProtocolError } from '../../protocol/index.ts';
import { withClient } from './test-support/database-fingerprint.ts';
import { activatedPhone, lastSmsCode, pushTo, serverNow } from './test-support/phones.ts';
import { postedOutcome, startServerLab } from './test-support/server-lab.ts';

const ROUNDS = 10;
const PHONES = 20;
let lab: StartedLab;

beforeAll(async () => {
  lab = await startServerLab(inject('storeUrl'), 'recovery_race');
});
afterAll(() => lab.stop());

const outcomeOf = (request: Promise<unknown>) =>
  request.then(
    () => 'OK',
    (error: ProtocolError) => error.code,
  );

/** Posts a body built beforehand (so racing requests leave together): 'OK' or the error code. */
const postedTo = (path: string, body: unknown) => postedOutcome(`${lab.server.url}${path}`, body);

function tally(outcomes: string[]): Record<string, number> {
  return Object.fromEntries(
    [...new Set(outcomes)].sort().map((code) => [code, outcomes.filter((o) => o === code).length]),
  );
}

/**
 * Counts the user's active devices over and over, each count in a statement of its own (what any
 * reader sees), until `race` settles; returns the counts seen.
 */
async function watchActiveDevices(userId: string, race: Promise<unknown>): Promise<number[]> {
  return withClient(lab.database.url, async (client) => {
    let settled = false;
    void race.finally(() => {
      settled = true;
    });
    const seen: number[] = [];
    while (!settled) {
      const { rows } = await client.query<{ count: string }>(
        `SELECT count(*) FROM devices WHERE user_id = $1 AND state = 'active'`,
        [userId],
      );
      seen.push(Number(rows[0]!.count));
    }
    return seen;
  });
}

async function userWithPhone(apnsToken: string | null = null) {
  const created = await lab.createUser({ device: { state: 'active', apnsToken } });
  return { user: created.user, oldPhone: activatedPhone(lab, created.device!) };
}

describe('racing recoveries and moves', () => {
  it(`lets exactly one of two phones moving IB Key at once win, ${ROUNDS} times over`, async () => {
    for (let round = 0; round < ROUNDS; round += 1) {
      const { user } = await userWithPhone();
      const [first, second] = await Promise.all([PhoneClient.create(), PhoneClient.create()]);
      const credentials = { purpose: 'move' as const, username: user.username, password: user.password };
      const started = [
        { phone: first, recovery: await first.startRecovery(lab.server.url, credentials) },
        { phone: second, recovery: await second.startRecovery(lab.server.url, credentials) },
      ];
      const code = lastSmsCode(lab, user.phone!);
      const race = Promise.all(
        started.map(({ phone, recovery }) =>
          outcomeOf(phone.completeRecovery(lab.server.url, recovery.recoveryId, code, null)),
        ),
      );
      const [outcomes, counts] = await Promise.all([race, watchActiveDevices(user.id, race)]);
      expect(outcomes, `round ${round}`).toEqual(['RECOVERY_USED', 'OK']);
      expect(new Set(counts), `round ${round}`).toEqual(new Set([1]));
      const state = await lab.control.userState(user.username);
      expect(
        state.devices.filter((device) => device.state === 'active'),
        `round ${round}`,
      ).toEqual([expect.objectContaining({ id: second.enrolled!.deviceId })]);
    }
  });

  it(`activates exactly one of ${PHONES} phones completing one recovery with the same code, ${ROUNDS} times over`, async () => {
    for (let round = 0; round < ROUNDS; round += 1) {
      const { user, oldPhone } = await userWithPhone();
      const phones = await Promise.all(Array.from({ length: PHONES }, () => PhoneClient.create()));
      const { recoveryId } = await phones[0]!.startRecovery(lab.server.url, {
        purpose: 'recover',
        username: user.username,
        password: user.password,
      });
      const code = lastSmsCode(lab, user.phone!);
      const bodies = await Promise.all(
        phones.map((phone) => phone.completeRecoveryRequest(recoveryId, code, null)),
      );
      const race = Promise.all(bodies.map((body) => postedTo(MOBILE_API.recoveryComplete, body)));
      const [outcomes, counts] = await Promise.all([race, watchActiveDevices(user.id, race)]);
      expect(tally(outcomes), `round ${round}`).toEqual({ OK: 1, RECOVERY_USED: PHONES - 1 });
      expect(new Set(counts), `round ${round}`).toEqual(new Set([1]));
      const state = await lab.control.userState(user.username);
      expect(state.devices, `round ${round}`).toHaveLength(2);
      expect(state.devices[0], `round ${round}`).toMatchObject({
        id: oldPhone.enrolled!.deviceId,
        state: 'revoked',
      });
      expect(
        state.audit.filter((event) => event.kind === 'recovery' && event.outcome !== 'SMS_SENT'),
      ).toHaveLength(PHONES);
    }
  });

  it(`gives a recovery racing the old phone’s approval exactly one outcome, ${ROUNDS * 2} times over`, async () => {
    for (let round = 0; round < ROUNDS * 2; round += 1) {
      const apnsToken = round.toString(16).padStart(64, 'd');
      lab.apns.registerToken(apnsToken, IBKR_MOBILE.apnsTopic);
      const { user, oldPhone } = await userWithPhone(apnsToken);
      const portal = lab.portal();
      await portal.logIn(user.username, user.password);
      const push = await pushTo(lab, apnsToken);
      const phone = await PhoneClient.create();
      const { recoveryId } = await phone.startRecovery(lab.server.url, {
        purpose: 'move',
        username: user.username,
        password: user.password,
      });
      const completion = await phone.completeRecoveryRequest(recoveryId, lastSmsCode(lab, user.phone!), null);
      const approval = await oldPhone.answerRequest(push.txid, push.nonce, 'approve');
      const [recovered, approved] = await Promise.all([
        postedTo(MOBILE_API.recoveryComplete, completion),
        postedTo(MOBILE_API.answer, approval),
      ]);
      expect(recovered, `round ${round}`).toBe('OK');
      const state = await lab.control.userState(user.username);
      const newDeviceId = state.devices.find((device) => device.state === 'active')!.id;
      const [transaction] = state.transactions;
      // Either the old phone approved while it still held IB Key, or it was told it moved and the
      // login waits for the new phone: never both, never neither.
      if (approved === 'OK') {
        expect(transaction, `round ${round}`).toMatchObject({
          state: 'approved',
          device_id: oldPhone.enrolled!.deviceId,
        });
        expect(await portal.json('/login/status')).toMatchObject({ status: 'approved' });
      } else {
        expect(approved, `round ${round}`).toBe('DEVICE_REVOKED');
        expect(transaction, `round ${round}`).toMatchObject({ state: 'pending', device_id: newDeviceId });
        const enrolledPhone = PhoneClient.restore(phone.key.privateJwk, {
          ...oldPhone.enrolled!,
          deviceId: newDeviceId,
        });
        expect(await enrolledPhone.pending(serverNow(lab))).toEqual([
          expect.objectContaining({ txid: push.txid }),
        ]);
      }
    }
  });
});
