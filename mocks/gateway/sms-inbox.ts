// The texts a gateway's SMS API accepted, by number, for the phones that hold those numbers: what
// was sent before a phone subscribed is kept and handed over first, then each new one as it comes.

import type { SentSms } from '../handlers/index.ts';

/** One SMS as a phone receives it; `at` is when the gateway accepted it (ISO 8601, UTC). */
export interface ReceivedSms extends SentSms {
  at: string;
}

type Listener = (message: ReceivedSms) => void;

export class SmsInbox {
  readonly #messages: ReceivedSms[] = [];
  readonly #listeners = new Map<string, Set<Listener>>();

  deliver(message: SentSms): void {
    const received = { ...message, at: new Date().toISOString() };
    this.#messages.push(received);
    for (const listener of this.#listeners.get(message.to) ?? []) listener(received);
  }

  /** Every text to this number, oldest first. */
  sentTo(to: string): ReceivedSms[] {
    return this.#messages.filter((message) => message.to === to);
  }

  /** Calls `listener` with every earlier text to `to` after `afterSid` (all when absent), then each new one. */
  subscribe(to: string, listener: Listener, afterSid?: string): () => void {
    const earlier = this.sentTo(to);
    const resumeAt = afterSid ? earlier.findIndex((message) => message.sid === afterSid) + 1 : 0;
    for (const message of earlier.slice(resumeAt)) listener(message);
    const listeners = this.#listeners.get(to) ?? new Set();
    listeners.add(listener);
    this.#listeners.set(to, listeners);
    return () => listeners.delete(listener);
  }
}
