// Who may use the lab control API (/lab/...): a lab tool on this machine that knows the run's
// token, never a web page the tester happens to visit. The socket must be loopback; the Host must
// name this server (a page that renamed itself by DNS rebinding names its own host); an Origin,
// when sent, must be this server's; the body must be JSON (a page can post a form anywhere, but
// not JSON without asking first); and every request carries the run's token.

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { recordGeneratedSecret } from '../../common/index.ts';

/** A fresh token for one run of a portal: 32 random bytes, base64url. */
export function newLabControlToken(): string {
  const token = randomBytes(32).toString('base64url');
  // The report tests check that no report or trace carries it.
  recordGeneratedSecret('control-token', token);
  return token;
}

export interface LabControlRequest {
  socketAddress: string | undefined;
  method: string;
  host: string | undefined;
  origin: string | undefined;
  /** What a browser says about where the request comes from (Fetch Metadata). */
  fetchSite: string | undefined;
  authorization: string | undefined;
  contentType: string | undefined;
}

export interface LabControlServer {
  token: string;
  /** The port the server listens on. */
  port: number | undefined;
  /** The origin phones reach the portal at, when it is not a loopback address (config.publicBaseUrl). */
  publicBaseUrl?: string | undefined;
}

export interface LabControlRefusal {
  status: 401 | 403 | 415;
  error: 'UNAUTHORIZED' | 'FORBIDDEN' | 'UNSUPPORTED_MEDIA_TYPE';
  message: string;
}

const LOOPBACK_ADDRESSES = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];
const HOST_SYNTAX = /^(?:\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::\d{1,5})?$/;
const BODILESS = new Set(['GET', 'HEAD']);

/** Why this request may not use the control API, or undefined when it may. */
export function labControlRefusal(
  request: LabControlRequest,
  server: LabControlServer,
): LabControlRefusal | undefined {
  if (!LOOPBACK_ADDRESSES.has(request.socketAddress ?? ''))
    return forbidden('The lab control API answers loopback callers only.');
  const hosts = hostsOf(server);
  const host = request.host?.toLowerCase();
  if (!host || !HOST_SYNTAX.test(host) || !hosts.has(host))
    return forbidden(
      `The lab control API answers requests addressed to this server only (Host ${[...hosts].join(', ')}), ` +
        `not to ${host ? `"${host.slice(0, 100)}"` : 'no Host'}.`,
    );
  if (request.origin !== undefined && !originsOf(hosts, server).has(request.origin.toLowerCase()))
    return forbidden(
      `The lab control API takes no requests from web pages of another origin (Origin "${request.origin.slice(0, 100)}").`,
    );
  if (request.fetchSite !== undefined && !['same-origin', 'none'].includes(request.fetchSite))
    return forbidden(
      `The lab control API takes no requests from web pages of another site (Sec-Fetch-Site "${request.fetchSite.slice(0, 30)}").`,
    );
  const token = /^Bearer +(\S+)$/i.exec(request.authorization ?? '')?.[1];
  if (!token)
    return unauthorized(
      "The lab control API needs this run's token: send Authorization: Bearer <token> " +
        '(npm run serve prints it; a lab pointed at this portal takes it from LAB_CONTROL_TOKEN).',
    );
  if (!sameSecret(token, server.token))
    return unauthorized(
      "The token is not this run's: a portal makes a new one each time it starts (npm run serve prints it).",
    );
  if (!BODILESS.has(request.method.toUpperCase()) && mediaTypeOf(request.contentType) !== 'application/json')
    return {
      status: 415,
      error: 'UNSUPPORTED_MEDIA_TYPE',
      message: 'The lab control API takes JSON only: send the body as application/json.',
    };
  return undefined;
}

/** The Fastify hook that answers a refused request before its body is read. */
export function labControlGuard(server: () => LabControlServer) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const header = (name: string) => {
      const value = request.headers[name];
      return Array.isArray(value) ? value.join(',') : value;
    };
    const refusal = labControlRefusal(
      {
        socketAddress: request.socket.remoteAddress,
        method: request.method,
        host: header('host'),
        origin: header('origin'),
        fetchSite: header('sec-fetch-site'),
        authorization: header('authorization'),
        contentType: header('content-type'),
      },
      server(),
    );
    if (!refusal) return;
    if (refusal.status === 401) void reply.header('www-authenticate', 'Bearer realm="ibkey-lab control"');
    await reply.code(refusal.status).send({ error: refusal.error, message: refusal.message });
  };
}

function hostsOf(server: LabControlServer): Set<string> {
  const hosts = new Set<string>();
  if (server.port !== undefined)
    for (const name of LOOPBACK_NAMES) {
      hosts.add(`${name}:${server.port}`);
      if (server.port === 80) hosts.add(name);
    }
  if (server.publicBaseUrl && URL.canParse(server.publicBaseUrl))
    hosts.add(new URL(server.publicBaseUrl).host.toLowerCase());
  return hosts;
}

function originsOf(hosts: Set<string>, server: LabControlServer): Set<string> {
  const origins = new Set([...hosts].map((host) => `http://${host}`));
  if (server.publicBaseUrl && URL.canParse(server.publicBaseUrl))
    origins.add(new URL(server.publicBaseUrl).origin.toLowerCase());
  return origins;
}

function mediaTypeOf(contentType: string | undefined): string | undefined {
  return contentType?.split(';')[0]?.trim().toLowerCase();
}

/** Compares in constant time whatever the lengths, so the answer's timing says nothing of the token. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function forbidden(message: string): LabControlRefusal {
  return { status: 403, error: 'FORBIDDEN', message };
}

function unauthorized(message: string): LabControlRefusal {
  return { status: 401, error: 'UNAUTHORIZED', message };
}
