// Fifty phones redeem the same QR at the same moment, twenty times over: exactly one wins.

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MOBILE_API, PhoneClient } from '../../protocol/index.ts';
import { defaultConfig } from './config.ts';
import { startTestLab, type TestLab } from './test-support/start-test-lab.ts';
import { userState } from './test-support/user-state.ts';

const PHONES = 50;
const ROUNDS = 20;
let lab: TestLab;

beforeAll(async () => {
  const limits = {
    ...defaultConfig({ databaseUrl: '' }).limits,
    enrollPerSerial: { attempts: PHONES, windowSeconds: 60 },
    enrollPerClient: { attempts: PHONES * ROUNDS, windowSeconds: 60 },
  };
  lab = await startTestLab(inject('storeUrl'), 'race', { limits });
});
afterAll(() => lab[Symbol.asyncDispose]());

describe('redeeming one activation concurrently', () => {
  it(`activates exactly one of ${PHONES} racing phones, in each of ${ROUNDS} rounds`, async () => {
    for (let round = 0; round < ROUNDS; round += 1) {
      const { user } = await lab.createUser();
      const portal = lab.portal();
      await portal.logIn(user.username, user.password);
      const link = await portal.gateLink();
      const bodies = await Promise.all(
        Array.from({ length: PHONES }, async () =>
          JSON.stringify(await (await PhoneClient.create()).enrollRequest(link, null)),
        ),
      );
      const answers = await Promise.all(
        bodies.map(async (body) => {
          const response = await fetch(`${lab.server.url}${MOBILE_API.enroll}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body,
          });
          return response.ok ? 'ACTIVATED' : ((await response.json()) as { error: string }).error;
        }),
      );
      const tally = Object.fromEntries(
        [...new Set(answers)].map((code) => [code, answers.filter((a) => a === code).length]),
      );
      expect(tally, `round ${round}`).toEqual({ ACTIVATED: 1, CREDENTIAL_USED: PHONES - 1 });
      const state = await userState(lab.server.url, user.username);
      expect(
        state.devices.filter((device) => device.state === 'active'),
        `round ${round}`,
      ).toHaveLength(1);
      expect(
        state.audit.filter((event) => event.kind === 'enroll'),
        `round ${round}`,
      ).toHaveLength(PHONES);
    }
  });
});
