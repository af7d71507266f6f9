// A PostgreSQL container through Testcontainers. The image is LAB_PG_IMAGE (default postgres:16-alpine);
// machines without a registry build one locally (see .ci/build-pg-image.sh).

import type { StartedPostgreSqlContainer } from '@testcontainers/postgresql';
import { type StartedStateStore, StateStoreError } from './store-types.ts';

export const DEFAULT_PG_IMAGE = 'postgres:16-alpine';

export async function startTestcontainersStore(
  reason: string,
  image = process.env.LAB_PG_IMAGE || DEFAULT_PG_IMAGE,
): Promise<StartedStateStore> {
  let container: StartedPostgreSqlContainer;
  try {
    // Loaded only here: Testcontainers takes about 0.5 s to load, which every embedded start
    // (a lab worker, `npm run serve`, a test file) would otherwise pay for nothing.
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    container = await new PostgreSqlContainer(image)
      .withDatabase('postgres')
      .withUsername('lab')
      .withPassword('lab')
      .withCommand(['postgres', '-c', 'fsync=off', '-c', 'max_connections=300'])
      .start();
  } catch (cause) {
    throw new StateStoreError(
      `The PostgreSQL container (image ${image}) did not start: ${(cause as Error).message}. ` +
        'Build or pull the image, or set LAB_DB=embedded to use the embedded server.',
    );
  }
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await container.stop();
  };
  return {
    url: container.getConnectionUri(),
    kind: 'testcontainers',
    reason,
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
