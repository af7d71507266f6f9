// Enroll races with the server's default limits, as protocol/README.md states them: fifty phones
// redeeming one QR at once give one activation and 49 CREDENTIAL_USED (only wrong credentials count
// against the serial), and fifty wrong credentials at once give exactly 10 BAD_CREDENTIAL and 40
// RATE_LIMITED, change nothing, and leave the QR to the phone that scans it.

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { StartedLab } from '../../lab/index.ts';
import { MOBILE_API, PhoneClient } from '../../protocol/index.ts';
import { tally } from './test-support/login-forms.ts';
import { forgedLink, postedOutcome, startServerLab, userAtTheGate } from './test-support/server-lab.ts';

const PHONES = 50;
const ROUNDS = 10;
let lab: StartedLab;

beforeAll(async () => {
  lab = await startServerLab(inject('storeUrl'), 'enroll_limits');
});
afterAll(() => lab.stop());

/** Enroll bodies signed beforehand, so that the racing requests leave together. */
function enrollBodies(link: string, count: number): Promise<string[]> {
  return Promise.all(
    Array.from({ length: count }, async () =>
      JSON.stringify(await (await PhoneClient.create()).enrollRequest(link, null)),
    ),
  );
}

async function outcomesOf(bodies: string[]): Promise<string[]> {
  return Promise.all(
    bodies.map((body) => postedOutcome(`${lab.server.url}${MOBILE_API.enroll}`, body, 'ACTIVATED')),
  );
}

describe('enroll races under the default limits', () => {
  it(`activates one of ${PHONES} phones redeeming one QR at once; the other 49 get CREDENTIAL_USED, ${ROUNDS} times over`, async () => {
    for (let round = 0; round < ROUNDS; round += 1) {
      // A new minute: the per-address limit (120 a minute) is not what this race is about.
      await lab.control.advanceClock(61);
      const { user, link } = await userAtTheGate(lab);
      const outcomes = await outcomesOf(await enrollBodies(link, PHONES));
      expect(tally(outcomes), `round ${round}`).toEqual({ ACTIVATED: 1, CREDENTIAL_USED: PHONES - 1 });
      const state = await lab.control.userState(user.username);
      expect(state.devices, `round ${round}`).toHaveLength(1);
    }
  });

  it(`answers ${PHONES} wrong credentials at once with exactly 10 BAD_CREDENTIAL and 40 RATE_LIMITED, and the QR still works, ${ROUNDS} times over`, async () => {
    for (let round = 0; round < ROUNDS; round += 1) {
      await lab.control.advanceClock(61);
      const { user, link } = await userAtTheGate(lab);
      const forged = forgedLink(link);
      const outcomes = await outcomesOf(await enrollBodies(forged, PHONES));
      expect(tally(outcomes), `round ${round}`).toEqual({ BAD_CREDENTIAL: 10, RATE_LIMITED: PHONES - 10 });
      expect((await lab.control.userState(user.username)).activations, `round ${round}`).toEqual([
        expect.objectContaining({ state: 'issued', outcome: null }),
      ]);
      await (await PhoneClient.create()).enroll(link, null);
      expect((await lab.control.userState(user.username)).devices, `round ${round}`).toHaveLength(1);
    }
  });
});
