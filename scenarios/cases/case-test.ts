// How a customer case becomes a Playwright test: its phones as fixtures, its account prepared, its
// steps and expectations run as tasks in order, its closing checks last. The repository's cases
// (customer-cases.spec.ts) and the case runner's own checks (case-runner-checks.spec.ts) use it.

import type { Browser } from '@playwright/test';
import { faultOn, IBKR_BUNDLE_ID } from '../../product/index.ts';
import { type ActorFixtures, biometryOf, DEFAULT_PASSCODE } from '../fixtures/actors.fixtures.ts';
import { test } from '../fixtures/index.ts';
import type { Network } from '../fixtures/lab.fixtures.ts';
import { type Customer, type Support, type Task, task } from '../screenplay/actors.ts';
import { activateIbKey } from '../screenplay/tasks.ts';
import type { CustomerCase, ExpectCall, PhoneSpec, StepCall } from './case-file.ts';
import { type CasePhone, CaseRun } from './case-run.ts';

/** The fixtures a case runs with. */
export interface CaseFixtures {
  customer: Customer;
  support: Support;
  network: Network;
  anotherPhone: ActorFixtures['anotherPhone'];
  browser: Browser;
}

/** A step's task, its title marked with the phone that takes it when the case has several. */
function taskOf(call: StepCall | ExpectCall, run: CaseRun): Task {
  const inner = 'definition' in call ? call.definition.task(call.value as never, run) : checksOf(call, run);
  if (!run.hasSeveralPhones) return inner;
  const name = call.phone ?? run.phones.keys().next().value!;
  return task(`[${name}] ${inner.title['en-US']}`, `[${name}] ${inner.title['fr-FR']}`, (customer) =>
    inner.performAs(customer),
  );
}

function checksOf(call: ExpectCall, run: CaseRun): Task {
  const titles = call.expectations.map(({ definition, value }) => definition.title(value as never, run));
  return task(
    `check that ${titles.map((title) => title.en).join('; ')}`,
    `vérifier que ${titles.map((title) => title.fr).join(' ; ')}`,
    async () => {
      if (faultOn('case-expect-not-checked')) return;
      for (const { definition, value } of call.expectations) await definition.check(value as never, run);
    },
  );
}

/** The fixture options a case's phone asks for. */
export function phoneOptions(spec: PhoneSpec) {
  return {
    phoneProfile: spec.profile,
    installedApps: spec.appInstalled ? [IBKR_BUNDLE_ID] : [],
    initialSettings: Object.fromEntries(
      Object.entries(spec.settings ?? {}).filter(
        (entry): entry is [string, boolean] => entry[1] !== undefined,
      ),
    ),
    passcode: spec.passcode ?? DEFAULT_PASSCODE,
  };
}

function casePhone(name: string, spec: PhoneSpec, screens: CasePhone['screens']): CasePhone {
  const biometry = biometryOf(spec.profile);
  return { name, screens, biometry, enrolledBiometry: biometry, passcode: spec.passcode ?? DEFAULT_PASSCODE };
}

/** Runs a case with the test's fixtures: its first phone is the customer's; a failed expectation throws. */
export async function runCase(data: CustomerCase, fixtures: CaseFixtures): Promise<void> {
  const { customer, support, network, anotherPhone, browser } = fixtures;
  const [[firstName, first]] = data.phones as [[string, PhoneSpec]];
  const phones = new Map<string, CasePhone>([[firstName, casePhone(firstName, first, customer.phone)]]);
  for (const [name, spec] of data.phones.slice(1)) {
    const screens = await anotherPhone({ ...phoneOptions(spec), locale: spec.locale });
    phones.set(name, casePhone(name, spec, screens));
  }
  const run = new CaseRun(customer, support, network, phones, browser);
  try {
    if (data.account.state === 'activated') {
      run.use(data.account.activatedOn);
      await customer.attemptsTo(activateIbKey());
    }
    for (const call of data.steps) {
      run.use(call.phone);
      await customer.attemptsTo(taskOf(call, run));
    }
    if (data.finally && !faultOn('case-final-expect-skipped')) {
      run.use(data.finally.phone);
      await customer.attemptsTo(taskOf(data.finally, run));
    }
  } finally {
    await run.close();
  }
}

/** Declares a case as a test, on its first phone and in its language. */
export function declareCase(data: CustomerCase): void {
  const [[, first]] = data.phones as [[string, PhoneSpec]];
  test.use({ locale: first.locale, ...phoneOptions(first) });
  test(`${data.title} ${data.covers.map((tag) => `@${tag}`).join(' ')}`, async ({
    customer,
    support,
    network,
    anotherPhone,
    browser,
  }) => runCase(data, { customer, support, network, anotherPhone, browser }));
}
