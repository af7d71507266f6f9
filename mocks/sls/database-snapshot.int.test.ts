// Database.snapshot, which the user-state read runs in: its queries agree with each other even when
// a write lands between them, it cannot write, and it holds one connection whatever it asks.

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createIsolatedDatabase, type IsolatedDatabase } from '../state/index.ts';
import { Database } from './database.ts';

const storeUrl = inject('storeUrl');

describe('Database.snapshot', () => {
  let database: IsolatedDatabase;
  let db: Database;
  beforeAll(async () => {
    database = await createIsolatedDatabase(storeUrl, 'db_snapshot');
    db = new Database(database.url);
    await db.query('CREATE TABLE notes (id serial PRIMARY KEY, body text NOT NULL)');
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  it('sees the database as it was at its first query, though a write commits between two of its queries', async () => {
    await db.query("INSERT INTO notes (body) VALUES ('before')");
    const [first, second] = await db.snapshot(async (tx) => {
      const first = (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM notes')).rows[0]!.n;
      await db.query("INSERT INTO notes (body) VALUES ('during')");
      const second = (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM notes')).rows[0]!.n;
      return [first, second];
    });
    expect(second).toBe(first);
    const [{ n: after }] = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM notes')) as [
      { n: number },
    ];
    expect(after).toBe(first + 1);
  });

  it('refuses a write, and the pool is still usable after', async () => {
    const refused = await db
      .snapshot((tx) => tx.query("INSERT INTO notes (body) VALUES ('refused')"))
      .then(
        () => undefined,
        (error: Error & { code?: string }) => error,
      );
    // 25006: read_only_sql_transaction.
    expect(refused?.code).toBe('25006');
    expect(await db.query<{ ok: number }>('SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
  });

  it('answers five queries asked at once on one connection', async () => {
    const pids = await db.snapshot((tx) =>
      Promise.all(
        Array.from({ length: 5 }, async () => {
          const { rows } = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
          return rows[0]!.pid;
        }),
      ),
    );
    expect(new Set(pids).size).toBe(1);
  });
});
