// The IB Key mobile API (protocol/README.md): JSON in, JSON out, errors as {error, message}.

import {
  AnswerRequest,
  AnswerResponse,
  EnrollRequest,
  EnrollResponse,
  ErrorResponse,
  MOBILE_API,
  PendingRequest,
  PendingResponse,
  ProtocolError,
} from '../../../protocol/index.ts';
import { redeemActivation } from '../activations.ts';
import type { SlsApp } from '../app-type.ts';
import type { SlsContext } from '../context.ts';
import { answerLoginTransaction, pendingLoginTransactions } from '../login-transactions.ts';

const errors = { '4xx': ErrorResponse };

export function registerMobileApi(app: SlsApp, context: SlsContext): void {
  // The portal accepts forms; the mobile API speaks JSON only.
  app.addHook('preValidation', async (request) => {
    if (
      request.url.startsWith('/sls/') &&
      !String(request.headers['content-type'] ?? '').startsWith('application/json')
    ) {
      throw new ProtocolError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.');
    }
  });
  app.post(
    MOBILE_API.enroll,
    { schema: { body: EnrollRequest, response: { 200: EnrollResponse, ...errors } } },
    (request) => redeemActivation(context, request.body, request.ip),
  );
  app.post(
    MOBILE_API.pending,
    { schema: { body: PendingRequest, response: { 200: PendingResponse, ...errors } } },
    (request) => pendingLoginTransactions(context, request.body),
  );
  app.post(
    MOBILE_API.answer,
    { schema: { body: AnswerRequest, response: { 200: AnswerResponse, ...errors } } },
    (request) => answerLoginTransaction(context, request.body),
  );
}
