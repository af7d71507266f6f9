// Starts the Client Portal + IB Key backend on a database that is already migrated.

import { readFileSync } from 'node:fs';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify from 'fastify';
import { BINARY_FORMATS } from '../../protocol/index.ts';
import type { SlsApp } from './app-type.ts';
import type { SlsConfig } from './config.ts';
import { createLimiters, type SlsContext } from './context.ts';
import { Database } from './database.ts';
import { answerClientError, answerFrameworkError, createErrorHandler } from './error-handler.ts';
import { LabClock } from './lab-clock.ts';
import { createPushSender } from './push-sender.ts';
import { registerLabControl } from './routes/lab-control.ts';
import { registerMobileApi } from './routes/mobile-api.ts';
import { registerPortalPages } from './routes/portal-pages.ts';
import { registerWellKnown } from './routes/well-known.ts';
import { loadServerKeys } from './server-keys.ts';
import { createSmsSender } from './sms-sender.ts';
import { StateChanges } from './state-changes.ts';
import { TestUserFactory } from './test-users.ts';
import { settleUnfinishedSends } from './unfinished-sends.ts';

const ASSETS = {
  '/assets/portal.js': {
    type: 'text/javascript; charset=utf-8',
    body: readFileSync(new URL('./assets/portal.js', import.meta.url)),
  },
  '/assets/portal.css': {
    type: 'text/css; charset=utf-8',
    body: readFileSync(new URL('./assets/portal.css', import.meta.url)),
  },
};

export interface StartedSlsServer extends AsyncDisposable {
  /** The portal's origin, e.g. http://127.0.0.1:41234. */
  readonly url: string;
  readonly clock: LabClock;
  readonly context: SlsContext;
  readonly app: SlsApp;
  readonly users: TestUserFactory;
  close(): Promise<void>;
}

export async function startSlsServer(
  config: SlsConfig,
  options: { clock?: LabClock; seed?: number } = {},
): Promise<StartedSlsServer> {
  const clock = options.clock ?? new LabClock();
  const db = new Database(config.databaseUrl);
  const log = config.log ?? (() => {});
  const app: SlsApp = Fastify({
    logger: false,
    bodyLimit: config.bodyLimit,
    // Reject what the schemas do not allow instead of quietly coercing or dropping it.
    ajv: {
      customOptions: {
        removeAdditional: false,
        coerceTypes: false,
        useDefaults: false,
        formats: { ...BINARY_FORMATS },
      },
    },
    // The answers' schemas (lab control API) use the same binary formats.
    serializerOpts: { ajv: { formats: { ...BINARY_FORMATS } } },
    // Refusals made before any route runs answer in the protocol's {error, message} shape too.
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
  }).withTypeProvider<TypeBoxTypeProvider>();

  const changes = new StateChanges();
  db.onWrite = () => changes.notify();
  clock.onAdvance(() => changes.notify());
  const context: SlsContext = {
    db,
    clock,
    config,
    keys: await loadServerKeys(db, clock.now(), config.secretsKey),
    push: createPushSender(config.apns),
    sms: createSmsSender(config.sms),
    limiters: createLimiters(clock, config.limits),
    inFlight: new Set(),
    lastPolls: new Map(),
    changes,
    portalBaseUrl: config.publicBaseUrl ?? '',
    log,
  };
  await settleUnfinishedSends(context);
  const users = new TestUserFactory(options.seed ?? Date.now() % 1_000_000);

  await app.register(cookie);
  await app.register(formbody, { bodyLimit: config.bodyLimit });
  app.setErrorHandler(createErrorHandler(context));
  app.setNotFoundHandler(async (request, reply) =>
    reply.code(404).send({
      error: 'NOT_FOUND',
      message: `Nothing is served at ${request.method} ${request.url.split('?')[0]}.`,
    }),
  );
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header(
      'content-security-policy',
      "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'",
    );
    return payload;
  });
  for (const [path, asset] of Object.entries(ASSETS)) {
    app.get(path, async (_request, reply) =>
      reply.type(asset.type).header('cache-control', 'max-age=300').send(asset.body),
    );
  }
  registerWellKnown(app, context);
  registerPortalPages(app, context);
  registerMobileApi(app, context);
  if (config.labMode) registerLabControl(app, context, users);

  let address: string;
  try {
    address = await app.listen({ host: config.host, port: config.port });
  } catch (cause) {
    await db.close();
    throw new Error(
      `The sls server could not listen on ${config.host}:${config.port}: ${(cause as Error).message}`,
    );
  }
  const url = address.replace('[::1]', '127.0.0.1');
  context.portalBaseUrl = config.publicBaseUrl ?? url;

  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    changes.close();
    await app.close();
    await Promise.allSettled([...context.inFlight]);
    await context.push.close();
    await db.close();
  };
  return { url, clock, context, app, users, close, [Symbol.asyncDispose]: close };
}
