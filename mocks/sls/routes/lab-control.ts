// The lab's control API, only with lab mode on and only for the run's own tools (the guard: a
// loopback caller addressing this server, JSON, the run's token): move the clock, create users in
// a given state, read a user's server state (secrets left out).

import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type pg from 'pg';
import { recordGeneratedSecret } from '../../../common/index.ts';
import {
  generateKeyPairJwk,
  jwkThumbprint,
  LabControlErrorBody,
  LAB_CONTROL_ROUTES as ROUTES,
  type UserState,
} from '../../../protocol/index.ts';
import type { SlsApp } from '../app-type.ts';
import type { SlsContext } from '../context.ts';
import { labControlGuard } from '../lab-control-guard.ts';
import type { TestUserFactory } from '../test-users.ts';
import { createUser, findUserByUsername } from '../users.ts';

/** A timestamp column as the contract carries it: ISO 8601 in UTC, as JSON.stringify writes a Date. */
const iso = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS ${column}`;

/** The users table refused a second row with the same username (a concurrent create won). */
function isUsernameTaken(error: unknown): boolean {
  const pgError = error as { code?: string; table?: string };
  return pgError.code === '23505' && pgError.table === 'users';
}

export function registerLabControl(app: SlsApp, context: SlsContext, users: TestUserFactory): void {
  app.register(async (scope) => {
    const lab = scope.withTypeProvider<TypeBoxTypeProvider>();
    lab.addHook(
      'onRequest',
      labControlGuard(() => ({
        token: context.config.labControlToken,
        port: (app.server.address() as AddressInfo | null)?.port,
        publicBaseUrl: context.config.publicBaseUrl,
      })),
    );

    // What a lab run against this portal from elsewhere needs to know to wire its phones.
    lab.get(ROUTES.endpoints.url, { schema: { response: { 200: ROUTES.endpoints.answer } } }, async () => ({
      apnsDeviceUrl: context.config.apnsDeviceUrl ?? null,
    }));

    lab.get(ROUTES.clock.url, { schema: { response: { 200: ROUTES.clock.answer } } }, async () => ({
      now: context.clock.now().toISOString(),
      offsetSeconds: context.clock.offsetSeconds,
    }));

    lab.post(
      ROUTES.advanceClock.url,
      { schema: { body: ROUTES.advanceClock.body, response: { 200: ROUTES.advanceClock.answer } } },
      async (request) => {
        const now = context.clock.advance(request.body.seconds);
        return { now: now.toISOString(), offsetSeconds: context.clock.offsetSeconds };
      },
    );

    lab.post(
      ROUTES.createUser.url,
      {
        schema: {
          body: ROUTES.createUser.body,
          response: { 201: ROUTES.createUser.answer, 409: LabControlErrorBody },
        },
      },
      async (request, reply) => {
        const generated = users.next(request.body.locale);
        const data = {
          ...generated,
          username: request.body.username ?? generated.username,
          password: request.body.password ?? generated.password,
          displayName: request.body.displayName ?? generated.displayName,
          phone: request.body.phone === undefined ? generated.phone : request.body.phone,
        };
        const taken = () =>
          reply.code(409).send({
            error: 'USERNAME_TAKEN',
            message: `A user named "${data.username}" already exists; choose another username.`,
          });
        if (await findUserByUsername(context.db.pool, data.username)) return taken();
        const now = context.clock.now();
        // Two creates of one name at once both pass the look-up above; the unique index decides.
        const result = await context.db
          .transaction(async (tx) => {
            const user = await createUser(tx, data, now, context.config.scryptLogN);
            if (request.body.device?.state !== 'active') return { user, device: null };
            const key = await generateKeyPairJwk();
            recordGeneratedSecret('private-key', key.privateJwk.d);
            const deviceId = randomUUID();
            const apnsToken = request.body.device.apnsToken ?? null;
            const keyState = request.body.device.keyState ?? 'usable';
            await tx.query(
              `INSERT INTO devices (id, user_id, state, public_key, key_thumbprint, apns_token, model, os, app_version, biometry,
                                  activated_at, key_state, key_invalidated_at)
           VALUES ($1, $2, 'active', $3, $4, $5, 'iPhone', 'iOS 18.0', '1.0', $6, $7, $8, $9)`,
              [
                deviceId,
                user.id,
                JSON.stringify(key.publicJwk),
                await jwkThumbprint(key.publicJwk),
                apnsToken,
                request.body.device.biometry ?? 'faceId',
                now,
                keyState,
                keyState === 'invalidated' ? now : null,
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
          })
          .catch((error: unknown) => {
            if (isUsernameTaken(error)) return undefined;
            throw error;
          });
        if (!result) return taken();
        return reply.code(201).send({
          user: {
            id: result.user.id,
            username: data.username,
            password: data.password,
            displayName: data.displayName,
            locale: data.locale,
            phone: data.phone,
          },
          device: result.device,
        });
      },
    );

    lab.get(
      ROUTES.userState.url,
      {
        schema: {
          params: ROUTES.userState.params,
          response: { 200: ROUTES.userState.answer, 404: LabControlErrorBody },
        },
      },
      async (request, reply) => {
        // One snapshot on one connection: the five lists agree with each other, and a read does not
        // open five connections on a machine where opening one is slow.
        const state = await context.db.snapshot(async (tx) => {
          const user = await findUserByUsername(tx, request.params.username);
          if (!user) return undefined;
          const rowsOf = async <Row extends pg.QueryResultRow>(sql: string) =>
            (await tx.query<Row>(sql, [user.id])).rows;
          const [devices, activations, transactions, recoveries, audit] = await Promise.all([
            rowsOf<UserState['devices'][number]>(
              `SELECT id, state, key_thumbprint, apns_token, model, os, app_version, biometry, activation_serial,
                    recovery_id, ${iso('activated_at')}, ${iso('revoked_at')}, revoked_reason, replaced_by,
                    key_state, ${iso('key_invalidated_at')}
             FROM devices WHERE user_id = $1 ORDER BY devices.activated_at`,
            ),
            rowsOf<UserState['activations'][number]>(
              `SELECT serial, code, state, outcome, ${iso('issued_at')}, ${iso('expires_at')}, ${iso('attempted_at')}, device_id
             FROM activations WHERE user_id = $1 ORDER BY activations.issued_at`,
            ),
            rowsOf<UserState['transactions'][number]>(
              `SELECT txid, device_id, state, answered_by, push_outcome, push_detail, cr_failures,
                    ${iso('created_at')}, ${iso('expires_at')}, ${iso('answered_at')}
             FROM login_transactions WHERE user_id = $1 ORDER BY login_transactions.created_at`,
            ),
            rowsOf<UserState['recoveries'][number]>(
              `SELECT id, purpose, state, outcome, attempts_left, phone_hint, sms_sid, replaces_device_id, new_device_id,
                    ${iso('created_at')}, ${iso('expires_at')}, ${iso('completed_at')}
             FROM recoveries WHERE user_id = $1 ORDER BY recoveries.created_at`,
            ),
            rowsOf<UserState['audit'][number]>(
              `SELECT ${iso('at')}, kind, outcome, serial, txid, device_id, detail FROM audit_events WHERE user_id = $1 ORDER BY id`,
            ),
          ]);
          return {
            user: {
              id: user.id,
              username: user.username,
              displayName: user.display_name,
              locale: user.locale,
              phone: user.phone,
            },
            devices,
            activations,
            transactions,
            recoveries,
            audit,
          };
        });
        if (!state)
          return reply
            .code(404)
            .send({ error: 'UNKNOWN_USER', message: `No user is named "${request.params.username}".` });
        return state;
      },
    );
  });
}
