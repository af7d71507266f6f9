// Applies migrations/NNN_name.sql in order, each in its own transaction, and records them in
// schema_migrations. An advisory lock makes concurrent migrators (parallel workers) take turns.

import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const MIGRATIONS_FOLDER = fileURLToPath(new URL('./migrations/', import.meta.url));
const LOCK_KEY = 7_412_001;

export interface AppliedMigration {
  version: number;
  name: string;
}

export async function listMigrations(): Promise<{ version: number; name: string; file: string }[]> {
  const files = (await readdir(MIGRATIONS_FOLDER)).filter((file) => file.endsWith('.sql')).sort();
  return files.map((file) => {
    const match = /^(\d+)_(.+)\.sql$/.exec(file);
    if (!match) throw new Error(`Migration file ${file} is not named NNN_name.sql`);
    return { version: Number(match[1]), name: match[2]!, file };
  });
}

/** Brings the database at `url` up to the newest migration; returns the ones it applied. */
export async function migrate(url: string): Promise<AppliedMigration[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Map<number, string>(
      (await client.query('SELECT version, checksum FROM schema_migrations')).rows.map((row) => [
        row.version,
        row.checksum,
      ]),
    );
    const applied: AppliedMigration[] = [];
    for (const migration of await listMigrations()) {
      const sql = await readFile(`${MIGRATIONS_FOLDER}${migration.file}`, 'utf8');
      const checksum = createHash('sha256').update(sql).digest('hex');
      const recorded = done.get(migration.version);
      if (recorded !== undefined) {
        if (recorded !== checksum) {
          throw new Error(
            `Migration ${migration.file} was changed after it was applied; add a new migration instead.`,
          );
        }
        continue;
      }
      await client.query('BEGIN');
      try {
        await client.query(sql);
        await client.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
          migration.version,
          migration.name,
          checksum,
        ]);
        await client.query('COMMIT');
      } catch (cause) {
        await client.query('ROLLBACK');
        throw new Error(`Migration ${migration.file} failed: ${(cause as Error).message}`);
      }
      applied.push({ version: migration.version, name: migration.name });
    }
    return applied;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => {});
    await client.end();
  }
}
