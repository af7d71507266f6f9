// The server's connection pool. A database that drops a connection, restarts or hangs must cost
// the requests of that moment a 503, never the process: every client has an 'error' listener
// for its whole life, and every wait on the database is bounded, so a hung server (a stopped
// postmaster) answers within seconds, and the pool reconnects by itself once it is back.

import pg from 'pg';

export type Queryable = Pick<pg.PoolClient, 'query'>;

/** How long the server waits on the database; each bound turns a hang into an error it can answer. */
export interface DatabaseTimeouts {
  /** To open a connection, or to wait for a free one in the pool. */
  connectMs: number;
  /** Client side: a statement with no answer (a server that does not run at all). */
  queryMs: number;
  /** Server side: a statement that runs or waits on a lock too long is cancelled, the connection kept. */
  statementMs: number;
  /** Server side: a transaction left idle (its client gone quiet) is ended and its locks freed. */
  idleInTransactionMs: number;
}

export const DEFAULT_DATABASE_TIMEOUTS: DatabaseTimeouts = {
  connectMs: 3000,
  queryMs: 5000,
  statementMs: 4500,
  idleInTransactionMs: 10_000,
};

/** How long a connection nobody uses stays open in the pool. */
export const IDLE_CONNECTION_KEPT_MS = 60_000;

/** What a client should wait before trying again when the database does not answer (Retry-After). */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

export interface DatabaseOptions {
  maxConnections?: number;
  timeouts?: Partial<DatabaseTimeouts>;
}

export type DatabaseHealth = { database: 'up' } | { database: 'down'; reason: string };

const WRITE_STATEMENT = /^\s*(INSERT|UPDATE|DELETE|WITH)\b/i;

export class Database {
  readonly pool: pg.Pool;
  readonly timeouts: DatabaseTimeouts;
  /** Called after each committed write, so waiting status polls look again (see state-changes.ts). */
  onWrite: () => void = () => {};

  constructor(url: string, options: DatabaseOptions = {}) {
    this.timeouts = { ...DEFAULT_DATABASE_TIMEOUTS, ...options.timeouts };
    this.pool = new pg.Pool({
      connectionString: url,
      max: options.maxConnections ?? 20,
      connectionTimeoutMillis: this.timeouts.connectMs,
      query_timeout: this.timeouts.queryMs,
      statement_timeout: this.timeouts.statementMs,
      idle_in_transaction_session_timeout: this.timeouts.idleInTransactionMs,
      // A peer that vanished without closing the socket (a paused or unplugged host) is noticed.
      keepAlive: true,
      // A connection idle for a minute is closed, not after pg's 10 s: opening one costs a process on
      // the server and, on a CI machine with both cores busy, up to 2 s of the 3 s the server allows.
      idleTimeoutMillis: IDLE_CONNECTION_KEPT_MS,
    });
    // An idle client whose connection drops: the pool has already removed it and opens a new one
    // on demand, so there is nothing to do but not crash.
    this.pool.on('error', () => {});
  }

  async query<T extends pg.QueryResultRow>(sql: string, values: unknown[] = []): Promise<T[]> {
    const { rows } = await this.pool.query<T>(sql, values);
    if (WRITE_STATEMENT.test(sql)) this.onWrite();
    return rows;
  }

  /** Runs `work` in one transaction on one client, then wakes what waits on a write. */
  async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const result = await this.#onOneClient('BEGIN', work);
    this.onWrite();
    return result;
  }

  /**
   * Runs read-only `work` in one snapshot (REPEATABLE READ, READ ONLY): its queries see the database
   * as it was at the first of them, and use one connection instead of one each from the pool.
   */
  snapshot<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return this.#onOneClient('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', work);
  }

  /**
   * The client listens for 'error' while it is checked out (the pool listens only while it is
   * idle), and a client whose connection broke or hung is destroyed instead of returned to the pool.
   */
  async #onOneClient<T>(begin: string, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    const onConnectionError = (error: Error) => {
      broken ??= error;
    };
    client.on('error', onConnectionError);
    try {
      await client.query(begin);
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      if (isDatabaseUnavailable(error)) broken ??= error as Error;
      // ROLLBACK only on a connection that still works: on a hung one it would wait all over again.
      if (!broken) {
        try {
          await client.query('ROLLBACK');
        } catch (rollbackFailed) {
          broken = rollbackFailed as Error;
        }
      }
      // Whatever the work made of a lost connection, the request failed because the database did.
      throw broken && isDatabaseUnavailable(broken) ? broken : error;
    } finally {
      client.removeListener('error', onConnectionError);
      client.release(broken);
    }
  }

  /** Whether the database answers a trivial query within `withinMs`, for /health. */
  async health(withinMs = 1500): Promise<DatabaseHealth> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${withinMs} ms`)), withinMs);
    });
    // pg reads query_timeout per query too (its types omit it): a hung connection is dropped sooner.
    const ping = { text: 'SELECT 1', query_timeout: withinMs } as pg.QueryConfig;
    try {
      try {
        await Promise.race([this.pool.query(ping), timedOut]);
      } catch (error) {
        // A pooled connection whose session the server ended while it sat idle says nothing about the
        // database now (the pool drops it a moment later): ask once more, on another connection.
        if (!sessionWasEnded(error)) throw error;
        await Promise.race([this.pool.query(ping), timedOut]);
      }
      return { database: 'up' };
    } catch (error) {
      return { database: 'down', reason: describeUnavailability(error) };
    } finally {
      clearTimeout(timer);
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

// SQLSTATEs that mean "the database is not available now", not "this request is wrong":
// connection exceptions (08), insufficient resources (53), an administrator or a shutdown
// ending the session (57P01-57P04), a statement or an idle transaction cut by a timeout.
const UNAVAILABLE_SQLSTATE = /^(08|53|57P0[1-4]$|57014$|25P03$)/;
const UNAVAILABLE_SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
// What pg and pg-pool say, in their own words, when a connection is lost, times out or is closed.
const UNAVAILABLE_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Query read timeout|timeout expired|not queryable|Cannot use a pool after calling end|pool is ending/i;

/** The server ended this connection's session (an administrator, a crash) or the socket closed under it. */
function sessionWasEnded(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return (
    code === '57P01' || code === '57P02' || /Connection terminated/i.test((error as Error).message ?? '')
  );
}

/** Whether an error (or any of its causes) says the database is down, gone or too slow, rather than a bug. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_SOCKET_CODES.has(code)))
      return true;
    if (UNAVAILABLE_MESSAGES.test(current.message)) return true;
    current = current.cause;
  }
  return false;
}

/** A few words on why the database is unavailable, for a 503's sentence and /health. */
export function describeUnavailability(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === '57P01') return 'an administrator ended its connection';
  if (code === '57P02' || code === '57P03' || /shutting down|starting up/i.test(message))
    return 'it is shutting down or starting up';
  if (code === '57014') return 'a statement took too long and was cancelled';
  if (code === '25P03') return 'a transaction was left idle too long';
  if (code === 'ECONNREFUSED') return 'it refuses connections';
  if (/timeout|no answer within/i.test(message)) return 'it did not answer in time';
  if (/terminated|ECONNRESET|EPIPE|not queryable/i.test(`${message} ${String(code)}`))
    return 'its connection was lost';
  return message;
}
