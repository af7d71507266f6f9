// The Screenplay vocabulary, kept to plain functions: a customer (a browser page and a phone)
// attempts tasks; support asks questions about the server's state. Every task runs as a boxed
// Playwright step, so a failure points at the scenario line, with both screens attached.

import { type Page, type TestInfo, type TestStepInfo, test } from '@playwright/test';
import type { Biometry, PhoneScreen, PhoneScreens, ScanOutcome } from '../../drivers/phone/index.ts';
import { PageEvidence, type PortalPages } from '../../drivers/portal/index.ts';
import type { StartedLab } from '../../lab/index.ts';
import type { Locale } from '../../product/index.ts';
import type { UserState } from '../../protocol/index.ts';
import { EVIDENCE_STEP } from '../../reports/lab-overhead.ts';

export interface Account {
  username: string;
  password: string;
  displayName: string;
  /** Where the portal texts recovery codes (E.164); the customer's phones have this number. */
  phone: string | null;
}

/** A step's title in each language: the report titles a task in the customer's language. */
export type StepTitle = Record<Locale, string>;

export interface Task {
  title: StepTitle;
  performAs(customer: Customer): Promise<void>;
}

export interface Question<T> {
  description: string;
  answeredBy(support: Support): Promise<T>;
}

/** A task titled in English and in French (the article's language). */
export function task(
  english: string,
  french: string,
  performAs: (customer: Customer) => Promise<void>,
): Task {
  return { title: { 'en-US': english, 'fr-FR': french }, performAs };
}

export function question<T>(description: string, answeredBy: (support: Support) => Promise<T>): Question<T> {
  return { description, answeredBy };
}

/** What a task leaves for a later task or check, by name and type. */
export interface CustomerNotes {
  /** What the phone made of the last picture it was shown. */
  scan: ScanOutcome;
  /** How many SMS the phone had before the portal was asked to text a code. */
  messagesSeen: number;
  /** IBKR Mobile came from the App Store in this test and has not been opened since (step 7). */
  installedNotOpened: boolean;
  /** The activation link opened IBKR Mobile: the biometrics that follow are step 10's. */
  activating: boolean;
}

/** Typed notes (Serenity/JS's notes<T>()): a spec reads back exactly the type a task wrote. */
export class Notes<Shape> {
  readonly #values: Partial<Shape> = {};

  set<Name extends keyof Shape>(name: Name, value: Shape[Name]): void {
    this.#values[name] = value;
  }

  get<Name extends keyof Shape>(name: Name): Shape[Name] | undefined {
    return this.#values[name];
  }
}

export class Customer {
  readonly notes = new Notes<CustomerNotes>();
  /** The portal's last screenshot and what the page held then (see #portalScreen). */
  #lastPortal: { state: string; png: Buffer } | undefined;
  readonly #portalEvidence: PageEvidence;
  /** The phone's last screen in the report, and which phone it was (see #phoneScreen). */
  #lastPhone: { phone: PhoneScreens; screen: PhoneScreen } | undefined;

  constructor(
    readonly portal: Page,
    readonly pages: PortalPages,
    public phone: PhoneScreens,
    readonly account: Account,
    public biometry: Biometry,
    public passcode: string,
    readonly lab: StartedLab,
    private readonly testInfo: TestInfo,
  ) {
    this.#portalEvidence = new PageEvidence(portal);
  }

  /** The customer now uses another phone (the new iPhone IB Key moves to), with its own biometry. */
  switchesTo(phone: PhoneScreens, biometry = this.biometry, passcode = this.passcode): void {
    this.phone = phone;
    this.biometry = biometry;
    this.passcode = passcode;
  }

  /**
   * Records that this run really performed an article step (step-3, step-11): the report counts a
   * test's coverage tag only when its run did what the tag claims.
   */
  performed(coverageId: string): void {
    const annotations = this.testInfo.annotations;
    if (!annotations.some((note) => note.type === 'performed' && note.description === coverageId))
      annotations.push({ type: 'performed', description: coverageId });
  }

  async attemptsTo(...tasks: Task[]): Promise<void> {
    for (const next of tasks) {
      await test.step(
        next.title[this.pages.locale],
        async () => {
          // Evidence of a failed step too: it is what the report opens at.
          try {
            await next.performAs(this);
          } finally {
            const label = next.title[this.pages.locale];
            await test.step(EVIDENCE_STEP, (step) => this.captureEvidence(label, step), { box: true });
          }
        },
        { box: true },
      );
    }
  }

  /**
   * Both screens as they are now, attached to the report under the step's name. Attached to the
   * evidence step itself: testInfo.attach would add an "Attach" step for each picture, two dozen
   * steps a test for the runner, its reporters and the trace to record.
   */
  async captureEvidence(label: string, step: Pick<TestStepInfo, 'attach'>): Promise<void> {
    const [portal, phone] = await Promise.all([
      this.#portalScreen().catch(() => undefined),
      this.#phoneScreen().catch(() => undefined),
    ]);
    if (portal) await step.attach(`${label} · portal`, { body: portal, contentType: 'image/png' });
    if (phone) await step.attach(`${label} · phone`, { body: phone, contentType: 'image/png' });
  }

  /**
   * The phone's screen once what the step started there has happened: with a device's asynchrony,
   * a screenshot at once would show the app still at work (an activation's spinner where the
   * confirmation follows a moment later). Its picture travels only when the screen changed.
   */
  async #phoneScreen(): Promise<Buffer> {
    const phone = this.phone;
    const previous = this.#lastPhone?.phone === phone ? this.#lastPhone.screen : undefined;
    const screen = await phone.settledScreen(previous);
    this.#lastPhone = { phone, screen };
    return screen.png;
  }

  /**
   * The portal's screen, taken again only when the page changed since the last one: most tasks act
   * on the phone while the page stays as it was. "Changed" is judged by what draws the page (its
   * address, markup, form values, focus, scroll and window size); the same image is attached again
   * otherwise.
   */
  async #portalScreen(): Promise<Buffer> {
    const before = await this.#portalEvidence.drawnState();
    if (before !== undefined && before === this.#lastPortal?.state) return this.#lastPortal.png;
    const png = await this.#portalEvidence.screenshot();
    // Should the page change while it is taken, its state no longer matches and the next capture
    // takes a new one.
    this.#lastPortal = before === undefined ? undefined : { state: before, png };
    return png;
  }
}

export class Support {
  constructor(readonly lab: StartedLab) {}

  asks<T>(question: Question<T>): Promise<T> {
    return question.answeredBy(this);
  }

  stateOf(account: Account): Promise<UserState> {
    return this.lab.control.userState(account.username);
  }
}
