// The W3C WebDriver commands the screen objects send many times a test (find, click, text, alert,
// execute), on the session WebdriverIO opened, as plain HTTP on kept-alive connections. Measured
// against the Appium server with the simulated iPhone: WebdriverIO spends 3-4 ms of the client's
// CPU on `$$(...).length` (it builds an element object with every command on it) and 0.7 ms on a
// bare command, where this spends 0.3-0.4 ms; a journey sends about 60 of them.

import http from 'node:http';
import https from 'node:https';
import { W3C_ELEMENT_KEY } from '../../common/index.ts';

/** A command can wait on the phone (a settle waits up to 2 s); longer means the server is stuck. */
const COMMAND_TIMEOUT_MS = 60_000;

/**
 * How a request goes for each scheme: its module, and connections kept alive between commands,
 * shared by the process's sessions (the server closes idle ones).
 */
const TRANSPORTS = {
  'http:': { request: http.request, agent: new http.Agent({ keepAlive: true }) },
  'https:': { request: https.request, agent: new https.Agent({ keepAlive: true }) },
};

/** The server refused a command: `error` is W3C's code ("no such element", "no such alert"...). */
export class WebDriverCommandError extends Error {
  override name = 'WebDriverCommandError';
  constructor(
    readonly command: string,
    readonly error: string,
    message: string,
  ) {
    super(`${command}: ${error}: ${message}`);
  }
}

/** Where a WebdriverIO session lives: its server's address and its id. */
export interface SessionAddress {
  readonly sessionId: string;
  readonly options: { protocol?: string; hostname?: string; port?: number; path?: string };
}

export class W3cSession {
  readonly #base: URL;
  readonly #transport: (typeof TRANSPORTS)['http:'];

  constructor(serverUrl: string, sessionId: string) {
    const base = new URL(serverUrl);
    base.pathname = `${base.pathname.replace(/\/$/, '')}/session/${encodeURIComponent(sessionId)}`;
    this.#base = base;
    this.#transport = TRANSPORTS[base.protocol === 'https:' ? 'https:' : 'http:'];
  }

  /** The session a WebdriverIO browser holds. */
  static of(driver: SessionAddress): W3cSession {
    const { protocol = 'http', hostname = '127.0.0.1', port, path = '/' } = driver.options;
    const host = hostname.includes(':') ? `[${hostname}]` : hostname;
    return new W3cSession(`${protocol}://${host}${port ? `:${port}` : ''}${path}`, driver.sessionId);
  }

  /** The ids of the elements with this accessibility id on the screen now (none: an empty list). */
  async findAll(accessibilityId: string): Promise<string[]> {
    const found = (await this.send('POST', '/elements', {
      using: 'accessibility id',
      value: accessibilityId,
    })) as Record<string, string>[];
    return found.map((element) => element[W3C_ELEMENT_KEY] ?? element.ELEMENT!);
  }

  click(elementId: string): Promise<unknown> {
    return this.send('POST', `/element/${encodeURIComponent(elementId)}/click`, {});
  }

  async text(elementId: string): Promise<string> {
    return (await this.send('GET', `/element/${encodeURIComponent(elementId)}/text`)) as string;
  }

  async isEnabled(elementId: string): Promise<boolean> {
    return (await this.send('GET', `/element/${encodeURIComponent(elementId)}/enabled`)) as boolean;
  }

  /** Clears the field, then types the text into it (WebdriverIO's setValue). */
  async setValue(elementId: string, text: string): Promise<void> {
    await this.send('POST', `/element/${encodeURIComponent(elementId)}/clear`, {});
    await this.send('POST', `/element/${encodeURIComponent(elementId)}/value`, { text });
  }

  /** The alert's text, or undefined when no alert is up. */
  async alertText(): Promise<string | undefined> {
    try {
      return (await this.send('GET', '/alert/text')) as string;
    } catch (error) {
      if (error instanceof WebDriverCommandError && error.error === 'no such alert') return undefined;
      throw error;
    }
  }

  /** A `mobile:` or `sim:` command with its named arguments, as WebdriverIO's execute sends it. */
  execute(script: string, args: Record<string, unknown> = {}): Promise<unknown> {
    return this.send('POST', '/execute/sync', { script, args: [args] });
  }

  /** One command; answers its `value`, or throws what the server said was wrong. */
  send(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    const command = `${method} ${path}`;
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const request = this.#transport.request(
        {
          agent: this.#transport.agent,
          protocol: this.#base.protocol,
          hostname: this.#base.hostname.replace(/^\[|\]$/g, ''),
          port: this.#base.port,
          path: this.#base.pathname + path,
          method,
          headers: payload
            ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
            : {},
          timeout: COMMAND_TIMEOUT_MS,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            try {
              resolve(answerOf(command, response.statusCode ?? 0, Buffer.concat(chunks).toString()));
            } catch (error) {
              reject(error);
            }
          });
        },
      );
      // The first rejection is the one told: a timeout's, before the error its destroy() causes.
      request.on('timeout', () => {
        reject(new Error(`${command}: the WebDriver server did not answer within ${COMMAND_TIMEOUT_MS} ms.`));
        request.destroy();
      });
      request.on('error', (error) =>
        reject(
          new Error(
            `${command}: the WebDriver server at ${this.#base.origin} did not answer (${error.message}).`,
          ),
        ),
      );
      request.end(payload);
    });
  }
}

function answerOf(command: string, status: number, text: string): unknown {
  let answer: { value?: unknown };
  try {
    answer = JSON.parse(text) as { value?: unknown };
  } catch {
    throw new WebDriverCommandError(
      command,
      `HTTP ${status}`,
      `the answer is not JSON: ${text.slice(0, 200)}`,
    );
  }
  const value = answer?.value as { error?: unknown; message?: unknown } | undefined;
  if (status >= 400 || (value && typeof value === 'object' && typeof value.error === 'string'))
    throw new WebDriverCommandError(
      command,
      typeof value?.error === 'string' ? value.error : `HTTP ${status}`,
      typeof value?.message === 'string' ? value.message : text.slice(0, 200),
    );
  return answer.value;
}
