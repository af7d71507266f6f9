// The phone's SMS: with a phone number and the lab's third-party gateway, the phone subscribes to
// the gateway's SMS stream for its number (GET <gateway>/lab/sms/stream?to=<E.164>), which sends
// what was sent before first, then each new message. Offline (Airplane Mode) the stream is closed,
// so messages wait at the gateway until the phone subscribes again.

import { readJsonEvents } from './event-stream.ts';
import type { Transcript } from './transcript.ts';

/** One SMS, as the gateway's stream gives it. */
export interface TextMessage {
  sid: string;
  to: string;
  from: string;
  body: string;
  at: string;
}

const FIELDS = ['sid', 'to', 'from', 'body', 'at'] as const;

const OPEN_WAIT_MS = 3000;

export class SmsConnection {
  #stream: AbortController | undefined;
  #online = true;
  #unavailableLogged = false;

  constructor(
    readonly gatewayUrl: string | undefined,
    readonly phoneNumber: string | undefined,
    private readonly deliver: (message: TextMessage) => void,
    private readonly transcript: Transcript,
  ) {}

  /** Whether this phone can get SMS at all: it needs a number and a gateway. */
  get configured(): boolean {
    return this.gatewayUrl !== undefined && this.phoneNumber !== undefined;
  }

  get subscribed(): boolean {
    return this.#stream !== undefined;
  }

  /**
   * Subscribes when the phone is online; resolves once the gateway accepted or refused the stream,
   * or after OPEN_WAIT_MS, so a gateway that holds back its answer cannot hold up the session.
   */
  async open(): Promise<void> {
    if (!this.#online || !this.configured) return;
    let timer: NodeJS.Timeout | undefined;
    const answered = this.#connect().then(() => true);
    const waited = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), OPEN_WAIT_MS);
    });
    if (!(await Promise.race([answered, waited])))
      this.transcript.add(
        'network',
        `the SMS stream of ${this.phoneNumber} has not answered within ${OPEN_WAIT_MS} ms; the phone keeps waiting for it`,
      );
    clearTimeout(timer);
  }

  async setOnline(online: boolean): Promise<void> {
    this.#online = online;
    if (!online) this.#disconnect();
    else await this.#connect();
  }

  close(): void {
    this.#disconnect();
  }

  #disconnect(): void {
    this.#stream?.abort();
    this.#stream = undefined;
  }

  async #connect(): Promise<void> {
    if (!this.configured || this.#stream) return;
    const controller = new AbortController();
    this.#stream = controller;
    const url = new URL(`${this.gatewayUrl!.replace(/\/+$/, '')}/lab/sms/stream`);
    url.searchParams.set('to', this.phoneNumber!);
    let response: Response;
    try {
      response = await fetch(url, { signal: controller.signal, headers: { accept: 'text/event-stream' } });
    } catch (error) {
      if (this.#stream === controller) this.#stream = undefined;
      if (!controller.signal.aborted)
        this.#unavailable(`the gateway did not answer (${(error as Error).message})`);
      return;
    }
    if (!response.ok || !response.body) {
      if (this.#stream === controller) this.#stream = undefined;
      await response.body?.cancel();
      this.#unavailable(
        response.status === 404
          ? 'the third-party gateway has no SMS stream (404)'
          : `the third-party gateway refused the SMS stream (${response.status})`,
      );
      return;
    }
    this.transcript.add('network', `subscribed to the SMS of ${this.phoneNumber}`);
    void this.#read(response.body, controller);
  }

  /** Written down once per session, so a lab without SMS does not fill the transcript. */
  #unavailable(why: string): void {
    if (this.#unavailableLogged) return;
    this.#unavailableLogged = true;
    this.transcript.add('network', `no SMS reach ${this.phoneNumber}: ${why}`);
  }

  async #read(body: ReadableStream<Uint8Array>, controller: AbortController): Promise<void> {
    try {
      await readJsonEvents(body, controller.signal, (data) => this.#received(data));
    } catch (error) {
      if (!controller.signal.aborted)
        this.transcript.add('network', `SMS stream lost: ${(error as Error).message}`);
    } finally {
      if (this.#stream === controller) this.#stream = undefined;
    }
  }

  #received(data: Record<string, unknown>): void {
    const missing = FIELDS.filter((field) => typeof data[field] !== 'string');
    if (missing.length > 0) {
      this.transcript.add('network', `an SMS event without ${missing.join(', ')} was ignored`);
      return;
    }
    this.deliver(data as unknown as TextMessage);
  }
}
