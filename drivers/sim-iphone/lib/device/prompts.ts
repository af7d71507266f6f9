// A user-facing flow (activation, approval, ...) runs as plain async code that stops at each
// question it asks the user (an alert, a biometric prompt). Commands answer the question and
// then wait until the flow has reached its next question or its end, so every driver command
// leaves the phone in a settled state: no client ever needs to sleep.

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

  constructor(private readonly onError: (error: unknown) => void) {}

  get prompt(): Prompt | undefined {
    return this.#pending?.prompt;
  }

  get busy(): boolean {
    return this.#running !== undefined;
  }

  /** Starts a flow and resolves once it waits for the user or has finished. */
  async start(flow: () => Promise<void>): Promise<void> {
    if (this.#running)
      throw new Error('Another flow is still waiting for the user; answer or dismiss it first.');
    const settled = this.#nextSettle();
    this.#running = flow()
      .catch((error: unknown) => {
        this.onError(error);
      })
      .finally(() => {
        this.#running = undefined;
        this.#pending = undefined;
        this.#settled?.();
      });
    await settled;
  }

  /** Called by a flow: shows the prompt and waits for the user's answer. */
  async ask(prompt: Prompt): Promise<string> {
    return (await this.askWithText(prompt)).answer;
  }

  /** Like ask, for a prompt with a text field: also gives what the field held when answered. */
  askWithText(prompt: Prompt): Promise<PromptAnswer> {
    return new Promise((resolve) => {
      this.#pending = { prompt, resolve };
      this.#settled?.();
    });
  }

  /** Replaces the visible prompt (e.g. to show a notice) without answering it. */
  update(change: Partial<Prompt>): void {
    if (this.#pending) this.#pending.prompt = { ...this.#pending.prompt, ...change };
  }

  /** Answers the prompt, then waits for the flow to settle again. */
  async answer(answer: string): Promise<void> {
    const pending = this.#pending;
    if (!pending) throw new Error('No prompt is waiting for an answer.');
    this.#pending = undefined;
    const settled = this.#nextSettle();
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
