// Turns every failure into a 4xx with an error code and a sentence (JSON for the mobile API and
// the lab API, a page for the portal). A 5xx means a bug in the lab, and says so, except a
// third party's failure the protocol names (SMS_FAILED, 502) and a database that does not answer
// (503 with Retry-After: the request may be tried again, the server keeps running).

import { maxHeaderSize, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { ConnectionError, FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { explainSchemaIssues, type SchemaIssue } from '../../common/index.ts';
import { ERROR_CODES, type ErrorBody, ProtocolError } from '../../protocol/index.ts';
import type { SlsContext } from './context.ts';
import { DATABASE_RETRY_AFTER_SECONDS, describeUnavailability, isDatabaseUnavailable } from './database.ts';
import { localeOf } from './routes/portal-pages.ts';
import { messagePage } from './views/pages.ts';

export function describeValidation(
  context: string,
  issues: SchemaIssue[],
): { code: 'INVALID_REQUEST' | 'BAD_ENCODING'; message: string } {
  const { issue, path, text } = explainSchemaIssues(issues);
  const where = [context, ...path].join('.');
  if (issue.keyword === 'format' && String(issue.params.format).startsWith('base64url-')) {
    const bytes = String(issue.params.format).slice('base64url-'.length);
    return {
      code: 'BAD_ENCODING',
      message: `${where} must be ${bytes} bytes in base64url (A-Z a-z 0-9 - _, no padding).`,
    };
  }
  return { code: 'INVALID_REQUEST', message: `${where} ${text}.` };
}

/** The database dropped the connection, is restarting or hangs: not the request's fault, nor a bug. */
function databaseUnavailable(error: Error): { status: 503; body: ErrorBody } | undefined {
  if (error instanceof ProtocolError || !isDatabaseUnavailable(error)) return undefined;
  return {
    status: 503,
    body: {
      error: 'UNAVAILABLE',
      message: `The lab's database is not answering (${describeUnavailability(error)}); the server is still running, try again in a few seconds.`,
      retryAfter: DATABASE_RETRY_AFTER_SECONDS,
    },
  };
}

function toErrorBody(error: FastifyError | ProtocolError): { status: number; body: ErrorBody } {
  if (error instanceof ProtocolError) return { status: error.status, body: error.toBody() };
  const unavailable = databaseUnavailable(error);
  if (unavailable) return unavailable;
  if (error.validation) {
    const { code, message } = describeValidation(
      error.validationContext ?? 'body',
      error.validation as SchemaIssue[],
    );
    return { status: 400, body: { error: code, message } };
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return {
        status: 413,
        body: { error: 'PAYLOAD_TOO_LARGE', message: 'The body is larger than the server accepts (16 KiB).' },
      };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        status: 415,
        body: { error: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send the body as application/json.' },
      };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return {
        status: 400,
        body: { error: 'INVALID_REQUEST', message: 'The body is empty; send a JSON object.' },
      };
  }
  if (error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
    return {
      status: 400,
      body: { error: 'INVALID_REQUEST', message: `The body is not valid JSON: ${error.message}.` },
    };
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500)
    return { status, body: { error: 'INVALID_REQUEST', message: error.message } };
  return {
    status: 500,
    body: {
      error: 'INTERNAL' as never,
      message: 'The lab server failed; this is a bug in the lab, see its log.',
    },
  };
}

export function createErrorHandler(context: SlsContext) {
  return async (error: FastifyError | ProtocolError, request: FastifyRequest, reply: FastifyReply) => {
    const { status, body } = toErrorBody(error);
    if (status === 503) context.log(`${request.method} ${request.url.split('?')[0]}: ${body.message}`);
    else if (status >= 500 && !(error instanceof ProtocolError))
      context.log(
        `${request.method} ${request.routeOptions.url ?? '?'} failed: ${error.stack ?? error.message}`,
      );
    if (body.retryAfter !== undefined) void reply.header('retry-after', String(body.retryAfter));
    const wantsPage =
      !request.url.startsWith('/sls/') && !request.url.startsWith('/lab/') && request.method !== 'GET';
    if (wantsPage) {
      const locale = localeOf(request);
      return reply
        .code(status)
        .type('text/html; charset=utf-8')
        .send(messagePage(locale, String(status), body.message));
    }
    return reply.code(status).send(body);
  };
}

export { ERROR_CODES };

/** The longest path parameter the router takes (Fastify's maxParamLength, left at its default). */
const MAX_PATH_PARAMETER = 100;

type Refusal = { status: number; body: { error: string; message: string } };

/**
 * Fastify's own refusals before any route or hook runs (its frameworkErrors option), in the
 * protocol's shape: a URL that cannot be decoded, a path parameter longer than the router takes.
 */
export function answerFrameworkError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const rawPath = request.raw.url?.split('?')[0] ?? '';
  const path = rawPath.length > MAX_PATH_PARAMETER ? `${rawPath.slice(0, MAX_PATH_PARAMETER)}…` : rawPath;
  const refusals: Record<string, Refusal> = {
    FST_ERR_MAX_PARAM_LENGTH: {
      status: 414,
      body: {
        error: 'URL_TOO_LONG',
        message: `A part of the path ${path} is longer than the ${MAX_PATH_PARAMETER} characters the server accepts.`,
      },
    },
    FST_ERR_BAD_URL: {
      status: 400,
      body: {
        error: 'INVALID_REQUEST',
        message: `The path ${path} is not a valid URL: a % must be followed by two hexadecimal digits.`,
      },
    },
  };
  const { status, body } = refusals[error.code] ?? {
    status: 500,
    body: { error: 'INTERNAL', message: 'The lab server failed; this is a bug in the lab, see its log.' },
  };
  void reply.code(status).type('application/json; charset=utf-8').send(body);
}

/**
 * What reaches the HTTP parser but is not a request it can read (Fastify's clientErrorHandler
 * option), in the protocol's shape: headers too large (431), a request that took too long to
 * arrive (408), anything else (400). Written on the socket, which then closes.
 */
export function answerClientError(error: ConnectionError, socket: Socket): void {
  // A connection the client reset has nothing left to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const refusals: Record<string, Refusal> = {
    HPE_HEADER_OVERFLOW: {
      status: 431,
      body: {
        error: 'HEADERS_TOO_LARGE',
        message: `The request headers are larger than the ${Math.round(maxHeaderSize / 1024)} KiB the server accepts; send fewer or smaller headers and cookies.`,
      },
    },
    ERR_HTTP_REQUEST_TIMEOUT: {
      status: 408,
      body: {
        error: 'REQUEST_TIMEOUT',
        message: 'The request did not arrive in full in time; send it again.',
      },
    },
  };
  const { status, body } = refusals[error.code] ?? {
    status: 400,
    body: {
      error: 'INVALID_REQUEST',
      message: `The request is not HTTP the server can read (${error.code}).`,
    },
  };
  const json = JSON.stringify(body);
  // An answer to HEAD has no body (RFC 9110 9.3.2): one would be read as the start of the next answer.
  const packet: unknown = error.rawPacket; // a Buffer at run time, whatever Fastify's type says
  const toHead = Buffer.isBuffer(packet) && packet.subarray(0, 5).toString('latin1') === 'HEAD ';
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${toHead ? '' : json}`,
    );
  }
  socket.destroy(error);
}
