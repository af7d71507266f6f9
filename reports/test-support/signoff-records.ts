// Hand-made sign-off records for the renderers' unit tests: a passing journey on a project of
// the caller's choosing (its key made the way the reporter makes it), and a run's facts.

import type { RunFacts, TestRecord } from '../signoff-model.ts';

export const RUN_FACTS: RunFacts = {
  startedAt: '2025-03-14T09:26:53.589Z',
  durationMs: 5000,
  commit: 'abc123',
  seed: '4711',
  storeModes: ['embedded'],
  versions: { 'Node.js': 'v20.20.2' },
};

const PHONES: Record<string, string> = {
  faceid: 'iPhone 15 (Face ID)',
  touchid: 'iPhone SE (Touch ID)',
  passcode: 'iPhone 11 (passcode only)',
};

/** A passing journey; `project` ("touchid-fr-FR") also gives its phone and locale. */
export function aTestRecord(overrides: Partial<TestRecord> = {}): TestRecord {
  const project = overrides.project ?? 'faceid-en-US';
  const [phoneId = '', ...locale] = project.split('-');
  const journey = overrides.journey ?? 'logging in after activation';
  const title = overrides.title ?? 'Deny: the portal says the login was refused';
  const file = overrides.file ?? 'journeys/push-login.spec.ts';
  return {
    key: [project, file, journey, title].join(' › '),
    journey,
    title,
    file,
    project,
    phone: PHONES[phoneId] ?? '',
    locale: locale.join('-'),
    covers: ['kb2260'],
    performed: [],
    tags: ['@kb2260'],
    outcome: 'passed',
    durationMs: 2000,
    retries: 0,
    steps: [{ title: 'tap Deny', durationMs: 300 }],
    replay: `LAB_SEED=4711 npm run lab -- --project ${project} --grep '${title}'`,
    ...overrides,
  };
}
