import pg from 'pg';

export type Queryable = Pick<pg.PoolClient, 'query'>;

/** The server's connection pool, with a transaction helper that always releases its client. */
export class Database {
  readonly pool: pg.Pool;

  constructor(url: string, maxConnections = 20) {
    this.pool = new pg.Pool({ connectionString: url, max: maxConnections });
    // A dropped idle connection must not crash the server; the pool replaces it.
    this.pool.on('error', () => {});
  }

  async query<T extends pg.QueryResultRow>(sql: string, values: unknown[] = []): Promise<T[]> {
    return (await this.pool.query<T>(sql, values)).rows;
  }

  async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
