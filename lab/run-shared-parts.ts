// The parts one lab run shares between its workers: one PostgreSQL server (each worker's portal
// still gets a fresh database of its own on it) and one Appium server (each test still gets a phone
// session of its own). Playwright starts a worker per project and again after a failure, and each
// used to start both: about 6 s and one PostgreSQL and one Appium process more each time. The
// run's global setup starts them once, hands them to the workers through the environment, and
// stops them after the last worker. A portal or an Appium server given from outside
// (LAB_PORTAL_URL, LAB_APPIUM_URL) is not started.

import { type StartedAppium, startAppiumServer } from '../drivers/sim-iphone/appium-server.ts';
import {
  type StartedStateStore,
  type StoreKind,
  startStateStore,
  storeModeFromEnv,
} from '../mocks/state/index.ts';
import { SESSION_DISCOVERY_FLAGS } from './leftovers.ts';

const STORE_URL = 'LAB_RUN_STORE_URL';
const STORE_KIND = 'LAB_RUN_STORE_KIND';
const STORE_REASON = 'LAB_RUN_STORE_REASON';
const APPIUM_URL = 'LAB_RUN_APPIUM_URL';

export interface SharedParts {
  /** The run's store, as a worker's lab takes it: the lab makes its database there and never stops it. */
  store?: StartedStateStore;
  appiumUrl?: string;
}

/** Starts what the run shares, records it in `env` for the workers, and gives back how to stop it. */
export async function startSharedParts(
  env: NodeJS.ProcessEnv = process.env,
  log: (line: string) => void = () => {},
): Promise<() => Promise<void>> {
  const owned: { stop(): Promise<void> }[] = [];
  const stopAll = async () => {
    for (const part of owned.splice(0).reverse()) await part.stop().catch(() => {});
  };
  const [store, appium] = await Promise.allSettled([
    env.LAB_PORTAL_URL ? undefined : startStateStore({ mode: storeModeFromEnv(env.LAB_DB), log }),
    env.LAB_APPIUM_URL ? undefined : startAppiumServer({ extraArgs: SESSION_DISCOVERY_FLAGS }),
  ] as const);
  // Whatever started is stopped again if the other part failed.
  if (store.status === 'fulfilled' && store.value) owned.push(store.value);
  if (appium.status === 'fulfilled' && appium.value) owned.push(appium.value as StartedAppium);
  const failure = [store, appium].find((settled) => settled.status === 'rejected');
  if (failure) {
    await stopAll();
    throw failure.reason;
  }
  if (store.status === 'fulfilled' && store.value) {
    env[STORE_URL] = store.value.url;
    env[STORE_KIND] = store.value.kind;
    env[STORE_REASON] = store.value.reason;
  }
  if (appium.status === 'fulfilled' && appium.value) env[APPIUM_URL] = appium.value.url;
  return stopAll;
}

export function sharedPartsFromEnvironment(env: NodeJS.ProcessEnv = process.env): SharedParts {
  const parts: SharedParts = {};
  const url = env[STORE_URL];
  if (url) {
    const kind = env[STORE_KIND] as StoreKind;
    const stop = async () => {}; // the run's global setup stops it
    parts.store = { url, kind, reason: env[STORE_REASON] ?? '', stop, [Symbol.asyncDispose]: stop };
  }
  if (env[APPIUM_URL]) parts.appiumUrl = env[APPIUM_URL];
  return parts;
}
