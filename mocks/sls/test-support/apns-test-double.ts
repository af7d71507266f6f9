// A stand-in for APNs in the server's own tests: a real HTTP/2 TLS server that records each
// provider-API request and answers as told per device token. (The full simulator is mocks/apns.)

import { createSecureServer, type Http2SecureServer, type IncomingHttpHeaders } from 'node:http2';
import type { AddressInfo } from 'node:net';
import selfsigned from 'selfsigned';

export interface RecordedPush {
  token: string;
  headers: IncomingHttpHeaders;
  payload: Record<string, unknown>;
}

export type TokenBehaviour = { status: number; reason?: string } | 'no-answer';

export interface ApnsTestDouble extends AsyncDisposable {
  address: string;
  ca: string;
  received: RecordedPush[];
  behave(token: string, behaviour: TokenBehaviour): void;
  close(): Promise<void>;
}

export async function startApnsTestDouble(): Promise<ApnsTestDouble> {
  const pems = await selfsigned.generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType: 'ec',
    curve: 'P-256',
    notAfterDate: new Date(Date.now() + 2 * 86_400_000),
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  });
  const received: RecordedPush[] = [];
  const behaviours = new Map<string, TokenBehaviour>();
  const server: Http2SecureServer = createSecureServer({
    key: pems.private,
    cert: pems.cert,
    allowHTTP1: false,
  });
  server.on('stream', (stream, headers) => {
    const token = String(headers[':path'] ?? '').replace('/3/device/', '');
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      received.push({ token, headers, payload: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') });
      const behaviour = behaviours.get(token) ?? { status: 200 };
      if (behaviour === 'no-answer') return;
      stream.respond({ ':status': behaviour.status, 'apns-id': crypto.randomUUID() });
      stream.end(
        behaviour.reason ? JSON.stringify({ reason: behaviour.reason, timestamp: Date.now() }) : undefined,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const close = () =>
    new Promise<void>((resolve) => {
      // Streams left unanswered on purpose must not keep the server open.
      server.close(() => resolve());
      for (const session of sessions) session.destroy();
    });
  const sessions = new Set<import('node:http2').ServerHttp2Session>();
  server.on('session', (session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
  });
  return {
    address: `127.0.0.1:${port}`,
    ca: pems.cert,
    received,
    behave: (token, behaviour) => behaviours.set(token, behaviour),
    close,
    [Symbol.asyncDispose]: close,
  };
}
