// A digest of every row of every table, to prove that a refused request changed nothing.

import pg from 'pg';

const TABLES = [
  'users',
  'devices',
  'activations',
  'login_transactions',
  'recoveries',
  'portal_sessions',
  'audit_events',
  'server_keys',
];

/** Runs `work` with a client of its own on the database at `url`, always closing it. */
export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export function databaseFingerprint(
  url: string,
  options: { except?: string[] } = {},
): Promise<Record<string, string>> {
  return withClient(url, async (client) => {
    const fingerprint: Record<string, string> = {};
    for (const table of TABLES.filter((name) => !options.except?.includes(name))) {
      const { rows } = await client.query<{ digest: string | null; count: string }>(
        `SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS digest, count(*) AS count FROM ${table} t`,
      );
      fingerprint[table] = `${rows[0]!.count}:${rows[0]!.digest ?? '-'}`;
    }
    return fingerprint;
  });
}
