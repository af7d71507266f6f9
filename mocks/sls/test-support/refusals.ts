// One way to send a bad request to the mobile API and check the refusal: a 4xx with a code and a
// sentence, and the database as it was. The one trace a refusal may leave is the audit event of a
// signature that does not verify for a real device (kind device, outcome BAD_SIGNATURE).

import { expect } from 'vitest';
import type { StartedLab } from '../../../lab/index.ts';
import { databaseFingerprint, withClient } from './database-fingerprint.ts';

export type RefusalBody = string | Record<string, unknown> | (() => Record<string, unknown>);
export type RefusalCase = [
  label: string,
  path: string,
  body: RefusalBody,
  status: number,
  code: string,
  message: RegExp,
  contentType?: string,
];

/** A valid body with one thing changed, built when the test runs (after beforeAll). */
export function changed<T>(
  valid: () => T,
  change: (body: Record<string, unknown>) => void,
): () => Record<string, unknown> {
  return () => {
    const body = structuredClone(valid()) as unknown as Record<string, unknown>;
    change(body);
    return body;
  };
}

/**
 * Sends the case's body, with each "PLACEHOLDER" string value of `placeholders` replaced (DEVICE
 * names the real device), and checks the refusal and that nothing was written but the audit event
 * of a signature that did not verify for the real device.
 */
export async function expectRefused(
  lab: StartedLab,
  entry: RefusalCase,
  placeholders: Record<string, string> = {},
): Promise<void> {
  const [, path, rawBody, status, code, message, contentType] = entry;
  const resolved = typeof rawBody === 'function' ? rawBody() : rawBody;
  let body = typeof resolved === 'string' ? resolved : JSON.stringify(resolved);
  for (const [placeholder, value] of Object.entries(placeholders))
    body = body.replaceAll(`"${placeholder}"`, `"${value}"`);
  const url = lab.database.url;
  const before = await databaseFingerprint(url, { except: ['audit_events'] });
  const lastAuditId = await latestAuditId(url);
  const response = await fetch(`${lab.server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': contentType ?? 'application/json' },
    body,
  });
  const answer = (await response.json()) as { error: string; message: string };
  expect({ status: response.status, code: answer.error }).toEqual({ status, code });
  expect(answer.message).toMatch(message);
  expect(answer.message.length).toBeGreaterThan(10);
  expect(await databaseFingerprint(url, { except: ['audit_events'] })).toEqual(before);
  const audited = code === 'BAD_SIGNATURE' && body.includes(`"deviceId":"${placeholders.DEVICE}"`);
  expect(await auditEventsAfter(url, lastAuditId)).toEqual(
    audited ? [{ kind: 'device', outcome: 'BAD_SIGNATURE' }] : [],
  );
}

function latestAuditId(url: string): Promise<number> {
  return withClient(url, async (client) =>
    Number(
      (await client.query<{ id: string }>('SELECT coalesce(max(id), 0) AS id FROM audit_events')).rows[0]!.id,
    ),
  );
}

function auditEventsAfter(url: string, id: number): Promise<{ kind: string; outcome: string }[]> {
  return withClient(
    url,
    async (client) =>
      (
        await client.query<{ kind: string; outcome: string }>(
          'SELECT kind, outcome FROM audit_events WHERE id > $1 ORDER BY id',
          [id],
        )
      ).rows,
  );
}
