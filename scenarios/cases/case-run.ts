// One customer case while it runs: its named phones, which one acts now, a second browser when
// a step asks for one, and the lab's parts the steps and expectations reach through.

import type { Browser } from '@playwright/test';
import type { Biometry, PhoneScreens } from '../../drivers/phone/index.ts';
import { PortalPages } from '../../drivers/portal/index.ts';
import type { Network } from '../fixtures/lab.fixtures.ts';
import type { Customer, Support } from '../screenplay/actors.ts';
import { deviceIdsInTranscriptOf } from '../screenplay/questions.ts';
import { CaseExpectationFailed } from './registry/define.ts';

export interface CasePhone {
  /** The name the case gives it (`old`, `new`; `phone` for a case with one phone). */
  name: string;
  screens: PhoneScreens;
  /** What the phone answers a biometric prompt with now (passcode once biometrics are removed). */
  biometry: Biometry;
  /** What its profile has when Face ID or Touch ID is set up. */
  enrolledBiometry: Biometry;
  passcode: string;
}

export class CaseRun {
  #secondBrowser?: PortalPages;
  #current: CasePhone;

  constructor(
    readonly customer: Customer,
    readonly support: Support,
    readonly network: Network,
    readonly phones: ReadonlyMap<string, CasePhone>,
    private readonly browser: Browser,
  ) {
    const first = phones.values().next().value;
    if (!first) throw new Error('A case runs with at least one phone.');
    this.#current = first;
  }

  get lab() {
    return this.customer.lab;
  }

  /** The phone that acts now. */
  get phone(): CasePhone {
    return this.#current;
  }

  get hasSeveralPhones(): boolean {
    return this.phones.size > 1;
  }

  /** Hands the customer the named phone (the case's first when no name is given). */
  use(name: string | undefined): CasePhone {
    const phone = name === undefined ? this.phones.values().next().value! : this.phones.get(name);
    if (!phone) throw new Error(`The case has no phone named "${name}".`);
    this.#current = phone;
    this.customer.switchesTo(phone.screens, phone.biometry, phone.passcode);
    return phone;
  }

  /** A second browser logged in as the same customer (opened by the first step that needs it). */
  async secondBrowser(): Promise<PortalPages> {
    if (!this.#secondBrowser) {
      const locale = this.customer.pages.locale;
      const context = await this.browser.newContext({ locale });
      this.#secondBrowser = new PortalPages(await context.newPage(), this.lab.portalUrl, locale);
    }
    return this.#secondBrowser;
  }

  async close(): Promise<void> {
    await this.#secondBrowser?.page.context().close();
  }

  /** The server's device ids this phone has held (from its transcript: activations and recoveries). */
  async deviceIdsOf(phone: CasePhone): Promise<string[]> {
    return [...new Set(await deviceIdsInTranscriptOf(phone.screens))];
  }

  /** The APNs token the server holds for this phone's device, for an APNs fault aimed at it. */
  async apnsTokenOf(phone: CasePhone): Promise<string> {
    const ids = await this.deviceIdsOf(phone);
    const state = await this.support.stateOf(this.customer.account);
    const device = state.devices.filter((row) => ids.includes(row.id) && row.apns_token).at(-1);
    if (!device?.apns_token)
      throw new CaseExpectationFailed(
        `Phone "${phone.name}" has no APNs token on the server yet: activate IB Key on it with notifications allowed before an apnsFault step.`,
      );
    return device.apns_token;
  }

  /** Which phone held each server device id (one transcript read per phone), for audit events and logins. */
  async phonesByDevice(): Promise<Map<string, string>> {
    const byDevice = new Map<string, string>();
    for (const phone of this.phones.values())
      for (const deviceId of await this.deviceIdsOf(phone)) byDevice.set(deviceId, phone.name);
    return byDevice;
  }
}

/**
 * Reads a state until it is what a case expects, or the time is up; then fails with the sentence
 * `explain` writes from the last state seen. Polling for a state, not a fixed sleep: the phone and
 * the server settle asynchronously.
 */
export async function expectEventually<State>(
  read: () => Promise<State>,
  isExpected: (state: State) => boolean,
  explain: (lastSeen: State) => string | Promise<string>,
  timeoutMs = 5_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let state = await read();
  while (!isExpected(state)) {
    if (Date.now() >= deadline) throw new CaseExpectationFailed(await explain(state));
    await new Promise((resolve) => setTimeout(resolve, 50));
    state = await read();
  }
}
