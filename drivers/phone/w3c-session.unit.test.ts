// The W3C client against a server on loopback that answers as a WebDriver server does: what it
// sends, how it reads elements and errors, and what it says when the server is gone or answers
// something that is not WebDriver.

import { afterEach, describe, expect, it } from 'vitest';
import { type RecordingServer, startRecordingServer } from '../../protocol/test-support/recording-server.ts';
import { W3cSession, WebDriverCommandError } from './w3c-session.ts';

let server: RecordingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A server that records each request and answers with `answer(url)`: [status, body text]. */
async function webDriverServer(answer: (url: string) => [number, string]) {
  server = await startRecordingServer(({ url }) => {
    const [status, body] = answer(url);
    return { status, body };
  });
  const { url, requests, connections } = server;
  /** What it received, each body read as JSON. */
  const received = () =>
    requests.map(({ method, url, body }) => ({ method, url, body: body ? JSON.parse(body) : undefined }));
  return { url, received, connections };
}

const value = (answer: unknown) => JSON.stringify({ value: answer });

describe('W3cSession', () => {
  it("sends W3C's commands under the session's path, and reads elements by W3C's key or the older ELEMENT", async () => {
    const wd = await webDriverServer((url) =>
      url.endsWith('/elements')
        ? [200, value([{ 'element-6066-11e4-a52e-4f735466cecf': 'e1' }, { ELEMENT: 'e2' }])]
        : [200, value(url.endsWith('/text') ? 'Allow' : null)],
    );
    const session = W3cSession.of({
      sessionId: 's 1',
      options: {
        protocol: 'http',
        hostname: '127.0.0.1',
        port: Number(new URL(wd.url).port),
        path: '/wd/hub/',
      },
    });

    expect(await session.findAll('Allow')).toEqual(['e1', 'e2']);
    expect(await session.text('e1')).toBe('Allow');
    await session.setValue('e1', '123456');
    await session.execute('mobile: alert', { action: 'accept' });

    expect(wd.received()).toEqual([
      {
        method: 'POST',
        url: '/wd/hub/session/s%201/elements',
        body: { using: 'accessibility id', value: 'Allow' },
      },
      { method: 'GET', url: '/wd/hub/session/s%201/element/e1/text', body: undefined },
      { method: 'POST', url: '/wd/hub/session/s%201/element/e1/clear', body: {} },
      { method: 'POST', url: '/wd/hub/session/s%201/element/e1/value', body: { text: '123456' } },
      {
        method: 'POST',
        url: '/wd/hub/session/s%201/execute/sync',
        body: { script: 'mobile: alert', args: [{ action: 'accept' }] },
      },
    ]);
    // Kept alive: one connection for every command.
    expect(wd.connections()).toBe(1);
  });

  it("throws the server's W3C error with the command it answered, and reads 'no such alert' as no alert", async () => {
    const wd = await webDriverServer((url) =>
      url.endsWith('/alert/text')
        ? [404, value({ error: 'no such alert', message: 'No alert is up', stacktrace: '' })]
        : [404, value({ error: 'no such element', message: 'No element "Done" on the screen' })],
    );
    const session = new W3cSession(wd.url, 'abc');

    expect(await session.alertText()).toBeUndefined();
    const refused = await session.click('gone').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(WebDriverCommandError);
    expect(refused).toMatchObject({
      error: 'no such element',
      message: 'POST /element/gone/click: no such element: No element "Done" on the screen',
    });
  });

  it('says what came back when the answer is not WebDriver JSON, or an error arrives with a 200', async () => {
    const wd = await webDriverServer((url) =>
      url.endsWith('/element/e1/text')
        ? [502, '<html>Bad gateway</html>']
        : [200, value({ error: 'unknown error', message: 'The phone fell over' })],
    );
    const session = new W3cSession(wd.url, 'abc');

    await expect(session.text('e1')).rejects.toThrow(
      'GET /element/e1/text: HTTP 502: the answer is not JSON: <html>Bad gateway</html>',
    );
    await expect(session.alertText()).rejects.toThrow('GET /alert/text: unknown error: The phone fell over');
  });

  it('names the server it could not reach', async () => {
    const wd = await webDriverServer(() => [200, value(null)]);
    await server!.close();
    server = undefined;

    await expect(new W3cSession(wd.url, 'abc').isEnabled('e1')).rejects.toThrow(
      `GET /element/e1/enabled: the WebDriver server at ${wd.url} did not answer (connect ECONNREFUSED`,
    );
  });
});
