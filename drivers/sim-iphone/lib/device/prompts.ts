// A user-facing flow (activation, approval, ...) runs as plain async code that stops at each
// question it asks the user (an alert, a biometric prompt). With instant timing, commands answer
// the question and then wait until the flow has reached its next question or its end, so every
// command leaves the phone settled. With realistic timing, as on a device, they do not: the flow
// goes on after the command has returned, and each question appears a moment after it is asked
// (timing.ts), so a client waits for the alert it expects.

import { Timing } from './timing.ts';

export type PromptKind =
  | 'notificationPermission'
  | 'faceIdUsage'
  | 'biometric'
  | 'passcode'
  | 'authCancelled'
  | 'appError';

export interface PromptButton {
  /** Stable accessibility id, e.g. "Allow". */
  name: string;
  /** What the user reads, in the session's language. */
  label: string;
  role: 'accept' | 'dismiss';
  /** The answer the flow receives when this button is tapped. */
  answer: string;
  /** False while the button cannot be tapped (the passcode's OK while the iPhone is disabled). */
  enabled?: boolean;
  /** Why it cannot be tapped, as the W3C error's sentence. */
  disabledReason?: string;
}

export interface Prompt {
  kind: PromptKind;
  title: string;
  message?: string;
  buttons: PromptButton[];
  /** A passcode prompt has a secure field the user types into. */
  textField?: { name: string; label: string; value: string; enabled?: boolean; disabledReason?: string };
  /** Shown under the title after a failed attempt ("Face ID Not Recognized"). */
  notice?: string;
  /** The notice's accessibility id: "AlertNotice" unless the notice says something else. */
  noticeId?: string;
  /** A picture above the title: the Face ID or Touch ID glyph of the biometric prompt. */
  glyph?: 'faceId' | 'touchId';
}

/** What the user did with a prompt: the button's answer, and what the text field held then. */
export interface PromptAnswer {
  answer: string;
  text: string;
}

/** An iOS permission alert: "Don't Allow" first, the button that grants it second. */
export function permissionPrompt(
  kind: 'notificationPermission' | 'faceIdUsage',
  text: { title: string; message: string; dontAllow: string; accept: string },
): Prompt {
  return {
    kind,
    title: text.title,
    message: text.message,
    buttons: [
      { name: text.dontAllow, label: text.dontAllow, role: 'dismiss', answer: 'deny' },
      { name: text.accept, label: text.accept, role: 'accept', answer: 'allow' },
    ],
  };
}

interface Pending {
  prompt: Prompt;
  resolve: (answered: PromptAnswer) => void;
}

const SETTLE_LIMIT_MS = 15_000;

export class FlowRunner {
  #pending: Pending | undefined;
  #running: Promise<void> | undefined;
  #settled: (() => void) | undefined;
  /** Counts abandoned flows: a question asked before an abandon is never shown after it. */
  #abandoned = 0;

  constructor(
    private readonly onError: (error: unknown) => void,
    private readonly timing: Timing = new Timing(),
  ) {}

  get prompt(): Prompt | undefined {
    return this.#pending?.prompt;
  }

  get busy(): boolean {
    return this.#running !== undefined;
  }

  /** Starts a flow and resolves once it waits for the user or has finished (at once with realistic timing). */
  async start(flow: () => Promise<void>): Promise<void> {
    if (this.#running)
      throw new Error('Another flow is still waiting for the user; answer or dismiss it first.');
    const settled = this.timing.realistic ? Promise.resolve() : this.#nextSettle();
    // The flow starts once it is the one running, so the questions it asks at once are shown.
    const run: Promise<void> = Promise.resolve()
      .then(flow)
      .catch((error: unknown) => {
        this.onError(error);
      })
      .finally(() => {
        if (this.#running !== run) return;
        this.#running = undefined;
        this.#pending = undefined;
        this.#settled?.();
      });
    this.#running = run;
    await settled;
  }

  /** Called by a flow: shows the prompt and waits for the user's answer. */
  async ask(prompt: Prompt): Promise<string> {
    return (await this.askWithText(prompt)).answer;
  }

  /** Like ask, for a prompt with a text field: also gives what the field held when answered. */
  askWithText(prompt: Prompt): Promise<PromptAnswer> {
    return new Promise((resolve) => {
      const abandoned = this.#abandoned;
      const show = () => {
        if (abandoned !== this.#abandoned || !this.#running) return;
        this.#pending = { prompt, resolve };
        this.#settled?.();
      };
      const delay = this.timing.ms('alert');
      if (delay) setTimeout(show, delay);
      else show();
    });
  }

  /** Drops the flow under way (its app was terminated or deleted): its alert goes, its answer never comes. */
  abandon(): void {
    this.#pending = undefined;
    this.#running = undefined;
    this.#abandoned += 1;
  }

  /** Replaces the visible prompt (e.g. to show a notice) without answering it. */
  update(change: Partial<Prompt>): void {
    if (this.#pending) this.#pending.prompt = { ...this.#pending.prompt, ...change };
  }

  /** Answers the prompt, then waits for the flow to settle again (not with realistic timing). */
  async answer(answer: string): Promise<void> {
    const pending = this.#pending;
    if (!pending) throw new Error('No prompt is waiting for an answer.');
    this.#pending = undefined;
    const settled = this.timing.realistic ? Promise.resolve() : this.#nextSettle();
    pending.resolve({ answer, text: pending.prompt.textField?.value ?? '' });
    await settled;
  }

  #nextSettle(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, SETTLE_LIMIT_MS);
      this.#settled = () => {
        clearTimeout(timer);
        this.#settled = undefined;
        resolve();
      };
    });
  }
}
