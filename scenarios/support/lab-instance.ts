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
  startStateStore,
} from '../../mocks/state/index.ts';

export const APP_TOPIC = LAB_APP_TOPIC;

/** The lab itself is broken (a server did not start): not a failure of the product under test. */
export class LabFailure extends Error {
  override name = 'LabFailure';
  constructor(part: string, cause: unknown) {
    super(
      `LAB FAILURE (not a product failure): ${part} could not start: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
}

export interface LabInstance {
  store: StartedStateStore;
  database: IsolatedDatabase;
  server: StartedSlsServer;
  apns: StartedApnsSimulator;
  gateway: StartedGateway;
  appium: StartedAppium;
  seed: number;
  stop(): Promise<void>;
}

async function part<T>(name: string, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (error) {
    throw new LabFailure(name, error);
  }
}

export async function startLabInstance(options: {
  label: string;
  seed: number;
  store?: StartedStateStore;
  appiumPort?: number;
}): Promise<LabInstance> {
  const started: { stop: () => Promise<unknown> }[] = [];
  try {
    const store = options.store ?? (await part('the state store', () => startStateStore()));
    if (!options.store) started.push(store);
    const database = await part('the database', () => createIsolatedDatabase(store.url, options.label));
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
        }),
        { seed: options.seed },
      ),
    );
    started.push({ stop: () => server.close() });
    const gateway = await part('the third-party gateway', () => startThirdPartyGateway(thirdPartyHandlers));
    started.push({ stop: () => gateway.close() });
    const appium = await part('the Appium server with the sim-iphone driver', () =>
      startAppiumServer({ port: options.appiumPort }),
    );
    started.push(appium);
    return {
      store,
      database,
      server,
      apns,
      gateway,
      appium,
      seed: options.seed,
      async stop() {
        for (const piece of started.reverse()) await piece.stop().catch(() => {});
      },
    };
  } catch (error) {
    for (const piece of started.reverse()) await piece.stop().catch(() => {});
    throw error;
  }
}
