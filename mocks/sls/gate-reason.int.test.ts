// The gate gives the reason the server knows, whenever it looks: a QR scanned after it expired
// says "expired" whether or not the page polled before the scan; only a QR consumed for another
// reason (IB Key already active) says it can no longer be used.

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { StartedLab } from '../../lab/index.ts';
import { PhoneClient, type ProtocolError } from '../../protocol/index.ts';
import { startServerLab, userAtTheGate } from './test-support/server-lab.ts';

let lab: StartedLab;

beforeAll(async () => {
  lab = await startServerLab(inject('storeUrl'), 'gate_reason');
});
afterAll(() => lab.stop());

const refusalOf = (enrolling: Promise<unknown>) =>
  enrolling.then(
    () => 'OK',
    (error: ProtocolError) => error.code,
  );

/** What the gate says now: its poll's status, and the state a reload of the page shows. */
async function gateSays(portal: ReturnType<StartedLab['portal']>) {
  const status = (await portal.json<{ status: string }>('/ibkey/gate/status')).status;
  const page = (await portal.get('/ibkey/gate')).body;
  return { status, page: /role="status" aria-live="polite" class="state-(\w+)"/.exec(page)?.[1] };
}

describe('the gate after an expired QR was scanned', () => {
  it('says expired when nothing looked between the expiry and the scan', async () => {
    const { user, portal, link } = await userAtTheGate(lab);
    await lab.control.advanceClock(301);
    expect(await refusalOf((await PhoneClient.create()).enroll(link, null))).toBe('EXPIRED');
    expect(await gateSays(portal)).toEqual({ status: 'expired', page: 'expired' });
    expect((await lab.control.userState(user.username)).activations[0]).toMatchObject({
      state: 'failed',
      outcome: 'EXPIRED',
    });
  });

  it('says expired when the page polled before the scan too', async () => {
    const { portal, link } = await userAtTheGate(lab);
    await lab.control.advanceClock(301);
    expect((await gateSays(portal)).status).toBe('expired');
    expect(await refusalOf((await PhoneClient.create()).enroll(link, null))).toBe('EXPIRED');
    expect(await gateSays(portal)).toEqual({ status: 'expired', page: 'expired' });
  });

  it('says the QR can no longer be used when it was consumed because IB Key is already active', async () => {
    const { user, link } = await userAtTheGate(lab);
    const secondBrowser = lab.portal();
    await secondBrowser.logIn(user.username, user.password);
    const secondLink = await secondBrowser.gateLink();
    await (await PhoneClient.create()).enroll(link, null);
    expect(await refusalOf((await PhoneClient.create()).enroll(secondLink, null))).toBe('ALREADY_ACTIVE');
    expect(await gateSays(secondBrowser)).toEqual({ status: 'failed', page: 'failed' });
  });
});
