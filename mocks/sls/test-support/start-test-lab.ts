// One server on a fresh database of the shared test store, with an APNs test double and an
// ES256 provider key, torn down with `await using`.

import type { StartedApnsSimulator } from '../../apns/apns-simulator.ts';
import { LAB_APP_TOPIC, startLabApns } from '../../apns/lab-provider.ts';
import { createIsolatedDatabase } from '../../state/index.ts';
import { defaultConfig, type SlsConfig } from '../config.ts';
import { type StartedSlsServer, startSlsServer } from '../server.ts';
import { BrowserlessPortal } from './portal-browserless.ts';

export interface TestLab extends AsyncDisposable {
  server: StartedSlsServer;
  apns: StartedApnsSimulator;
  databaseUrl: string;
  portal(acceptLanguage?: string): BrowserlessPortal;
  createUser(body?: Record<string, unknown>): Promise<CreatedUser>;
  advanceClock(seconds: number): Promise<void>;
}

export interface CreatedUser {
  user: { id: string; username: string; password: string; displayName: string; locale: string };
  device: null | {
    deviceId: string;
    privateKey: import('../../../protocol/index.ts').PrivateJwk;
    apnsToken: string | null;
    serverPublicKey: import('../../../protocol/index.ts').PublicJwk;
  };
}

export const APNS_TOPIC = LAB_APP_TOPIC;

export async function startTestLab(
  storeUrl: string,
  label: string,
  overrides: Partial<SlsConfig> = {},
): Promise<TestLab> {
  const database = await createIsolatedDatabase(storeUrl, label);
  const { simulator: apns, config: apnsConfig } = await startLabApns({ requestTimeoutMs: 500 });
  const server = await startSlsServer(
    defaultConfig({
      databaseUrl: database.url,
      scryptLogN: 10,
      apns: apnsConfig,
      ...overrides,
    }),
    { seed: 42 },
  );
  const close = async () => {
    await server.close();
    await apns.close();
    await database.drop();
  };
  return {
    server,
    apns,
    databaseUrl: database.url,
    portal: (acceptLanguage) => new BrowserlessPortal(server.url, acceptLanguage),
    async createUser(body = {}) {
      const response = await fetch(`${server.url}/lab/users`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (response.status !== 201)
        throw new Error(`POST /lab/users answered ${response.status}: ${await response.text()}`);
      const created = (await response.json()) as CreatedUser;
      // As if the phone had registered with APNs before it enrolled.
      if (created.device?.apnsToken) apns.registerToken(created.device.apnsToken, APNS_TOPIC);
      return created;
    },
    async advanceClock(seconds) {
      const response = await fetch(`${server.url}/lab/clock/advance`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ seconds }),
      });
      if (!response.ok) throw new Error(`Advancing the clock failed: ${await response.text()}`);
    },
    [Symbol.asyncDispose]: close,
  };
}
