// Serves the MSW handlers of third parties on a real loopback port, for clients in other
// processes (the simulated iPhone). A request names the third party's URL in the
// x-lab-original-url header; the handlers answer exactly as they do in-process.
// Handlers can be swapped per test with use()/resetHandlers(), like msw's setupServer.

import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getResponse, type RequestHandler } from 'msw';

export interface StartedGateway extends AsyncDisposable {
  url: string;
  use(...overrides: RequestHandler[]): void;
  resetHandlers(): void;
  /** Requests that no handler answered (a test should fail on them, like onUnhandledRequest: 'error'). */
  unhandled: string[];
  close(): Promise<void>;
}

export async function startThirdPartyGateway(handlers: RequestHandler[]): Promise<StartedGateway> {
  let overrides: RequestHandler[] = [];
  const unhandled: string[] = [];
  const server = createServer(async (incoming, outgoing) => {
    const original = incoming.headers['x-lab-original-url'];
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
    outgoing.writeHead(response.status, Object.fromEntries(response.headers));
    outgoing.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    use: (...more) => {
      overrides = [...more, ...overrides];
    },
    resetHandlers: () => {
      overrides = [];
    },
    unhandled,
    close,
    [Symbol.asyncDispose]: close,
  };
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
