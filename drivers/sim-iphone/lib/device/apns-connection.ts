// The phone's side of APNs: it registers with the lab's APNs simulator for a device token, then
// keeps a stream open on which the simulator delivers notifications. Offline (Airplane Mode) the
// stream is closed and the simulator holds what arrives until the phone is back.

import { readJsonEvents } from './event-stream.ts';
import type { Transcript } from './transcript.ts';

export class ApnsConnection {
  #token: string | undefined;
  #stream: AbortController | undefined;
  #online = true;

  constructor(
    readonly simulatorUrl: string | undefined,
    private readonly deliver: (payload: Record<string, unknown>) => void,
    private readonly transcript: Transcript,
  ) {}

  get configured(): boolean {
    return this.simulatorUrl !== undefined;
  }

  get token(): string | undefined {
    return this.#token;
  }

  /**
   * Like iOS, an app install keeps its device token: registering again answers the same one. Only
   * a reinstalled app (see forget) gets a new token.
   */
  async register(topic: string): Promise<string> {
    if (this.#token) {
      if (this.#online) await this.#connect();
      return this.#token;
    }
    const response = await fetch(new URL('/devices', this.simulatorUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ topic }),
    });
    if (!response.ok)
      throw new Error(
        `The APNs simulator refused to register the phone: ${response.status} ${await response.text()}`,
      );
    const { token } = (await response.json()) as { token: string };
    this.#token = token;
    this.transcript.add('network', `registered with APNs for ${topic}`, { token: `${token.slice(0, 8)}…` });
    if (this.#online) await this.#connect();
    return token;
  }

  async setOnline(online: boolean): Promise<void> {
    this.#online = online;
    if (!online) this.#disconnect();
    else if (this.#token) await this.#connect();
  }

  /** The app was deleted: its token and delivery stream go with it. */
  forget(): void {
    this.#disconnect();
    this.#token = undefined;
  }

  async close(): Promise<void> {
    this.#disconnect();
  }

  #disconnect(): void {
    this.#stream?.abort();
    this.#stream = undefined;
  }

  /** Opens the delivery stream and resolves once the simulator has accepted it. */
  async #connect(): Promise<void> {
    if (!this.#token || this.#stream) return;
    const controller = new AbortController();
    this.#stream = controller;
    const response = await fetch(new URL(`/devices/${this.#token}/stream`, this.simulatorUrl), {
      signal: controller.signal,
    });
    if (!response.ok || !response.body)
      throw new Error(`The APNs simulator refused the delivery stream: ${response.status}`);
    void this.#read(response.body, controller.signal);
  }

  async #read(body: ReadableStream<Uint8Array>, signal: AbortSignal): Promise<void> {
    try {
      await readJsonEvents(body, signal, this.deliver);
    } catch (error) {
      if (!signal.aborted) this.transcript.add('network', `APNs stream lost: ${(error as Error).message}`);
    }
  }
}
