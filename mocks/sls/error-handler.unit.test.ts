// The server's error handler on a bare Fastify app (no database): which code, status and sentence
// each kind of failure becomes, JSON for the APIs and a page for the portal's forms, Retry-After
// where the client may retry, and a log line for what is the lab's own bug.

import cookie from '@fastify/cookie';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { ProtocolError } from '../../protocol/index.ts';
import type { SlsContext } from './context.ts';
import { answerFrameworkError, createErrorHandler, describeValidation } from './error-handler.ts';

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** A Fastify app with the server's error handler and one route of each kind that throws `error`. */
async function appThrowing(error: unknown, logged: string[] = []) {
  app = Fastify({ frameworkErrors: answerFrameworkError, bodyLimit: 64 });
  await app.register(cookie);
  app.setErrorHandler(
    createErrorHandler({ log: (line: string) => logged.push(line) } as unknown as SlsContext),
  );
  for (const path of ['/sls/ibkey/v1/thing', '/lab/thing', '/login', '/thing/:id']) {
    app.post(path, async () => {
      throw error;
    });
    app.get(path, async () => {
      throw error;
    });
  }
  return app;
}

/** What the mobile API answers when its route throws `error`. */
async function apiAnswerTo(error: unknown, logged?: string[]) {
  const server = await appThrowing(error, logged);
  return server.inject({ method: 'POST', url: '/sls/ibkey/v1/thing' });
}

const fastifyError = (code: string, message: string, statusCode?: number) =>
  Object.assign(new Error(message), { code, ...(statusCode ? { statusCode } : {}) }) as FastifyError;

describe('the error handler', () => {
  it('answers a ProtocolError with its status and body, and Retry-After when it says when to retry', async () => {
    const answer = await apiAnswerTo(
      new ProtocolError('RATE_LIMITED', 'Too many attempts.', { retryAfter: 30 }),
    );
    expect(answer.statusCode).toBe(429);
    expect(answer.json()).toEqual({ error: 'RATE_LIMITED', message: 'Too many attempts.', retryAfter: 30 });
    expect(answer.headers['retry-after']).toBe('30');
  });

  it('sends no Retry-After when there is nothing to wait for', async () => {
    const answer = await apiAnswerTo(new ProtocolError('BAD_NONCE', 'Wrong nonce.'));
    expect(answer.statusCode).toBe(403);
    expect(answer.headers['retry-after']).toBeUndefined();
  });

  it("turns a database that does not answer into 503 UNAVAILABLE with Retry-After, and logs the request's path", async () => {
    const logged: string[] = [];
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const server = await appThrowing(refused, logged);
    const answer = await server.inject({ method: 'POST', url: '/lab/thing?secret=1' });
    expect(answer.statusCode).toBe(503);
    expect(answer.headers['retry-after']).toBe('5');
    expect(answer.json()).toEqual({
      error: 'UNAVAILABLE',
      message:
        "The lab's database is not answering (it refuses connections); the server is still running, try again in a few seconds.",
      retryAfter: 5,
    });
    expect(logged).toEqual([`POST /lab/thing: ${answer.json().message}`]);
  });

  it('keeps a ProtocolError that mentions a timeout as the protocol error, not a database outage', async () => {
    const answer = await apiAnswerTo(new ProtocolError('STALE_REQUEST', 'ts is outside the timeout window.'));
    expect(answer.statusCode).toBe(401);
    expect(answer.json().error).toBe('STALE_REQUEST');
  });

  it.each([
    ['FST_ERR_CTP_INVALID_MEDIA_TYPE', 415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.'],
    ['FST_ERR_CTP_EMPTY_JSON_BODY', 400, 'INVALID_REQUEST', 'The body is empty; send a JSON object.'],
    [
      'FST_ERR_CTP_BODY_TOO_LARGE',
      413,
      'PAYLOAD_TOO_LARGE',
      'The body is larger than the server accepts (16 KiB).',
    ],
    [
      'FST_ERR_CTP_INVALID_JSON_BODY',
      400,
      'INVALID_REQUEST',
      'The body is not valid JSON: Unexpected token.',
    ],
  ])("answers Fastify's %s with %i %s", async (code, status, error, message) => {
    const answer = await apiAnswerTo(fastifyError(code, 'Unexpected token', 400));
    expect(answer.statusCode).toBe(status);
    expect(answer.json()).toEqual({ error, message });
  });

  it('answers a body JSON.parse could not read as INVALID_REQUEST with its reason', async () => {
    const answer = await apiAnswerTo(new SyntaxError('Unexpected end of JSON input'));
    expect(answer.statusCode).toBe(400);
    expect(answer.json()).toEqual({
      error: 'INVALID_REQUEST',
      message: 'The body is not valid JSON: Unexpected end of JSON input.',
    });
  });

  it('keeps the status and sentence of another 4xx, as INVALID_REQUEST', async () => {
    const logged: string[] = [];
    const answer = await apiAnswerTo(fastifyError('FST_ERR_SOMETHING', 'Some 4xx sentence.', 422), logged);
    expect(answer.statusCode).toBe(422);
    expect(answer.json()).toEqual({ error: 'INVALID_REQUEST', message: 'Some 4xx sentence.' });
    expect(logged).toEqual([]);
  });

  it('keeps a 400 of its own as a 400, and turns a 5xx a plugin set into the 500 of a bug', async () => {
    const answer = await apiAnswerTo(fastifyError('FST_ERR_OTHER', 'A 400 sentence.', 400));
    expect(answer.statusCode).toBe(400);
    expect(answer.json()).toEqual({ error: 'INVALID_REQUEST', message: 'A 400 sentence.' });
    await app?.close();
    const failed = await apiAnswerTo(fastifyError('FST_ERR_PLUGIN', 'Upstream failed.', 502));
    expect(failed.statusCode).toBe(500);
    expect(failed.json().error).toBe('INTERNAL');
  });

  it("turns a schema's refusal into INVALID_REQUEST naming the field, or BAD_ENCODING for base64url", async () => {
    app = Fastify({ ajv: { customOptions: { formats: { 'base64url-64': /^[A-Za-z0-9_-]{86}$/ } } } });
    app.setErrorHandler(createErrorHandler({ log: () => undefined } as unknown as SlsContext));
    app.post(
      '/sls/ibkey/v1/signed',
      {
        schema: {
          body: {
            type: 'object',
            required: ['count', 'sig'],
            properties: { count: { type: 'integer' }, sig: { type: 'string', format: 'base64url-64' } },
          },
        },
      },
      async () => ({ ok: true }),
    );
    const wrongType = await app.inject({
      method: 'POST',
      url: '/sls/ibkey/v1/signed',
      payload: { count: 'three', sig: 'A'.repeat(86) },
    });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json()).toMatchObject({
      error: 'INVALID_REQUEST',
      message: expect.stringMatching(/^body\.count .+\.$/),
    });
    const badSig = await app.inject({
      method: 'POST',
      url: '/sls/ibkey/v1/signed',
      payload: { count: 3, sig: 'short' },
    });
    expect(badSig.statusCode).toBe(400);
    expect(badSig.json()).toEqual({
      error: 'BAD_ENCODING',
      message: 'body.sig must be 64 bytes in base64url (A-Z a-z 0-9 - _, no padding).',
    });
  });

  it("answers a bug with a 500 that says it is the lab's, and logs the route and stack", async () => {
    const logged: string[] = [];
    const server = await appThrowing(new TypeError('x is undefined'), logged);
    const answer = await server.inject({ method: 'GET', url: '/thing/42' });
    expect(answer.statusCode).toBe(500);
    expect(answer.json()).toEqual({
      error: 'INTERNAL',
      message: 'The lab server failed; this is a bug in the lab, see its log.',
    });
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/^GET \/thing\/:id failed: TypeError: x is undefined\n\s+at /);
  });

  it('does not log a 5xx the protocol names (SMS_FAILED is a third party failing)', async () => {
    const logged: string[] = [];
    const answer = await apiAnswerTo(new ProtocolError('SMS_FAILED', 'The gateway refused.'), logged);
    expect(answer.statusCode).toBe(502);
    expect(logged).toEqual([]);
  });

  it("answers a portal form's failure with a page in the visitor's language, and the APIs and GETs with JSON", async () => {
    const server = await appThrowing(new ProtocolError('BAD_LOGIN', 'Le mot de passe est faux.'));
    const form = await server.inject({
      method: 'POST',
      url: '/login',
      headers: { cookie: 'ibkl_lang=fr-FR' },
    });
    expect(form.statusCode).toBe(401);
    expect(form.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(form.body).toContain('<html lang="fr-FR">');
    expect(form.body).toContain('<h1>401</h1><p role="alert">Le mot de passe est faux.</p>');
    for (const [method, url] of [
      ['GET', '/login'],
      ['POST', '/sls/ibkey/v1/thing'],
      ['POST', '/lab/thing'],
    ] as const) {
      const answer = await server.inject({ method, url });
      expect(answer.headers['content-type'], `${method} ${url}`).toMatch(/^application\/json/);
      expect(answer.json(), `${method} ${url}`).toEqual({
        error: 'BAD_LOGIN',
        message: 'Le mot de passe est faux.',
      });
    }
  });
});

describe('describeValidation', () => {
  it('names a base64url field of the wrong length BAD_ENCODING, with the bytes it must have', () => {
    expect(
      describeValidation('body', [
        {
          keyword: 'format',
          instancePath: '/sig',
          params: { format: 'base64url-64' },
          message: 'must match format',
        },
      ]),
    ).toEqual({
      code: 'BAD_ENCODING',
      message: 'body.sig must be 64 bytes in base64url (A-Z a-z 0-9 - _, no padding).',
    });
  });

  it('calls any other schema problem INVALID_REQUEST, saying where', () => {
    const { code, message } = describeValidation('body', [
      {
        keyword: 'format',
        instancePath: '/at',
        params: { format: 'date-time' },
        message: 'must match format',
      },
    ]);
    expect(code).toBe('INVALID_REQUEST');
    expect(message).toMatch(/^body\.at .+\.$/);
  });
});

describe("Fastify's own refusals", () => {
  it('answers a path with a bad percent-encoding as INVALID_REQUEST, and a too long parameter as URL_TOO_LONG', async () => {
    const server = await appThrowing(new Error('never thrown'));
    const bad = await server.inject({ method: 'GET', url: '/thing/%zz' });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(bad.json()).toEqual({
      error: 'INVALID_REQUEST',
      message: 'The path /thing/%zz is not a valid URL: a % must be followed by two hexadecimal digits.',
    });
    const long = `/thing/${'a'.repeat(120)}`;
    const tooLong = await server.inject({ method: 'GET', url: long });
    expect(tooLong.statusCode).toBe(414);
    expect(tooLong.json()).toEqual({
      error: 'URL_TOO_LONG',
      message: `A part of the path ${long.slice(0, 100)}… is longer than the 100 characters the server accepts.`,
    });
  });
});
