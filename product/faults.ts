// The catalogue of product faults: regressions a real release could ship, each a switch that the
// portal, the backend, IBKR Mobile, the simulated iOS, the APNs simulator, the third-party mocks,
// the case runner or the report reads where it would go wrong. `LAB_FAULT=name1,name2` turns them
// on, in every process of a lab run (the portal and the Playwright workers, the Appium server and
// its simulated phones inherit the environment). `npm run mutants` runs, for each fault, the tests
// that claim to cover what it breaks and records which of them noticed (the kill matrix).
//
// With LAB_FAULT unset the switches cost one lookup in an empty frozen set. An unknown name is
// refused when the module loads, in every process, with the list of the names it knows.

import type { Locale } from './locales.ts';

export const FAULT_LAYERS = [
  'portal',
  'ibkr-app',
  'ios',
  'apns',
  'third-parties',
  'case-runner',
  'report',
] as const;
export type FaultLayer = (typeof FAULT_LAYERS)[number];

export interface FaultDefinition {
  name: string;
  layer: FaultLayer;
  /** The article steps, causes and KB articles it breaks, as tests tag them (reports/article-coverage.ts). */
  breaks: readonly string[];
  /** What a release with this fault does wrong, in one line. */
  description: string;
  /** Set when only this language is wrong: only its tests can notice. */
  locale?: Locale;
  /**
   * The tests that check it: a file (a report's unit tests, the case runner's own checks), or a
   * file and words of a test's title (`file › words`). They run besides the journeys and cases
   * tagged with what it breaks, and first when those are too many to run them all.
   */
  checkedBy?: readonly string[];
}

/** A `checkedBy` entry read: its test file, and the words of a test's title when it names one. */
export function readCheckedBy(entry: string): { file: string; titleWords?: string } {
  const [file, titleWords] = entry.split(' › ') as [string, string | undefined];
  return titleWords ? { file, titleWords } : { file };
}

/** The `checkedBy` entries of any fault of the catalogue (most have none). */
export const checkedByOf = (fault: FaultDefinition): readonly string[] => fault.checkedBy ?? [];

const PUSH_LOGIN = 'scenarios/journeys/push-login.spec.ts';
const PUSH_APPROVED = `${PUSH_LOGIN} › the notification arrives`;
const NOT_DELIVERED = 'scenarios/journeys/push-not-delivered.spec.ts';
const QR_EXPIRED = 'scenarios/journeys/qr-used-or-expired.spec.ts › because the QR expired';
const CHALLENGE_RESPONSE = 'scenarios/journeys/notifications-denied.spec.ts';
const RECOVERY = 'scenarios/journeys/recovery.spec.ts';
const CASE_RUNNER_CHECKS = 'scenarios/cases/case-runner-checks.spec.ts';

export const FAULTS = [
  // --- the portal and the IB Key backend (mocks/sls) -------------------------------------------
  {
    name: 'portal-open-after-failed-gate',
    layer: 'portal',
    breaks: ['cause-qr-expired', 'cause-qr-used'],
    description: 'A gate whose QR code expired or failed lets the password alone into GET /portal.',
    checkedBy: [QR_EXPIRED],
  },
  {
    name: 'push-answer-from-any-device',
    layer: 'portal',
    breaks: ['kb2260'],
    description: 'A login is approved by an answer from a device other than the one its push was sent to.',
    checkedBy: [`${PUSH_LOGIN} › another customer`],
  },
  {
    name: 'challenge-form-without-csrf',
    layer: 'portal',
    breaks: ['kb3234'],
    description: 'The challenge/response form is accepted without its CSRF token.',
    checkedBy: [CHALLENGE_RESPONSE],
  },
  {
    name: 'wrong-response-accepted',
    layer: 'portal',
    breaks: ['kb3234'],
    description: 'The portal accepts any 8-digit response to the challenge.',
    checkedBy: [CHALLENGE_RESPONSE],
  },
  {
    name: 'gate-never-advances',
    layer: 'portal',
    breaks: ['step-11'],
    description: 'The gate keeps waiting after the phone activated IB Key.',
  },
  {
    name: 'activation-ttl-in-minutes',
    layer: 'portal',
    breaks: ['cause-qr-expired'],
    description: 'The QR code lives 300 minutes instead of 300 seconds (its TTL read in the wrong unit).',
    checkedBy: [QR_EXPIRED],
  },
  {
    name: 'login-ttl-in-minutes',
    layer: 'portal',
    breaks: ['kb2260'],
    description: 'A login request lives 120 minutes instead of 120 seconds (its TTL read in the wrong unit).',
    checkedBy: [`${PUSH_LOGIN} › no answer`],
  },
  {
    name: 'used-qr-accepted-again',
    layer: 'portal',
    breaks: ['cause-qr-used'],
    description:
      'A QR code already used for an activation attempt is tried again instead of CREDENTIAL_USED.',
    checkedBy: [QR_EXPIRED],
  },
  {
    name: 'expired-qr-accepted',
    layer: 'portal',
    breaks: ['cause-qr-expired'],
    description: 'An expired QR code still activates IB Key.',
    checkedBy: [QR_EXPIRED],
  },
  {
    name: 'expired-mapped-to-used',
    layer: 'portal',
    breaks: ['cause-qr-expired'],
    description: 'An expired QR code is reported as CREDENTIAL_USED (an error mapped to the wrong code).',
    checkedBy: [QR_EXPIRED],
  },
  {
    name: 'second-device-allowed',
    layer: 'portal',
    breaks: ['cause-already-active'],
    description: 'A second phone activates while IB Key is active, silently replacing the first.',
  },
  {
    name: 'stale-request-accepted',
    layer: 'portal',
    breaks: ['kb2260'],
    description: 'A signed request whose timestamp is far from server time (a replay) is accepted.',
    checkedBy: ['scenarios/cases/customer-cases.spec.ts › clock'],
  },
  {
    name: 'enroll-audit-not-written',
    layer: 'portal',
    breaks: ['cause-qr-expired', 'cause-qr-used', 'cause-already-active'],
    description: 'A refused activation writes no audit event.',
    checkedBy: [QR_EXPIRED],
  },
  {
    name: 'revoke-audit-not-written',
    layer: 'portal',
    breaks: ['kb3073'],
    description: 'Moving IB Key revokes the old phone without an audit event.',
  },
  {
    name: 'push-without-signature',
    layer: 'portal',
    breaks: ['kb2260'],
    description: 'The login push goes out without its signed ibkey payload (no sig).',
    checkedBy: [PUSH_APPROVED],
  },
  {
    name: 'deny-recorded-as-approve',
    layer: 'portal',
    breaks: ['kb2260'],
    description: 'A login the customer denied on the phone is recorded as approved.',
    checkedBy: [`${PUSH_LOGIN} › Deny`],
  },
  {
    name: 'push-outcome-not-recorded',
    layer: 'portal',
    breaks: ['kb3234'],
    description: 'What APNs answered to a login push is never written on the login request.',
    checkedBy: [`${NOT_DELIVERED} › Unregistered`],
  },
  {
    name: 'logout-keeps-session',
    layer: 'portal',
    breaks: ['cause-qr-expired'],
    description: 'Log out leaves the session alive: logging in again gives no fresh QR code.',
    checkedBy: [CHALLENGE_RESPONSE],
  },
  {
    name: 'restore-keeps-old-apns-token',
    layer: 'portal',
    breaks: ['kb2748'],
    description: 'Restoring IB Key after a reinstall keeps the old APNs token, so pushes go nowhere.',
    checkedBy: [`${RECOVERY} › deleted and installed again`],
  },
  {
    name: 'aasa-misses-activation-path',
    layer: 'portal',
    breaks: ['step-4.2', 'step-8'],
    description: 'The apple-app-site-association file no longer claims /ibkey/*: the QR opens Safari.',
  },
  {
    name: 'gate-activated-in-english',
    layer: 'portal',
    breaks: ['step-11'],
    locale: 'fr-FR',
    description: 'The French gate says "IB Key activated" in English (a French string missing).',
  },
  // --- IBKR Mobile (drivers/sim-iphone: ibkr-app.ts) --------------------------------------------
  {
    name: 'apns-token-not-registered',
    layer: 'ibkr-app',
    breaks: ['step-9', 'kb3236'],
    description: 'After Allow, the app enrolls without registering for an APNs token.',
    checkedBy: ['scenarios/journeys/activation-app-installed.spec.ts'],
  },
  {
    name: 'done-does-nothing',
    layer: 'ibkr-app',
    breaks: ['step-11'],
    description: 'Done (Terminé) on the confirmation does nothing.',
  },
  {
    name: 'response-digit-dropped',
    layer: 'ibkr-app',
    breaks: ['kb3234'],
    description: 'The challenge/response answer loses its last digit (7 digits shown).',
    checkedBy: [CHALLENGE_RESPONSE],
  },
  {
    name: 'approve-sends-deny',
    layer: 'ibkr-app',
    breaks: ['kb2260'],
    description: 'Approve on the phone sends "deny".',
    checkedBy: [PUSH_APPROVED],
  },
  {
    name: 'activation-error-not-shown',
    layer: 'ibkr-app',
    breaks: ['cause-qr-used', 'cause-qr-expired', 'cause-already-active'],
    description: 'A refused activation goes back to the app home without "An error occurred".',
    checkedBy: [QR_EXPIRED],
  },
  {
    name: 'pending-logins-not-fetched',
    layer: 'ibkr-app',
    breaks: ['kb2748'],
    description: 'Opening the app without a notification never asks the server what login is waiting.',
    checkedBy: [`${RECOVERY} › set up again`],
  },
  {
    name: 'activated-title-in-english',
    layer: 'ibkr-app',
    breaks: ['step-11'],
    locale: 'fr-FR',
    description: 'The French confirmation is titled in English (a French string swapped).',
    checkedBy: ['scenarios/journeys/activation-app-installed.spec.ts'],
  },
  // --- the simulated iOS (drivers/sim-iphone: device.ts, local-authentication.ts) ---------------
  {
    name: 'banner-opens-safari-when-installed',
    layer: 'ios',
    breaks: ['step-4.2', 'step-8'],
    description: 'The QR banner offers Safari though IBKR Mobile is installed.',
  },
  {
    name: 'scan-setting-ignored',
    layer: 'ios',
    breaks: ['cause-scan-setting-off'],
    description: 'The Camera shows the QR banner with Scan QR Codes off.',
  },
  {
    name: 'front-camera-reads-codes',
    layer: 'ios',
    breaks: ['cause-front-camera'],
    description: 'The front camera reads QR codes.',
  },
  {
    name: 'biometrics-accept-no-match',
    layer: 'ios',
    breaks: ['step-10'],
    description: 'A face, finger or passcode that does not match is accepted.',
    checkedBy: ['scenarios/journeys/biometrics.spec.ts › does not match, then'],
  },
  {
    name: 'biometry-never-locks',
    layer: 'ios',
    breaks: ['step-10'],
    description: 'Five misses in a row never lock Face ID or Touch ID.',
    checkedBy: ['scenarios/journeys/biometrics.spec.ts › five faces'],
  },
  {
    name: 'key-survives-biometric-change',
    layer: 'ios',
    breaks: ['kb2748'],
    description: 'A key bound to biometrics still works after Face ID or Touch ID is set up again.',
    checkedBy: [`${RECOVERY} › set up again`],
  },
  {
    name: 'keychain-cleared-on-app-delete',
    layer: 'ios',
    breaks: ['kb2748'],
    description: 'Deleting IBKR Mobile deletes its keychain item, so a reinstall cannot restore IB Key.',
    checkedBy: [`${RECOVERY} › deleted and installed again`],
  },
  {
    name: 'focus-ignored',
    layer: 'ios',
    breaks: ['kb3236'],
    description: 'A Focus does not keep the login notification silent: its banner shows.',
    checkedBy: [`${NOT_DELIVERED} › Focus`],
  },
  // --- the APNs simulator (mocks/apns) ------------------------------------------------------------
  {
    name: 'apns-strips-custom-payload',
    layer: 'apns',
    breaks: ['kb2260'],
    description: 'APNs delivers the alert without the ibkey part of the payload.',
    checkedBy: [PUSH_APPROVED],
  },
  {
    name: 'apns-ignores-unregistered',
    layer: 'apns',
    breaks: ['kb3234'],
    description: 'APNs answers 200 for a token it was told is unregistered (410).',
    checkedBy: [`${NOT_DELIVERED} › Unregistered`],
  },
  {
    name: 'apns-drops-while-offline',
    layer: 'apns',
    breaks: ['kb3236'],
    description: 'APNs drops a notification for a phone that is offline instead of holding it.',
    checkedBy: [`${NOT_DELIVERED} › Airplane`],
  },
  // --- third parties (mocks/handlers) -------------------------------------------------------------
  {
    name: 'app-store-lists-another-app',
    layer: 'third-parties',
    breaks: ['step-5', 'step-6'],
    description: 'The App Store page of the QR code offers another bundle than IBKR Mobile.',
  },
  {
    name: 'sms-code-garbled',
    layer: 'third-parties',
    breaks: ['kb3073'],
    description: 'The SMS gateway delivers the recovery code with a digit changed.',
  },
  // --- the case runner (scenarios/cases) ----------------------------------------------------------
  {
    name: 'case-expect-not-checked',
    layer: 'case-runner',
    breaks: [],
    description: 'A customer case’s `expect:` steps are never checked.',
    checkedBy: [`${CASE_RUNNER_CHECKS} › an expect step`],
  },
  {
    name: 'case-final-expect-skipped',
    layer: 'case-runner',
    breaks: [],
    description: 'A customer case’s closing `expect:` block is never run.',
    checkedBy: [`${CASE_RUNNER_CHECKS} › closing expect block`],
  },
  // --- the sign-off report (reports/) -------------------------------------------------------------
  {
    name: 'matrix-failed-shown-passed',
    layer: 'report',
    breaks: [],
    description: 'A matrix cell shows a failed test as passed.',
    checkedBy: ['reports/signoff-model.unit.test.ts'],
  },
  {
    name: 'coverage-counts-unperformed-steps',
    layer: 'report',
    breaks: [],
    description: 'An article step counts as covered by a test that only carries its tag.',
    checkedBy: ['reports/signoff-model.unit.test.ts'],
  },
  {
    name: 'secrets-not-masked',
    layer: 'report',
    breaks: [],
    description: 'The report shows passwords, credentials and nonces unmasked.',
    checkedBy: ['reports/mask-secrets.unit.test.ts'],
  },
] as const satisfies readonly FaultDefinition[];

export type FaultName = (typeof FAULTS)[number]['name'];

export const FAULT_NAMES: readonly FaultName[] = FAULTS.map((fault) => fault.name);

export class UnknownFaultError extends Error {
  override name = 'UnknownFaultError';
}

/** The names in a LAB_FAULT value ("a,b"); an unknown one is refused with the list of known ones. */
export function parseFaultSwitch(value: string | undefined): ReadonlySet<FaultName> {
  const names = (value ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !(FAULT_NAMES as readonly string[]).includes(name));
  if (unknown.length > 0)
    throw new UnknownFaultError(
      `LAB_FAULT names ${unknown.map((name) => `"${name}"`).join(', ')}, which ${unknown.length === 1 ? 'is not a known fault' : 'are not known faults'}; the known faults are: ${FAULT_NAMES.join(', ')}.`,
    );
  return Object.freeze(new Set(names as FaultName[]));
}

const ACTIVE_FAULTS = parseFaultSwitch(process.env.LAB_FAULT);

/** Whether this fault is switched on for this process (LAB_FAULT). */
export function faultOn(name: FaultName): boolean {
  return ACTIVE_FAULTS.has(name);
}

/** The faults switched on, for a process to say so when it starts. */
export const activeFaults = (): FaultName[] => [...ACTIVE_FAULTS];
