// Noun phrases about the server's state, answered by support from the database (through the
// lab's read-only control API, secrets left out).

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
