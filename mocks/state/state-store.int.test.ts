import { existsSync } from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { probeContainerRuntime } from './container-runtime.ts';
import { createIsolatedDatabase, listMigrations, migrate, startStateStore } from './index.ts';

const storeUrl = inject('storeUrl');

async function query<T extends pg.QueryResultRow>(
  url: string,
  sql: string,
  values: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

describe(`state store (${inject('storeKind')})`, () => {
  it('creates an isolated database with every migration applied and recorded, and drops it', async () => {
    const database = await createIsolatedDatabase(storeUrl, 'migrations');
    const recorded = await query<{ version: number }>(
      database.url,
      'SELECT version FROM schema_migrations ORDER BY 1',
    );
    expect(recorded.map((row) => row.version)).toEqual((await listMigrations()).map((m) => m.version));
    expect(await migrate(database.url)).toEqual([]);
    await database.drop();
    const left = await query(storeUrl, 'SELECT 1 FROM pg_database WHERE datname = $1', [database.name]);
    expect(left).toHaveLength(0);
  });

  it('lets concurrent migrators of one database take turns, applying each migration once', async () => {
    await using database = await createIsolatedDatabase(storeUrl, 'concurrent');
    await query(
      database.url,
      'DROP TABLE schema_migrations; DROP SCHEMA public CASCADE; CREATE SCHEMA public',
    );
    const results = await Promise.all(Array.from({ length: 4 }, () => migrate(database.url)));
    expect(results.flat()).toHaveLength((await listMigrations()).length);
  });

  it('keeps parallel databases apart', async () => {
    await using first = await createIsolatedDatabase(storeUrl, 'first');
    await using second = await createIsolatedDatabase(storeUrl, 'second');
    await query(
      first.url,
      `INSERT INTO users VALUES (gen_random_uuid(), 'only-in-first', 'A', 'x', null, 'en-US', now())`,
    );
    expect(await query(second.url, 'SELECT * FROM users')).toHaveLength(0);
    expect(await query(first.url, 'SELECT * FROM users')).toHaveLength(1);
  });

  it('enforces one active device per user in the schema itself', async () => {
    await using database = await createIsolatedDatabase(storeUrl, 'one_active');
    const [user] = await query<{ id: string }>(
      database.url,
      `INSERT INTO users VALUES (gen_random_uuid(), 'u', 'U', 'x', null, 'en-US', now()) RETURNING id`,
    );
    const insertDevice = `INSERT INTO devices (id, user_id, state, public_key, key_thumbprint, model, os, app_version, biometry, activated_at)
      VALUES (gen_random_uuid(), $1, 'active', '{}', 't', 'm', 'o', 'a', 'faceId', now())`;
    await query(database.url, insertDevice, [user!.id]);
    await expect(query(database.url, insertDevice, [user!.id])).rejects.toThrow(
      /devices_one_active_per_user/,
    );
  });

  it('connects to any Postgres in url mode and refuses a wrong URL with a sentence', async () => {
    const store = await startStateStore({ mode: 'url', databaseUrl: storeUrl });
    expect(store.kind).toBe('url');
    await store.stop();
    const broken = new URL(storeUrl);
    broken.password = 'wrong-password';
    await expect(startStateStore({ mode: 'url', databaseUrl: broken.toString() })).rejects.toThrow(
      /Cannot connect to DATABASE_URL \(.*\*\*\*.*\)/,
    );
    await expect(startStateStore({ mode: 'url', databaseUrl: '' })).rejects.toThrow(
      /LAB_DB=url needs DATABASE_URL/,
    );
  });
});

describe('auto mode', () => {
  it('chooses Testcontainers when a container runtime answers (else, or if it fails, embedded) and says why in one line', async () => {
    const runtime = await probeContainerRuntime();
    const lines: string[] = [];
    const store = await startStateStore({ mode: 'auto', log: (line) => lines.push(line) });
    try {
      if (!runtime.available) {
        expect(store.kind).toBe('embedded');
        expect(lines).toEqual([
          `state store: embedded (LAB_DB=auto and no container runtime: ${runtime.detail})`,
        ]);
      } else if (process.env.LAB_PG_IMAGE) {
        expect(store.kind).toBe('testcontainers');
        expect(lines).toEqual([`state store: testcontainers (LAB_DB=auto and ${runtime.detail})`]);
      } else {
        // A runtime without a reachable image falls back to embedded, and the line says so.
        expect(lines).toEqual([
          expect.stringMatching(
            /^state store: (testcontainers \(LAB_DB=auto and|embedded \(LAB_DB=auto, but Testcontainers failed)/,
          ),
        ]);
      }
      expect((await query<{ ok: number }>(store.url, 'SELECT 1 AS ok'))[0]!.ok).toBe(1);
    } finally {
      await store.stop();
    }
  });
});

describe.runIf(inject('storeKind') === 'embedded')('embedded store lifecycle', () => {
  it('removes its data folder on stop and the folder a crashed run left on the next start', async () => {
    const crashed = join(tmpdir(), 'ibkey-lab-pg-999999-crashed');
    await mkdir(crashed, { recursive: true });
    const store = await startStateStore({ mode: 'embedded' });
    expect(existsSync(crashed)).toBe(false);
    const ours = (await readdir(tmpdir())).filter((entry) =>
      entry.startsWith(`ibkey-lab-pg-${process.pid}-`),
    );
    expect(ours.length).toBeGreaterThan(0);
    expect((await query<{ ok: number }>(store.url, 'SELECT 1 AS ok'))[0]!.ok).toBe(1);
    await store.stop();
    const after = (await readdir(tmpdir())).filter((entry) =>
      entry.startsWith(`ibkey-lab-pg-${process.pid}-`),
    );
    expect(after.length).toBe(ours.length - 1);
  });
});
