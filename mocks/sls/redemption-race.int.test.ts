// Fifty phones redeem the same QR at the same moment, twenty times over: exactly one wins.

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { StartedLab } from '../../lab/index.ts';
import { MOBILE_API, PhoneClient } from '../../protocol/index.ts';
import { defaultConfig } from './config.ts';
import { postedOutcome, startServerLab } from './test-support/server-lab.ts';

const PHONES = 50;
const ROUNDS = 20;
let lab: StartedLab;

beforeAll(async () => {
  const limits = {
    ...defaultConfig({ databaseUrl: '' }).limits,
    enrollPerSerial: { attempts: PHONES, windowSeconds: 60 },
    enrollPerClient: { attempts: PHONES * ROUNDS, windowSeconds: 60 },
  };
  lab = await startServerLab(inject('storeUrl'), 'race', { limits });
});
afterAll(() => lab.stop());

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
        bodies.map((body) => postedOutcome(`${lab.server.url}${MOBILE_API.enroll}`, body, 'ACTIVATED')),
      );
      const tally = Object.fromEntries(
        [...new Set(answers)].map((code) => [code, answers.filter((a) => a === code).length]),
      );
      expect(tally, `round ${round}`).toEqual({ ACTIVATED: 1, CREDENTIAL_USED: PHONES - 1 });
      const state = await lab.control.userState(user.username);
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
