// What the lab control API's routes answer to the lab's own client: the clock as it stands and as
// moved, and a 400 with a sentence for a body its schema does not allow, changing nothing.
//
// Each test starts its own portal: the routes are made when a server starts, and a mutation run
// credits that code only to the tests that started the server.

import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createIsolatedDatabase, type IsolatedDatabase } from '../state/index.ts';
import { defaultConfig } from './config.ts';
import { type StartedSlsServer, startSlsServer } from './server.ts';
import { databaseFingerprint } from './test-support/database-fingerprint.ts';

let database: IsolatedDatabase;
// One key for every server of this file, as they all open the same database.
const secretsKey = { from: 'run', key: randomBytes(32) } as const;

beforeAll(async () => {
  database = await createIsolatedDatabase(inject('storeUrl'), 'lab_control_routes');
});
afterAll(() => database.drop());

/** A portal of its own for a test, closed when the test's scope ends (`await using`). */
function startPortal(): Promise<StartedSlsServer> {
  return startSlsServer(
    defaultConfig({ databaseUrl: database.url, labMode: true, secretsKey, scryptLogN: 10 }),
  );
}

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/** A request of the lab's own client; a portal that never answers fails the test in 5 s, not at its timeout. */
async function ask(portal: StartedSlsServer, method: string, path: string, body?: string): Promise<Answer> {
  const response = await fetch(`${portal.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${portal.context.config.labControlToken}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body }),
    signal: AbortSignal.timeout(5_000),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Milliseconds between the time a clock answer gives and the real time moved by `offsetSeconds`. */
const driftMs = (answer: Answer, offsetSeconds: number) =>
  Math.abs(Date.parse(String(answer.body.now)) - (Date.now() + offsetSeconds * 1000));

describe('the lab clock', () => {
  it("answers the portal's time and how far the lab moved it, before and after a move", async () => {
    await using portal = await startPortal();
    const before = await ask(portal, 'GET', '/lab/clock');
    expect(before).toMatchObject({ status: 200, body: { offsetSeconds: 0 } });
    expect(driftMs(before, 0)).toBeLessThan(5_000);

    const moved = await ask(portal, 'POST', '/lab/clock/advance', JSON.stringify({ seconds: 90 }));
    expect(moved).toMatchObject({ status: 200, body: { offsetSeconds: 90 } });
    const after = await ask(portal, 'GET', '/lab/clock');
    expect(after).toMatchObject({ status: 200, body: { offsetSeconds: 90 } });
    expect(driftMs(after, 90)).toBeLessThan(5_000);
  });

  it('refuses a move it cannot make with 400 and a sentence saying what is wrong, and leaves the clock as it was', async () => {
    await using portal = await startPortal();
    const refusedMoves: [body: unknown, sentence: string][] = [
      [{ seconds: -5 }, 'body.seconds must be >= 0.'],
      [{ seconds: 'soon' }, 'body.seconds must be number.'],
      [{}, 'body is missing the field "seconds".'],
      [{ seconds: 10, days: 1 }, 'body has an unknown field "days".'],
    ];
    for (const [body, sentence] of refusedMoves) {
      const refused = await ask(portal, 'POST', '/lab/clock/advance', JSON.stringify(body));
      expect(refused, JSON.stringify(body)).toEqual({
        status: 400,
        body: { error: 'INVALID_REQUEST', message: sentence },
      });
    }
    expect((await ask(portal, 'GET', '/lab/clock')).body).toMatchObject({ offsetSeconds: 0 });
  });
});

describe('creating a user through the lab control API', () => {
  it('refuses a body its schema does not allow with 400 and a sentence saying what is wrong, and creates nobody', async () => {
    await using portal = await startPortal();
    const before = await databaseFingerprint(database.url);
    const refusedBodies: [body: unknown, sentence: string][] = [
      [{ username: 'two words' }, 'body.username must match pattern "^[A-Za-z0-9._-]{1,64}$".'],
      [{ locale: 'de-DE' }, 'body.locale is not one of the accepted values: fr-FR, en-US.'],
      [{ phone: '0612345678' }, 'body.phone must match pattern "^\\+[1-9]\\d{6,14}$".'],
      [{ device: { state: 'broken' } }, 'body.device.state is not one of the accepted values: none, active.'],
      [{ nickname: 'Ann' }, 'body has an unknown field "nickname".'],
    ];
    for (const [body, sentence] of refusedBodies) {
      const refused = await ask(portal, 'POST', '/lab/users', JSON.stringify(body));
      expect(refused, JSON.stringify(body)).toEqual({
        status: 400,
        body: { error: 'INVALID_REQUEST', message: sentence },
      });
    }
    expect(await databaseFingerprint(database.url)).toEqual(before);
  });
});
