// The lab's control API, only with lab mode on and only for loopback callers: move the clock,
// create users in a given state, read a user's server state (secrets left out).

import { randomUUID } from 'node:crypto';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { recordGeneratedSecret } from '../../../common/index.ts';
import { generateKeyPairJwk, jwkThumbprint, ProtocolError } from '../../../protocol/index.ts';
import type { SlsApp } from '../app-type.ts';
import type { SlsContext } from '../context.ts';
import type { TestUserFactory } from '../test-users.ts';
import { createUser, findUserByUsername } from '../users.ts';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

const CreateUser = Type.Object(
  {
    username: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9._-]{1,64}$' })),
    password: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
    locale: Type.Optional(Type.Union([Type.Literal('fr-FR'), Type.Literal('en-US')])),
    device: Type.Optional(
      Type.Object(
        {
          state: Type.Union([Type.Literal('none'), Type.Literal('active')]),
          apnsToken: Type.Optional(
            Type.Union([Type.String({ pattern: '^(?:[0-9a-f]{2}){32,100}$' }), Type.Null()]),
          ),
          biometry: Type.Optional(
            Type.Union([Type.Literal('faceId'), Type.Literal('touchId'), Type.Literal('passcode')]),
          ),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export function registerLabControl(app: SlsApp, context: SlsContext, users: TestUserFactory): void {
  app.register(async (scope) => {
    const lab = scope.withTypeProvider<TypeBoxTypeProvider>();
    lab.addHook('onRequest', async (request, reply) => {
      if (!LOOPBACK.has(request.socket.remoteAddress ?? '')) {
        await reply
          .code(403)
          .send({ error: 'FORBIDDEN', message: 'The lab control API answers loopback callers only.' });
      }
    });

    // What a lab run against this portal from elsewhere needs to know to wire its phones.
    lab.get('/lab/endpoints', async () => ({ apnsDeviceUrl: context.config.apnsDeviceUrl ?? null }));

    lab.get('/lab/clock', async () => ({
      now: context.clock.now().toISOString(),
      offsetSeconds: context.clock.offsetSeconds,
    }));

    lab.post(
      '/lab/clock/advance',
      {
        schema: {
          body: Type.Object(
            { seconds: Type.Number({ minimum: 0, maximum: 315_360_000 }) },
            { additionalProperties: false },
          ),
        },
      },
      async (request) => {
        const now = context.clock.advance(request.body.seconds);
        return { now: now.toISOString(), offsetSeconds: context.clock.offsetSeconds };
      },
    );

    lab.post('/lab/users', { schema: { body: CreateUser } }, async (request, reply) => {
      const generated = users.next(request.body.locale);
      const data = {
        ...generated,
        username: request.body.username ?? generated.username,
        password: request.body.password ?? generated.password,
        displayName: request.body.displayName ?? generated.displayName,
      };
      if (await findUserByUsername(context.db.pool, data.username)) {
        throw new ProtocolError(
          'INVALID_REQUEST',
          `A user named "${data.username}" already exists; choose another username.`,
        );
      }
      const now = context.clock.now();
      const result = await context.db.transaction(async (tx) => {
        const user = await createUser(tx, data, now, context.config.scryptLogN);
        if (request.body.device?.state !== 'active') return { user, device: null };
        const key = await generateKeyPairJwk();
        recordGeneratedSecret('private-key', key.privateJwk.d);
        const deviceId = randomUUID();
        const apnsToken = request.body.device.apnsToken ?? null;
        await tx.query(
          `INSERT INTO devices (id, user_id, state, public_key, key_thumbprint, apns_token, model, os, app_version, biometry, activated_at)
           VALUES ($1, $2, 'active', $3, $4, $5, 'iPhone', 'iOS 18.0', '1.0', $6, $7)`,
          [
            deviceId,
            user.id,
            JSON.stringify(key.publicJwk),
            await jwkThumbprint(key.publicJwk),
            apnsToken,
            request.body.device.biometry ?? 'faceId',
            now,
          ],
        );
        return {
          user,
          device: {
            deviceId,
            privateKey: key.privateJwk,
            apnsToken,
            serverPublicKey: context.keys.publicKey,
          },
        };
      });
      return reply.code(201).send({
        user: {
          id: result.user.id,
          username: data.username,
          password: data.password,
          displayName: data.displayName,
          locale: data.locale,
        },
        device: result.device,
      });
    });

    lab.get(
      '/lab/users/:username/state',
      { schema: { params: Type.Object({ username: Type.String({ maxLength: 64 }) }) } },
      async (request, reply) => {
        const user = await findUserByUsername(context.db.pool, request.params.username);
        if (!user)
          return reply
            .code(404)
            .send({ error: 'UNKNOWN_USER', message: `No user is named "${request.params.username}".` });
        const [devices, activations, transactions, audit] = await Promise.all([
          context.db.query(
            `SELECT id, state, key_thumbprint, apns_token, model, os, app_version, biometry, activation_serial, activated_at, revoked_at
           FROM devices WHERE user_id = $1 ORDER BY activated_at`,
            [user.id],
          ),
          context.db.query(
            `SELECT serial, code, state, outcome, issued_at, expires_at, attempted_at, device_id FROM activations WHERE user_id = $1 ORDER BY issued_at`,
            [user.id],
          ),
          context.db.query(
            `SELECT txid, device_id, state, answered_by, push_outcome, push_detail, cr_failures, created_at, expires_at, answered_at
           FROM login_transactions WHERE user_id = $1 ORDER BY created_at`,
            [user.id],
          ),
          context.db.query(
            'SELECT at, kind, outcome, serial, txid, device_id, detail FROM audit_events WHERE user_id = $1 ORDER BY id',
            [user.id],
          ),
        ]);
        return {
          user: { id: user.id, username: user.username, displayName: user.display_name, locale: user.locale },
          devices,
          activations,
          transactions,
          audit,
        };
      },
    );
  });
}
