// Runs customer cases: the repository's (scenarios/cases/customer-cases/), or the files and folders
// LAB_CASE_PATHS names (`npm run case -- <file or folder>`). Every step and expectation comes from
// the registry; a new case needs a new file, not new code. `npm run lab -- --grep <case id>` runs one.

import { delimiter } from 'node:path';
import { fileURLToPath } from 'node:url';
import { faultOn, IBKR_BUNDLE_ID } from '../../product/index.ts';
import { biometryOf, DEFAULT_PASSCODE } from '../fixtures/actors.fixtures.ts';
import { test } from '../fixtures/index.ts';
import { type Task, task } from '../screenplay/actors.ts';
import { activateIbKey } from '../screenplay/tasks.ts';
import { type CustomerCase, type ExpectCall, loadCases, type PhoneSpec, type StepCall } from './case-file.ts';
import { type CasePhone, CaseRun } from './case-run.ts';

const REPOSITORY_CASES = fileURLToPath(new URL('./customer-cases/', import.meta.url));
const casePaths = process.env.LAB_CASE_PATHS?.split(delimiter).filter(Boolean) ?? [REPOSITORY_CASES];

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

function phoneOptions(spec: PhoneSpec) {
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

function declareCase(data: CustomerCase): void {
  const [[firstName, first]] = data.phones as [[string, PhoneSpec]];
  test.use({ locale: first.locale, ...phoneOptions(first) });
  test(`${data.title} ${data.covers.map((tag) => `@${tag}`).join(' ')}`, async ({
    customer,
    support,
    network,
    anotherPhone,
    browser,
  }) => {
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
  });
}

for (const loaded of loadCases(...casePaths)) {
  if (loaded.data) {
    const data = loaded.data;
    test.describe(data.id, () => declareCase(data));
    continue;
  }
  const error = loaded.error!;
  test(`${error.path} is a valid case file`, {
    annotation: {
      type: 'bad-case-file',
      description: JSON.stringify({ path: error.path, problems: error.problemLines }),
    },
  }, () => {
    throw error;
  });
}
