// The IB Key mobile API (protocol/README.md): JSON in, JSON out, errors as {error, message}.

import type { FastifyRequest, HTTPMethods } from 'fastify';
import {
  AnswerRequest,
  AnswerResponse,
  EnrollRequest,
  EnrollResponse,
  ErrorResponse,
  KeyInvalidatedRequest,
  KeyInvalidatedResponse,
  MOBILE_API,
  PendingRequest,
  PendingResponse,
  ProtocolError,
  RecoveryCompleteRequest,
  RecoveryStartRequest,
  RecoveryStartResponse,
  RestoreRequest,
} from '../../../protocol/index.ts';
import { redeemActivation } from '../activations.ts';
import type { SlsApp } from '../app-type.ts';
import type { SlsContext } from '../context.ts';
import { reportKeyInvalidated, restoreDevice } from '../device-keys.ts';
import { answerLoginTransaction, pendingLoginTransactions } from '../login-transactions.ts';
import { completeRecovery, startRecovery } from '../recoveries.ts';

const errors = { '4xx': ErrorResponse };

/** The portal accepts forms; the mobile API speaks JSON only. */
async function jsonOnly(request: FastifyRequest): Promise<void> {
  if (!String(request.headers['content-type'] ?? '').startsWith('application/json'))
    throw new ProtocolError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.');
}

/** Every other method on a mobile API path: 405 with Allow, rather than "not found" or a media type. */
const OTHER_METHODS: HTTPMethods[] = ['GET', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

export function registerMobileApi(app: SlsApp, context: SlsContext): void {
  for (const url of Object.values(MOBILE_API)) {
    app.route({
      method: OTHER_METHODS,
      url,
      // Refused before the body is read: a PUT with an empty JSON body is a wrong method too.
      onRequest: async (request, reply) => {
        void reply.header('allow', 'POST');
        throw new ProtocolError(
          'METHOD_NOT_ALLOWED',
          `${url} takes POST with a JSON body, not ${request.method}.`,
        );
      },
      handler: async () => undefined,
    });
  }
  app.post(
    MOBILE_API.enroll,
    {
      preValidation: jsonOnly,
      schema: { body: EnrollRequest, response: { 200: EnrollResponse, ...errors } },
    },
    (request) => redeemActivation(context, request.body, request.ip),
  );
  app.post(
    MOBILE_API.pending,
    {
      preValidation: jsonOnly,
      schema: { body: PendingRequest, response: { 200: PendingResponse, ...errors } },
    },
    (request) => pendingLoginTransactions(context, request.body),
  );
  app.post(
    MOBILE_API.answer,
    {
      preValidation: jsonOnly,
      schema: { body: AnswerRequest, response: { 200: AnswerResponse, ...errors } },
    },
    (request) => answerLoginTransaction(context, request.body),
  );
  app.post(
    MOBILE_API.restore,
    {
      preValidation: jsonOnly,
      schema: { body: RestoreRequest, response: { 200: EnrollResponse, ...errors } },
    },
    (request) => restoreDevice(context, request.body),
  );
  app.post(
    MOBILE_API.keyInvalidated,
    {
      preValidation: jsonOnly,
      schema: { body: KeyInvalidatedRequest, response: { 200: KeyInvalidatedResponse, ...errors } },
    },
    (request) => reportKeyInvalidated(context, request.body),
  );
  app.post(
    MOBILE_API.recoveryStart,
    // SMS_FAILED is the one 5xx the mobile API answers on purpose: the SMS gateway failed, not the request.
    {
      preValidation: jsonOnly,
      schema: {
        body: RecoveryStartRequest,
        response: { 200: RecoveryStartResponse, ...errors, 502: ErrorResponse },
      },
    },
    (request) => startRecovery(context, request.body, request.ip),
  );
  app.post(
    MOBILE_API.recoveryComplete,
    {
      preValidation: jsonOnly,
      schema: { body: RecoveryCompleteRequest, response: { 200: EnrollResponse, ...errors } },
    },
    (request) => completeRecovery(context, request.body, request.ip),
  );
}
