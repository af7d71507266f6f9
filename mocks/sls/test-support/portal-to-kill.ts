// A portal run for the crash test, started as a child process so that the test can SIGKILL it
// with work in the middle: a login push APNs never answers, a recovery text the SMS provider
// never answers (both rows at 'sending'), and a user at the gate whose QR the test redeems.
// Prints one JSON line (where it listens, its database, who is where) once all that is under way,
// then waits to be killed. Environment: STORE_URL, the PostgreSQL server to make its database on.

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { Lab } from '../../../lab/index.ts';
import { MOBILE_API } from '../../../protocol/index.ts';

const storeUrl = process.env.STORE_URL;
if (!storeUrl) throw new Error('Set STORE_URL to the PostgreSQL server to make the database on.');

const NEVER = 60_000;
// An SMS provider that takes the text and never answers.
const silentSmsProvider = createServer(() => {});
await new Promise<void>((resolve) => silentSmsProvider.listen(0, '127.0.0.1', resolve));
const smsUrl = `http://127.0.0.1:${(silentSmsProvider.address() as AddressInfo).port}`;

const lab = await new Lab()
  .withStore({ url: storeUrl })
  .withPortal({
    label: 'killed',
    config: {
      scryptLogN: 10,
      sms: {
        apiUrl: smsUrl,
        accountSid: `AC${'0'.repeat(32)}`,
        from: '+15005550006',
        requestTimeoutMs: NEVER,
      },
    },
  })
  .withApns({ requestTimeoutMs: NEVER })
  .start();

const apnsToken = 'ef'.repeat(32);
const pushing = await lab.createUser({ device: { state: 'active', apnsToken } });
lab.apns.setFault(apnsToken, 'no-answer');
await lab.portal().logIn(pushing.user.username, pushing.user.password);

const recovering = await lab.createUser({ phone: '+15555550142', device: { state: 'active' } });
void fetch(`${lab.portalUrl}${MOBILE_API.recoveryStart}`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({
    v: 1,
    purpose: 'recover',
    username: recovering.user.username,
    password: recovering.user.password,
  }),
}).catch(() => {});

const activating = await lab.createUser();
const gate = lab.portal();
await gate.logIn(activating.user.username, activating.user.password);
const link = await gate.gateLink();

// Both sends are under way once their rows say so.
const database = new pg.Client({ connectionString: lab.database.url });
await database.connect();
for (let tries = 0; ; tries += 1) {
  const { rows } = await database.query<{ sending: number }>(
    `SELECT (SELECT count(*) FROM login_transactions WHERE push_outcome = 'sending')
          + (SELECT count(*) FROM recoveries WHERE state = 'sending') AS sending`,
  );
  if (Number(rows[0]?.sending) === 2) break;
  if (tries > 500) throw new Error('The push and the recovery text never both reached "sending".');
  await new Promise((resolve) => setTimeout(resolve, 20));
}
await database.end();

console.log(
  JSON.stringify({
    url: lab.portalUrl,
    databaseUrl: lab.database.url,
    databaseName: lab.database.name,
    pushing: pushing.user.username,
    recovering: recovering.user.username,
    activating: activating.user.username,
    link,
  }),
);
