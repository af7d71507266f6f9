// `npm run serve`: the portal in lab mode on a fresh database, with its APNs simulator, for a
// person or a tool (a lab run pointed at it with LAB_PORTAL_URL). Prints the portal URL and a
// seeded user's credentials. Ctrl-C or SIGTERM (to the process or its group) stops the server,
// then the database, removes the database's folder and exits 0.

import { isLocale } from '../product/index.ts';
import { Lab } from './lab.ts';
import { stopOnSignals } from './stop-on-signals.ts';

function fail(sentence: string): never {
  console.error(sentence);
  process.exit(2);
}

const port = Number(process.env.SLS_PORT ?? 0);
if (!Number.isInteger(port) || port < 0 || port > 65_535)
  fail(`SLS_PORT="${process.env.SLS_PORT}" is not a port number (0-65535; 0 lets the system choose).`);
const seed = process.env.LAB_SEED ? Number(process.env.LAB_SEED) : Math.floor(Math.random() * 1_000_000);
if (!Number.isSafeInteger(seed)) fail(`LAB_SEED="${process.env.LAB_SEED}" is not a whole number.`);
const locale = process.env.LAB_LOCALE ?? 'en-US';
if (!isLocale(locale)) fail(`LAB_LOCALE="${locale}" is not a language of the lab; use fr-FR or en-US.`);

const starting = new Lab()
  .withStore()
  .withPortal({ label: 'serve', seed, port, config: { log: (line) => console.error(line) } })
  .withApns()
  .withLog((line) => console.log(line))
  .start();
stopOnSignals('The portal', starting);

const lab = await starting.catch((error: Error) => fail(error.message));
const { user } = await lab.createUser({ locale }).catch(async (error: Error) => {
  await lab.stop();
  return fail(error.message);
});

console.log(`portal:   ${lab.portalUrl}/login`);
console.log(
  `token:    ${lab.control.token} (this run's lab control token: give it as LAB_CONTROL_TOKEN with LAB_PORTAL_URL=${lab.portalUrl})`,
);
console.log(`user:     ${user.username}`);
console.log(`password: ${user.password}`);
console.log(`apns:     ${lab.apns.deviceUrl} (where a simulated iPhone gets this portal's pushes)`);
console.log(`seed:     ${seed} (LAB_SEED=${seed} gives the same user again)`);
if (lab.parts.store?.dataFolder)
  console.log(`database: ${lab.parts.store.dataFolder} (embedded PostgreSQL, removed on stop)`);
console.log('Log in to see the IB Key gate with its QR code. Ctrl-C stops the server and the database.');
