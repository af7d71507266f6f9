// The one small HTTP server the clients' tests talk to (the phone's portal, the lab control API):
// on loopback, it keeps every request it gets (method, path, headers, body as text) and answers each
// with the status and JSON body the test chose. And the error a call that should fail failed with.

import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface CannedAnswer {
  status: number;
  body: string;
}

export interface RecordingServer {
  /** http://127.0.0.1:port */
  url: string;
  /** Every request so far, oldest first; a test empties it with `requests.length = 0`. */
  requests: RecordedRequest[];
  /** How many connections clients opened (a client that keeps them alive opens one). */
  connections(): number;
  close(): Promise<void>;
}

/** Starts the server; each request is kept, then answered with what `answerTo` says (as JSON). */
export async function startRecordingServer(
  answerTo: (request: RecordedRequest) => CannedAnswer,
): Promise<RecordingServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer(async (incoming, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const request = {
      method: incoming.method ?? '',
      url: incoming.url ?? '',
      headers: incoming.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    };
    requests.push(request);
    const answer = answerTo(request);
    response.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
  });
  let connections = 0;
  server.on('connection', () => {
    connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    connections: () => connections,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** An answer with this status; a body that is not already text is sent as its JSON. */
export function cannedAnswer(status: number, body: unknown): CannedAnswer {
  return { status, body: typeof body === 'string' ? body : JSON.stringify(body) };
}

/** The error `call` failed with, checked to be a `kind` (`should` says what the call should have done). */
export async function rejectionOf<E extends Error>(
  call: Promise<unknown>,
  kind: abstract new (...args: never[]) => E,
  should: string,
): Promise<E> {
  const error = await call.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error, should).toBeInstanceOf(kind);
  return error as E;
}
