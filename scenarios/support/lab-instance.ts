// One lab instance: state store, a migrated database, the sls server, the APNs simulator, the
// third-party gateway and the Appium server with the simulated iPhone, all on 127.0.0.1 with
// ports chosen at start. A Playwright worker owns one; `npm run serve` could too.

import { type StartedAppium, startAppiumServer } from '../../drivers/sim-iphone/appium-server.ts';
import type { StartedApnsSimulator } from '../../mocks/apns/apns-simulator.ts';
import { LAB_APP_TOPIC, startLabApns } from '../../mocks/apns/lab-provider.ts';
import { type StartedGateway, startThirdPartyGateway } from '../../mocks/gateway/third-party-gateway.ts';
import { thirdPartyHandlers } from '../../mocks/handlers/index.ts';
import { defaultConfig } from '../../mocks/sls/config.ts';
import { type StartedSlsServer, startSlsServer } from '../../mocks/sls/server.ts';
import {
  createIsolatedDatabase,
  type IsolatedDatabase,
  type StartedStateStore,
  type StoreMode,
  startStateStore,
} from '../../mocks/state/index.ts';

export const APP_TOPIC = LAB_APP_TOPIC;

/** The lab itself is broken (a server did not start): not a failure of the product under test. */
export class LabFailure extends Error {
  override name = 'LabFailure';
  constructor(part: string, cause: unknown, failed = 'could not start') {
    super(
      `LAB FAILURE (not a product failure): ${part} ${failed}: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
}

export interface LabInstance {
  /** The portal the browser opens and whose lab control API makes accounts and answers support. */
  portalUrl: string;
  /** The Appium server the phone sessions go through. */
  appiumUrl: string;
  /** Where the simulated iPhone subscribes to its pushes (the APNs simulator's device side). */
  apnsDeviceUrl?: string;
  /** Where the simulated iPhone's App Store and SMS traffic goes. */
  gatewayUrl: string;
  /** The parts this lab started itself; absent when a target was given from outside. */
  store?: StartedStateStore;
  database?: IsolatedDatabase;
  server?: StartedSlsServer;
  apns?: StartedApnsSimulator;
  gateway: StartedGateway;
  appium?: StartedAppium;
  seed: number;
  stop(): Promise<void>;
}

/** Portal and Appium servers run elsewhere (a staging portal, a Mac with a real iOS Simulator). */
export interface ExternalTargets {
  portalUrl?: string;
  appiumUrl?: string;
  apnsDeviceUrl?: string;
}

export function externalTargetsFromEnvironment(env = process.env): ExternalTargets {
  const url = (name: string): string | undefined => {
    const value = env[name];
    if (!value) return undefined;
    const parsed = URL.canParse(value) ? new URL(value) : undefined;
    if (parsed?.protocol !== 'http:' && parsed?.protocol !== 'https:')
      throw new Error(`${name}="${value}" is not an http(s) URL; give it as http://host:port.`);
    return parsed.toString().replace(/\/$/, '');
  };
  return {
    portalUrl: url('LAB_PORTAL_URL'),
    appiumUrl: url('LAB_APPIUM_URL'),
    apnsDeviceUrl: url('LAB_APNS_DEVICE_URL'),
  };
}

async function part<T>(name: string, start: () => Promise<T>, failed?: string): Promise<T> {
  try {
    return await start();
  } catch (error) {
    throw new LabFailure(name, error, failed);
  }
}

export async function startLabInstance(options: {
  label: string;
  seed: number;
  store?: StartedStateStore;
  /** Without a store given: which kind to start (default: LAB_DB, else auto). */
  storeMode?: StoreMode;
  appiumPort?: number;
  external?: ExternalTargets;
}): Promise<LabInstance> {
  const external = options.external ?? {};
  const started: { stop: () => Promise<unknown> }[] = [];
  const stopAll = async () => {
    for (const piece of started.reverse()) await piece.stop().catch(() => {});
  };
  try {
    // Appium (the slowest part) starts while the store, the database and the server do.
    const appiumStarting = external.appiumUrl
      ? part(
          `the Appium server at ${external.appiumUrl}`,
          () => expectAppiumStatus(external.appiumUrl!),
          'cannot be used',
        ).then(() => undefined)
      : part('the Appium server with the sim-iphone driver', () =>
          startAppiumServer({ port: options.appiumPort }),
        ).then((appium) => {
          started.push(appium);
          return appium;
        });
    const [local, gateway, appium] = await allStarted([
      external.portalUrl ? undefined : startLocalPortal(options, started),
      part('the third-party gateway', () => startThirdPartyGateway(thirdPartyHandlers)).then((gateway) => {
        started.push({ stop: () => gateway.close() });
        return gateway;
      }),
      appiumStarting,
    ] as const);
    const portalUrl = external.portalUrl ?? local!.server.url;
    const apnsDeviceUrl =
      external.apnsDeviceUrl ?? local?.apns.deviceUrl ?? (await askPortalEndpoints(portalUrl)).apnsDeviceUrl;
    return {
      portalUrl,
      appiumUrl: external.appiumUrl ?? appium!.url,
      apnsDeviceUrl,
      gatewayUrl: gateway.url,
      ...local,
      gateway,
      appium,
      seed: options.seed,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** Like Promise.all, but waits for every part to settle, so a failure stops every part started. */
async function allStarted<T extends readonly unknown[]>(
  parts: T,
): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const settled = await Promise.allSettled(parts);
  const failed = settled.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((result) => (result as PromiseFulfilledResult<unknown>).value) as {
    -readonly [K in keyof T]: Awaited<T[K]>;
  };
}

async function startLocalPortal(
  {
    label,
    seed,
    store: givenStore,
    storeMode,
  }: { label: string; seed: number; store?: StartedStateStore; storeMode?: StoreMode },
  started: { stop: () => Promise<unknown> }[],
) {
  const store =
    givenStore ??
    (await part('the state store', () => startStateStore(storeMode ? { mode: storeMode } : {})));
  if (!givenStore) started.push(store);
  const database = await part('the database', () => createIsolatedDatabase(store.url, label));
  started.push({ stop: () => database.drop() });
  const { simulator: apns, config: apnsConfig } = await part('the APNs simulator', () =>
    startLabApns({ requestTimeoutMs: 3000 }),
  );
  started.push({ stop: () => apns.close() });
  const server = await part('the sls server', () =>
    startSlsServer(
      defaultConfig({
        databaseUrl: database.url,
        scryptLogN: 12,
        apns: apnsConfig,
        apnsDeviceUrl: apns.deviceUrl,
      }),
      { seed },
    ),
  );
  started.push({ stop: () => server.close() });
  return { store, database, apns, server };
}

/** A portal run elsewhere must have the lab control API on (`npm run serve` has). */
async function askPortalEndpoints(portalUrl: string): Promise<{ apnsDeviceUrl?: string }> {
  return part(
    `the portal at ${portalUrl}`,
    async () => {
      const response = await fetch(`${portalUrl}/lab/endpoints`).catch((error: unknown) => {
        throw new Error(`it does not answer (${error instanceof Error ? error.message : String(error)}).`);
      });
      if (!response.ok)
        throw new Error(
          `GET /lab/endpoints answered ${response.status}: the scenarios need the portal's lab control API ` +
            '(accounts, the clock, server-state questions), which answers loopback callers of a portal started ' +
            'in lab mode, such as `npm run serve`.',
        );
      const endpoints = (await response.json()) as { apnsDeviceUrl?: string | null };
      return { apnsDeviceUrl: endpoints.apnsDeviceUrl ?? undefined };
    },
    'cannot be used',
  );
}

async function expectAppiumStatus(appiumUrl: string): Promise<void> {
  const response = await fetch(`${appiumUrl}/status`).catch((error: unknown) => {
    throw new Error(`it does not answer (${error instanceof Error ? error.message : String(error)}).`);
  });
  if (!response.ok) throw new Error(`GET /status answered ${response.status}; is it an Appium server?`);
}

export interface LabAccount {
  username: string;
  password: string;
  displayName: string;
}

/** A fresh user made through the portal's lab control API; a lab failure when it cannot be. */
export async function createLabAccount(portalUrl: string, locale: string): Promise<LabAccount> {
  const response = await fetch(`${portalUrl}/lab/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ locale }),
  }).catch((error: unknown) => {
    throw new LabFailure('the lab control API', error);
  });
  if (response.status !== 201) throw new LabFailure('a test account', await response.text());
  return ((await response.json()) as { user: LabAccount }).user;
}
