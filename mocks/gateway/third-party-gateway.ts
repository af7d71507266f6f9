// Serves the MSW handlers of third parties on a real loopback port, for clients in other
// processes (the sls server, the simulated iPhone). A request names the third party's URL in the
// x-lab-original-url header; the handlers answer exactly as they do in-process. Handlers can be
// swapped per test with use()/resetHandlers(), like msw's setupServer.
//
// The gateway also delivers the texts its SMS API accepted (201) to the phone with that number:
//
//   GET /lab/sms/stream?to=<E.164>        (no x-lab-original-url; encode "+" as %2B)
//
// answers 200 text/event-stream and keeps the connection open. Each text is one event, sent in the
// order the gateway accepted them, every earlier text to that number first, then each new one:
//
//   id: SM0123…                                       (the message sid)
//   data: {"sid":"SM0123…","to":"+15551234567","from":"+15005550006","body":"IBKR: your IB Key code is 123456","at":"2025-01-31T09:30:00.000Z"}
//
// `at` is when the gateway accepted the text (ISO 8601, UTC, wall clock). The events are unnamed
// (an EventSource's onmessage gets them); lines starting with ":" are comments to ignore. A client
// that reconnects with a Last-Event-ID header gets only the texts after that sid. A `to` that is
// not E.164 answers 400 {"error", "message"}. A text the SMS API refused (a fault set with use())
// is never delivered.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getResponse, type RequestHandler } from 'msw';
import { acceptedSms, E164 } from '../handlers/index.ts';
import { type ReceivedSms, SmsInbox } from './sms-inbox.ts';

export const SMS_STREAM_PATH = '/lab/sms/stream';

export interface StartedGateway extends AsyncDisposable {
  url: string;
  use(...overrides: RequestHandler[]): void;
  resetHandlers(): void;
  /** How many handlers use() added since the last resetHandlers() (0: the happy path). */
  overrideCount(): number;
  /** Requests that no handler answered (a test should fail on them, like onUnhandledRequest: 'error'). */
  unhandled: string[];
  /** The texts the SMS API accepted for this number, oldest first (what its SMS stream delivers). */
  smsSentTo(to: string): ReceivedSms[];
  close(): Promise<void>;
}

export async function startThirdPartyGateway(handlers: RequestHandler[]): Promise<StartedGateway> {
  let overrides: RequestHandler[] = [];
  const unhandled: string[] = [];
  const inbox = new SmsInbox();
  const streams = new Set<ServerResponse>();
  const server = createServer((incoming, outgoing) => {
    // A client that goes away mid-request (a sender's timeout) must not take the gateway's process down.
    answer(incoming, outgoing).catch((error: Error) => {
      if (outgoing.headersSent || outgoing.destroyed) return outgoing.destroy();
      outgoing.writeHead(502, { 'content-type': 'application/json' });
      outgoing.end(JSON.stringify({ error: `The gateway could not answer: ${error.message}.` }));
    });
  });
  async function answer(incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
    const original = incoming.headers['x-lab-original-url'];
    if (
      original === undefined &&
      new URL(incoming.url ?? '/', 'http://gateway').pathname === SMS_STREAM_PATH
    ) {
      streamSms(incoming, outgoing, inbox, streams);
      return;
    }
    if (typeof original !== 'string' || !URL.canParse(original)) {
      outgoing.writeHead(400, { 'content-type': 'application/json' });
      outgoing.end(JSON.stringify({ error: 'Send the third party URL in the x-lab-original-url header.' }));
      return;
    }
    const request = new Request(original, {
      method: incoming.method,
      headers: headersOf(incoming),
      body:
        incoming.method === 'GET' || incoming.method === 'HEAD'
          ? undefined
          : new Uint8Array(await bodyOf(incoming)),
    });
    const response = await getResponse([...overrides, ...handlers], request);
    if (!response) {
      unhandled.push(`${request.method} ${original}`);
      outgoing.writeHead(502, { 'content-type': 'application/json' });
      outgoing.end(JSON.stringify({ error: `No mock answers ${request.method} ${original}.` }));
      return;
    }
    const sms = await acceptedSms(request, response);
    if (sms) inbox.deliver(sms);
    outgoing.writeHead(response.status, Object.fromEntries(response.headers));
    outgoing.end(Buffer.from(await response.arrayBuffer()));
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const close = async () => {
    for (const stream of streams) stream.end();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  };
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    use: (...more) => {
      overrides = [...more, ...overrides];
    },
    resetHandlers: () => {
      overrides = [];
    },
    overrideCount: () => overrides.length,
    unhandled,
    smsSentTo: (to) => inbox.sentTo(to),
    close,
    [Symbol.asyncDispose]: close,
  };
}

function streamSms(
  incoming: IncomingMessage,
  outgoing: ServerResponse,
  inbox: SmsInbox,
  streams: Set<ServerResponse>,
): void {
  const query = new URL(incoming.url ?? '', 'http://gateway').searchParams;
  // A "+" sent unencoded arrives as a space; take it as the plus it was.
  const to = (query.get('to') ?? '').replace(/^ /, '+');
  if (incoming.method !== 'GET' || !E164.test(to)) {
    outgoing.writeHead(incoming.method === 'GET' ? 400 : 405, { 'content-type': 'application/json' });
    outgoing.end(
      JSON.stringify({
        error: 'BAD_SMS_STREAM',
        message:
          incoming.method === 'GET'
            ? `to=${JSON.stringify(to)} is not an E.164 number; ask for GET ${SMS_STREAM_PATH}?to=%2B15551234567.`
            : `Use GET ${SMS_STREAM_PATH}?to=<E.164>.`,
      }),
    );
    return;
  }
  outgoing.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-store',
    connection: 'keep-alive',
  });
  outgoing.write(': connected\n\n');
  streams.add(outgoing);
  const lastEventId = incoming.headers['last-event-id'];
  const unsubscribe = inbox.subscribe(
    to,
    (message) => outgoing.write(`id: ${message.sid}\ndata: ${JSON.stringify(message)}\n\n`),
    typeof lastEventId === 'string' ? lastEventId : undefined,
  );
  incoming.on('close', () => {
    unsubscribe();
    streams.delete(outgoing);
  });
}

function headersOf(incoming: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (name === 'x-lab-original-url' || name === 'host' || value === undefined) continue;
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

async function bodyOf(incoming: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
