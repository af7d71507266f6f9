// The lab control client against a small HTTP server that answers as the test says: what it sends
// (method, path, token, JSON body), and the sentence it throws for each way the portal can fail it.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../common/index.ts';
import { LabControlClient, LabControlError } from './lab-control-client.ts';
import {
  type CannedAnswer,
  cannedAnswer,
  type RecordingServer,
  rejectionOf,
  startRecordingServer,
} from './test-support/recording-server.ts';

interface Received {
  method: string;
  url: string;
  authorization: string | undefined;
  contentType: string | undefined;
  body: string;
}

let server: RecordingServer;
let portalUrl: string;
let answer: CannedAnswer = { status: 200, body: '{}' };

beforeAll(async () => {
  server = await startRecordingServer(() => answer);
  portalUrl = server.url;
});
afterAll(() => server.close());

/** The next request is answered with this status and body; what the client sent is returned after. */
function answerWith(status: number, body: unknown): void {
  answer = cannedAnswer(status, body);
  server.requests.length = 0;
}

const lastRequest = (): Received => {
  const request = server.requests.at(-1);
  if (!request) throw new Error('The client sent nothing to the test server.');
  return {
    method: request.method,
    url: request.url,
    authorization: request.headers.authorization,
    contentType: request.headers['content-type'],
    body: request.body,
  };
};

const failureOf = (call: Promise<unknown>) =>
  rejectionOf(call, LabControlError, 'the call should have failed');

const CLOCK = { now: '2026-11-29T10:00:00.000Z', offsetSeconds: 60 };

describe('LabControlClient requests', () => {
  it('moves the clock with a POST that carries the token and a JSON body, and returns the answer', async () => {
    answerWith(200, CLOCK);
    const client = new LabControlClient(portalUrl, 'run-token');
    expect(await client.advanceClock(60)).toEqual(CLOCK);
    expect(lastRequest()).toEqual({
      method: 'POST',
      url: '/lab/clock/advance',
      authorization: 'Bearer run-token',
      contentType: 'application/json',
      body: '{"seconds":60}',
    });
    expect(client.token).toBe('run-token');
  });

  it('reads the clock with a GET without a body or a content type', async () => {
    answerWith(200, CLOCK);
    expect(await new LabControlClient(portalUrl, 'run-token').clock()).toEqual(CLOCK);
    expect(lastRequest()).toMatchObject({ method: 'GET', url: '/lab/clock', body: '' });
    expect(lastRequest().contentType).toBeUndefined();
  });

  it('asks for the endpoints at /lab/endpoints', async () => {
    answerWith(200, { apnsDeviceUrl: null });
    expect(await new LabControlClient(portalUrl, 'run-token').endpoints()).toEqual({ apnsDeviceUrl: null });
    expect(lastRequest()).toMatchObject({ method: 'GET', url: '/lab/endpoints' });
  });

  it('sends no Authorization header when it has no token', async () => {
    answerWith(200, CLOCK);
    const client = new LabControlClient(portalUrl, undefined);
    await client.clock();
    expect(lastRequest().authorization).toBeUndefined();
    expect(client.token).toBeUndefined();
  });

  it('puts the username, percent-encoded, in the user state path', async () => {
    answerWith(200, {
      user: { id: 'u1', username: 'a b/c', displayName: 'A', locale: 'en-US', phone: null },
      devices: [],
      activations: [],
      transactions: [],
      recoveries: [],
      audit: [],
    });
    const state = await new LabControlClient(portalUrl, 'run-token').userState('a b/c');
    expect(state.user.username).toBe('a b/c');
    expect(lastRequest()).toMatchObject({ method: 'GET', url: '/lab/users/a%20b%2Fc/state' });
  });

  it('creates a user with a POST of the request, expecting 201', async () => {
    const created = {
      user: {
        id: 'u1',
        username: 'ann',
        password: 'pw',
        displayName: 'Ann',
        locale: 'fr-FR',
        phone: '+33612345678',
      },
      device: null,
    };
    answerWith(201, created);
    const client = new LabControlClient(portalUrl, 'run-token');
    expect(await client.createUser({ username: 'ann', locale: 'fr-FR' })).toEqual(created);
    expect(lastRequest()).toMatchObject({
      method: 'POST',
      url: '/lab/users',
      body: '{"username":"ann","locale":"fr-FR"}',
    });
    answerWith(200, created);
    const error = await failureOf(client.createUser({ username: 'ann' }));
    expect(error.status).toBe(200);
  });
});

describe('LabControlClient failures', () => {
  const client = () => new LabControlClient(portalUrl, 'run-token');

  it("says the status and the portal's message, with the status on the error", async () => {
    answerWith(409, { error: 'USERNAME_TAKEN', message: 'A user named "ann" already exists.' });
    const error = await failureOf(client().createUser({ username: 'ann' }));
    expect(error.message).toBe('POST /lab/users answered 409: A user named "ann" already exists.');
    expect(error.status).toBe(409);
    expect(error.name).toBe('LabControlError');
  });

  it('quotes a body that is not JSON, or says there was none', async () => {
    answerWith(500, 'upstream exploded');
    expect((await failureOf(client().clock())).message).toBe(
      'GET /lab/clock answered 500: upstream exploded',
    );
    answerWith(500, '');
    expect((await failureOf(client().clock())).message).toBe('GET /lab/clock answered 500: (no body)');
    answerWith(500, { message: 42 });
    expect((await failureOf(client().clock())).message).toBe('GET /lab/clock answered 500: {"message":42}');
    answerWith(500, 'null');
    expect((await failureOf(client().clock())).message).toBe('GET /lab/clock answered 500: null');
    answerWith(500, '42');
    expect((await failureOf(client().clock())).message).toBe('GET /lab/clock answered 500: 42');
    answerWith(500, '"a JSON string"');
    expect((await failureOf(client().clock())).message).toBe('GET /lab/clock answered 500: "a JSON string"');
    answerWith(500, 'x'.repeat(400));
    expect((await failureOf(client().clock())).message).toBe(
      `GET /lab/clock answered 500: ${'x'.repeat(300)}`,
    );
  });

  it('asks whether the portal is in lab mode when a control route is not found', async () => {
    answerWith(404, { error: 'NOT_FOUND', message: 'Route GET:/lab/clock not found' });
    expect((await failureOf(client().clock())).message).toBe(
      'GET /lab/clock answered 404: Route GET:/lab/clock not found (is the portal in lab mode? `npm run serve` starts one; the control API answers loopback callers only)',
    );
  });

  it('does not ask about lab mode when the user is unknown', async () => {
    answerWith(404, { error: 'UNKNOWN_USER', message: 'No user is named "bob".' });
    expect((await failureOf(client().userState('bob'))).message).toBe(
      'GET /lab/users/bob/state answered 404: No user is named "bob".',
    );
  });

  it('tells how to give the token on a 401, whether none was given or another', async () => {
    answerWith(401, { error: 'UNAUTHORIZED', message: 'No token.' });
    expect((await failureOf(new LabControlClient(portalUrl, undefined).clock())).message).toBe(
      'GET /lab/clock answered 401: No token. (no token was given: set LAB_CONTROL_TOKEN to the token `npm run serve` printed)',
    );
    answerWith(401, { error: 'UNAUTHORIZED', message: 'Not this run.' });
    expect((await failureOf(client().clock())).message).toBe(
      'GET /lab/clock answered 401: Not this run. (LAB_CONTROL_TOKEN must be the token the portal printed at its latest start)',
    );
  });

  it('names the first member of an answer that is off the contract', async () => {
    answerWith(200, { now: '2026-11-29T10:00:00.000Z', offsetSeconds: 'sixty' });
    expect((await failureOf(client().clock())).message).toBe(
      'GET /lab/clock answered off the lab control contract (protocol/lab-control.ts): /offsetSeconds must be number.',
    );
    answerWith(200, 'not json at all');
    expect((await failureOf(client().clock())).message).toBe(
      'GET /lab/clock answered off the lab control contract (protocol/lab-control.ts): the answer must be object.',
    );
    expect((await failureOf(client().clock())).status).toBeUndefined();
  });

  it('says the portal does not answer, with the cause, when nothing listens', async () => {
    const url = `http://127.0.0.1:${await findFreePort()}`;
    const error = await failureOf(new LabControlClient(url, 'run-token').clock());
    expect(error.message).toMatch(
      new RegExp(
        `^GET /lab/clock on ${url}: the portal does not answer \\(connect ECONNREFUSED 127\\.0\\.0\\.1:\\d+\\)\\.$`,
      ),
    );
    expect(error.status).toBeUndefined();
  });
});
