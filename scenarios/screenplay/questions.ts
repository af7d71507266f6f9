// Noun phrases about the server's state, answered by support from the database (through the
// lab's read-only control API, secrets left out).

import { expect } from '@playwright/test';
import type { PhoneScreens } from '../../drivers/phone/index.ts';
import { type Account, type Customer, question } from './actors.ts';

const accountOf = (who: Customer | Account): Account => ('account' in who ? who.account : who);

export const activeDevicesOf = (who: Customer | Account) =>
  question(`the active devices of ${accountOf(who).username}`, async (support) =>
    (await support.stateOf(accountOf(who))).devices.filter((device) => device.state === 'active'),
  );

export const activationsOf = (who: Customer | Account) =>
  question(
    `the activations of ${accountOf(who).username}`,
    async (support) => (await support.stateOf(accountOf(who))).activations,
  );

export const lastLoginOf = (who: Customer | Account) =>
  question(`the last login request of ${accountOf(who).username}`, async (support) =>
    (await support.stateOf(accountOf(who))).transactions.at(-1),
  );

export const auditTrailOf = (who: Customer | Account) =>
  question(`the audit trail of ${accountOf(who).username}`, async (support) =>
    (await support.stateOf(accountOf(who))).audit.map((event) => `${event.kind}:${event.outcome}`),
  );

/** The server's device ids the phone's transcript records, in order (its activations and recoveries). */
export async function deviceIdsInTranscriptOf(phone: PhoneScreens): Promise<string[]> {
  return (await phone.transcript()).flatMap((entry) =>
    typeof entry.detail?.deviceId === 'string' ? [entry.detail.deviceId] : [],
  );
}

/**
 * The server's id for the device this phone holds IB Key as (the last activation or recovery its
 * transcript records): what the server's answers are compared with, so that a check that the
 * customer has one active device also checks it is this phone's.
 */
export async function deviceIdHeldBy(phone: PhoneScreens): Promise<string> {
  const last = (await deviceIdsInTranscriptOf(phone)).at(-1);
  if (!last)
    throw new Error(
      'The phone’s transcript records no IB Key device: it never activated nor recovered IB Key.',
    );
  return last;
}

/** The active devices, checked to be exactly the one this phone holds. */
export const onlyTheDeviceHeldBy = async (phone: PhoneScreens) => [
  expect.objectContaining({ id: await deviceIdHeldBy(phone), state: 'active' }),
];
