// `npm run serve`: a state store, a migrated database and the sls server, for a person or a tool.
// Prints the portal URL and a seeded user's credentials. Ctrl-C stops everything.

import { startLabApns } from '../apns/lab-provider.ts';
import { createIsolatedDatabase, startStateStore } from '../state/index.ts';
import { defaultConfig } from './config.ts';
import { startSlsServer } from './server.ts';
import { createUser } from './users.ts';

const port = Number(process.env.SLS_PORT ?? 0);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(
    `SLS_PORT="${process.env.SLS_PORT}" is not a port number (0-65535; 0 lets the system choose).`,
  );
  process.exit(2);
}
const seed = process.env.LAB_SEED ? Number(process.env.LAB_SEED) : Math.floor(Math.random() * 1_000_000);
if (!Number.isSafeInteger(seed)) {
  console.error(`LAB_SEED="${process.env.LAB_SEED}" is not a whole number.`);
  process.exit(2);
}

const store = await startStateStore({ log: (line) => console.log(line) });
const database = await createIsolatedDatabase(store.url, 'serve');
const { simulator: apns, config: apnsConfig } = await startLabApns({ requestTimeoutMs: 3000 });
const server = await startSlsServer(
  defaultConfig({
    databaseUrl: database.url,
    port,
    labMode: true,
    apns: apnsConfig,
    apnsDeviceUrl: apns.deviceUrl,
    log: (line) => console.error(line),
  }),
  { seed },
);
const person = server.users.next(process.env.LAB_LOCALE === 'fr-FR' ? 'fr-FR' : 'en-US');
await createUser(server.context.db.pool, person, server.clock.now(), server.context.config.scryptLogN);

console.log(`portal:   ${server.url}/login`);
console.log(`user:     ${person.username}`);
console.log(`password: ${person.password}`);
console.log(`apns:     ${apns.deviceUrl} (where a simulated iPhone gets this portal's pushes)`);
console.log(`seed:     ${seed} (LAB_SEED=${seed} gives the same user again)`);
console.log('Log in to see the IB Key gate with its QR code. Ctrl-C stops the server and the database.');

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await server.close();
  await apns.close();
  await database.drop();
  await store.stop();
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
