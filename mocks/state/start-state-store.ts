// One function to get a PostgreSQL server, whatever the machine has: LAB_DB=auto|embedded|testcontainers|url.

import pg from 'pg';
import { probeContainerRuntime } from './container-runtime.ts';
import { startEmbeddedStore } from './embedded-store.ts';
import { type StartedStateStore, StateStoreError, type StoreMode } from './store-types.ts';
import { startTestcontainersStore } from './testcontainers-store.ts';

export const STORE_MODES = [
  'auto',
  'embedded',
  'testcontainers',
  'url',
] as const satisfies readonly StoreMode[];

export interface StateStoreOptions {
  mode?: StoreMode;
  /** For mode "url"; defaults to DATABASE_URL. */
  databaseUrl?: string;
  /** Where the one line that says which store was chosen goes; silent when omitted. */
  log?: (line: string) => void;
}

export function storeModeFromEnv(value = process.env.LAB_DB): StoreMode {
  const mode = (value || 'auto') as StoreMode;
  if (!STORE_MODES.includes(mode)) {
    throw new StateStoreError(
      `LAB_DB="${value}" is not a store mode; use one of: ${STORE_MODES.join(', ')}.`,
    );
  }
  return mode;
}

export async function startStateStore(options: StateStoreOptions = {}): Promise<StartedStateStore> {
  const mode = options.mode ?? storeModeFromEnv();
  const store = await startByMode(mode, options.databaseUrl ?? process.env.DATABASE_URL);
  options.log?.(`state store: ${store.kind} (${store.reason})`);
  return store;
}

async function startByMode(mode: StoreMode, databaseUrl: string | undefined): Promise<StartedStateStore> {
  switch (mode) {
    case 'embedded':
      return startEmbeddedStore('LAB_DB=embedded');
    case 'testcontainers':
      return startTestcontainersStore('LAB_DB=testcontainers');
    case 'url':
      return connectToUrl(databaseUrl);
    case 'auto': {
      const runtime = await probeContainerRuntime();
      if (!runtime.available)
        return startEmbeddedStore(`LAB_DB=auto and no container runtime: ${runtime.detail}`);
      try {
        return await startTestcontainersStore(`LAB_DB=auto and ${runtime.detail}`);
      } catch (error) {
        // A runtime without the image (and no registry) should not stop the lab: the embedded store always works.
        const why = (error as Error).message.split('. Build or pull')[0];
        return startEmbeddedStore(`LAB_DB=auto, but Testcontainers failed: ${why}`);
      }
    }
  }
}

async function connectToUrl(databaseUrl: string | undefined): Promise<StartedStateStore> {
  if (!databaseUrl) {
    throw new StateStoreError(
      'LAB_DB=url needs DATABASE_URL, e.g. postgres://user:password@127.0.0.1:5432/postgres.',
    );
  }
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (cause) {
    throw new StateStoreError(
      `Cannot connect to DATABASE_URL (${redactPassword(databaseUrl)}): ${(cause as Error).message}`,
    );
  } finally {
    await client.end().catch(() => {});
  }
  const stop = async () => {};
  return { url: databaseUrl, kind: 'url', reason: 'LAB_DB=url', stop, [Symbol.asyncDispose]: stop };
}

export function redactPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(not a URL)';
  }
}
