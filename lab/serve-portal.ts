// `npm run serve`: the portal in lab mode on a fresh database, with its APNs simulator, for a
// person or a tool (a lab run pointed at it with LAB_PORTAL_URL). Prints the portal URL and a
// seeded user's credentials, and what an APNs provider of your own needs to push through the
// simulator as it would through Apple: the provider API's address, the CA file to trust, and the
// lab's .p8 provider key with its key id, team id and topic (files in a folder of their own).
// Ctrl-C or SIGTERM (to the process or its group) stops the server, then the database, removes
// the database's folder and the APNs files, and exits 0.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePort } from '../common/index.ts';
import { isLocale } from '../product/index.ts';
import { Lab } from './lab.ts';
import { stopOnSignals } from './stop-on-signals.ts';

function fail(sentence: string): never {
  console.error(sentence);
  process.exit(2);
}

/** A port from an environment variable (0, the system's choice, when unset), or a stop with a sentence. */
function portFromEnv(name: string, hint = ''): number {
  const parsed = parsePort(process.env[name] || '0', name, hint);
  return 'problem' in parsed ? fail(parsed.problem) : parsed.port;
}

const port = portFromEnv('SLS_PORT');
const seed = process.env.LAB_SEED ? Number(process.env.LAB_SEED) : Math.floor(Math.random() * 1_000_000);
if (!Number.isSafeInteger(seed)) fail(`LAB_SEED="${process.env.LAB_SEED}" is not a whole number.`);
const locale = process.env.LAB_LOCALE ?? 'en-US';
if (!isLocale(locale)) fail(`LAB_LOCALE="${locale}" is not a language of the lab; use fr-FR or en-US.`);
const apnsPort = portFromEnv('LAB_APNS_PORT', "; 2197 is Apple's other port");

let apnsFolder: string | undefined;
const starting = new Lab()
  .withStore()
  .withPortal({ label: 'serve', seed, port, config: { log: (line) => console.error(line) } })
  .withApns({ port: apnsPort })
  .withLog((line) => console.log(line))
  .start();
const serving = starting.then((lab) => ({
  async stop() {
    try {
      await lab.stop();
    } finally {
      if (apnsFolder) await rm(apnsFolder, { recursive: true, force: true });
    }
  },
}));
serving.catch(() => {}); // a failed start is reported below
stopOnSignals('The portal', serving);

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
const apns = lab.server.context.config.apns!;
apnsFolder = await mkdtemp(join(tmpdir(), `ibkey-lab-apns-${process.pid}-`));
const caFile = join(apnsFolder, 'apns-ca.pem');
const keyFile = join(apnsFolder, `AuthKey_${apns.keyId}.p8`);
await writeFile(caFile, apns.ca ?? '');
await writeFile(keyFile, apns.signingKeyPem, { mode: 0o600 });
console.log(
  `apns api: ${apns.address} (Apple's provider API, HTTP/2 over TLS, sandbox; LAB_APNS_PORT chooses the port)`,
);
console.log(
  `apns ca:  ${caFile} (the certificate it presents, for 127.0.0.1 and api.sandbox.push.apple.com)`,
);
console.log(`apns key: ${keyFile} (ES256 provider key; sign one JWT and reuse it 20 to 60 minutes)`);
console.log(`key id:   ${apns.keyId}`);
console.log(`team id:  ${apns.teamId}`);
console.log(
  `topic:    ${apns.topic} (a device token for it: POST ${lab.apns.deviceUrl}/devices {"topic": …})`,
);
console.log(`seed:     ${seed} (LAB_SEED=${seed} gives the same user again)`);
if (lab.parts.store?.dataFolder)
  console.log(`database: ${lab.parts.store.dataFolder} (embedded PostgreSQL, removed on stop)`);
console.log('Log in to see the IB Key gate with its QR code. Ctrl-C stops the server and the database.');
