// LocalAuthentication as iOS gives it to an app, so that biometric failures, lockouts and the
// passcode behave on the simulated iPhone as they do on a customer's: the two policies, the
// system-wide count of failed attempts, the passcode's delays on the phone's clock, the prompts.
//
// Which policy IBKR Mobile uses for its IB Key, and why:
// - With Face ID or Touch ID enrolled (and Face ID allowed for the app), the key is bound to the
//   current biometric set (access control biometryCurrentSet) and the app evaluates
//   deviceOwnerAuthenticationWithBiometrics with localizedFallbackTitle "" (no "Enter Passcode"
//   button). An approval then proves that an enrolled face or finger was there: someone who has
//   learnt the passcode can neither approve with it nor enrol their own face, since any change of
//   the enrolled set invalidates the key (the customer activates again). The passcode cannot release
//   such a key, so a fallback button would lead nowhere. The passcode's one role is to lift a
//   lockout: on biometryLockout the app evaluates deviceOwnerAuthentication, which asks for the
//   passcode alone while biometry is locked; once it is right biometry works again and the app asks
//   for Face ID / Touch ID once more.
// - With no face or finger enrolled (the passcode-only iPhone 11), or Face ID refused to the app,
//   the key is bound to the device passcode (userPresence: the passcode, or a face enrolled later; no
//   change of enrolment invalidates it) and the app evaluates deviceOwnerAuthentication, whose
//   biometric prompt offers "Enter Passcode" after a miss when a face has been enrolled since.
// - The app's answer to each outcome is in IbkrApp.authenticate(): userCancel -> its "Authentication
//   Cancelled" alert with Try Again; authenticationFailed (2 Face ID or 3 Touch ID misses in one
//   evaluation) -> it asks again at once, the misses still counting toward the lockout;
//   biometryLockout -> the passcode as above; biometryNotEnrolled / biometryNotAvailable for a
//   biometric key -> the generic error alert, the key being unusable.
//
// Wrong passcodes in a row, as an iPhone shows them: the 1st to 5th only say "Wrong Passcode"; the
// 6th disables the iPhone for 1 minute, the 7th for 5, the 8th for 15, the 9th and every later one
// for 60 ("iPhone is disabled / Try again in N minutes"), on the phone's clock (sim: advanceClock
// moves it). Apple's Platform Security guide lists the Secure Enclave's delays one attempt earlier
// (5th: 1 min, 6th: 5, 7th-8th: 15, 9th: 1 h); the lab follows what the customer sees. Not simulated:
// Erase Data after 10, the "iPhone Unavailable" wording of iOS 15.2 and later, and the same wrong
// passcode typed twice in a row counting once.

import { faultOn } from '../../../../product/index.ts';
import type { SimulatedIPhone } from './device.ts';
import type { BiometryHardware } from './profiles.ts';
import { type Prompt, type PromptButton, permissionPrompt } from './prompts.ts';

export type LAPolicy = 'deviceOwnerAuthenticationWithBiometrics' | 'deviceOwnerAuthentication';

/** LAError codes an evaluation can end with on the simulated iPhone. */
export type LAErrorCode =
  | 'userCancel'
  | 'userFallback'
  | 'authenticationFailed'
  | 'biometryLockout'
  | 'biometryNotEnrolled'
  | 'biometryNotAvailable';

export type LAResult = { ok: true; by: 'biometry' | 'passcode' } | { ok: false; error: LAErrorCode };

export interface Evaluation {
  /** The app that asks: Face ID's permission is per app. */
  bundleId: string;
  /** localizedReason, already in the phone's language. */
  reason: string;
  /** localizedFallbackTitle: left out gives iOS's "Enter Passcode", "" hides the button. */
  fallbackTitle?: string;
}

/** Failed biometric attempts in a row after which biometry is locked until the passcode is given. */
export const BIOMETRY_LOCKOUT_AFTER = 5;

/** Misses one evaluation allows before it ends (authenticationFailed, or the passcode). */
export const MISSES_PER_EVALUATION: Record<BiometryHardware, number> = { faceId: 2, touchId: 3 };

/** [wrong passcodes in a row, minutes the iPhone is then disabled]; the last row holds beyond. */
export const PASSCODE_DELAYS: readonly (readonly [wrongInARow: number, minutes: number])[] = [
  [6, 1],
  [7, 5],
  [8, 15],
  [9, 60],
];

export function passcodeDelayMinutes(wrongInARow: number): number {
  let minutes = 0;
  for (const [from, delay] of PASSCODE_DELAYS) if (wrongInARow >= from) minutes = delay;
  return minutes;
}

type BiometricOutcome = 'match' | 'cancel' | 'fallback' | 'missedTooOften' | 'lockedOut';

const MINUTE_MS = 60_000;

export class LocalAuthentication {
  /** Failed biometric attempts in a row, across apps and evaluations. */
  biometryFailures = 0;
  /** Wrong passcodes in a row. */
  passcodeFailures = 0;
  /** Until when, on the phone's clock, the iPhone refuses passcodes. */
  disabledUntil: Date | undefined;

  constructor(private readonly device: SimulatedIPhone) {}

  get biometryLockedOut(): boolean {
    return this.biometryFailures >= BIOMETRY_LOCKOUT_AFTER && !faultOn('biometry-never-locks');
  }

  /** "Face ID" or "Touch ID", as the hardware is called. */
  get biometryName(): string {
    return this.device.profile.biometry === 'faceId' ? 'Face ID' : 'Touch ID';
  }

  /** Whole minutes (rounded up) until the iPhone takes passcodes again, or undefined when it does. */
  disabledMinutesLeft(): number | undefined {
    const left = (this.disabledUntil?.getTime() ?? 0) - this.device.now().getTime();
    return left > 0 ? Math.ceil(left / MINUTE_MS) : undefined;
  }

  /** canEvaluatePolicy: the error evaluatePolicy would end with before asking anything, if any. */
  canEvaluatePolicy(policy: LAPolicy, bundleId: string): LAErrorCode | undefined {
    if (policy === 'deviceOwnerAuthentication') return undefined;
    if (!this.device.biometrics.enrolled) return 'biometryNotEnrolled';
    if (this.device.profile.biometry === 'faceId' && this.device.permission(bundleId).faceId === 'no')
      return 'biometryNotAvailable';
    return this.biometryLockedOut ? 'biometryLockout' : undefined;
  }

  async evaluatePolicy(policy: LAPolicy, evaluation: Evaluation): Promise<LAResult> {
    const result = await this.#evaluate(policy, evaluation);
    this.device.transcript.add(
      'biometric',
      `LocalAuthentication ${policy}: ${result.ok ? `success by ${result.by}` : `LAError.${result.error}`}`,
    );
    return result;
  }

  /** A new face or finger set (enrolling needs the passcode, which lifts a lockout). */
  enrollmentChanged(): void {
    this.biometryFailures = 0;
  }

  /** The passcode prompt as it shows now: while the iPhone is disabled, the minutes left and no way to type. */
  present(prompt: Prompt): Prompt {
    const minutes = this.disabledMinutesLeft();
    if (prompt.kind !== 'passcode' || minutes === undefined) return prompt;
    const text = this.device.text.bind(this.device);
    const disabledReason = this.#disabledSentence(minutes);
    return {
      ...prompt,
      title: text('phoneDisabledTitle'),
      message: undefined,
      notice:
        minutes === 1 ? text('tryAgainInOneMinute') : text('tryAgainInMinutes', { minutes: String(minutes) }),
      noticeId: 'PasscodeDisabledNotice',
      textField: prompt.textField && { ...prompt.textField, enabled: false, disabledReason },
      buttons: prompt.buttons.map((button) =>
        button.role === 'accept' ? { ...button, enabled: false, disabledReason } : button,
      ),
    };
  }

  async #evaluate(policy: LAPolicy, evaluation: Evaluation): Promise<LAResult> {
    const withPasscode = policy === 'deviceOwnerAuthentication';
    const unavailable = await this.#biometryUnavailable(evaluation.bundleId);
    if (unavailable && !withPasscode) return { ok: false, error: unavailable };
    if (!unavailable) {
      const outcome = await this.#askBiometry(evaluation);
      if (outcome === 'match') return { ok: true, by: 'biometry' };
      if (outcome === 'cancel') return { ok: false, error: 'userCancel' };
      if (!withPasscode) return { ok: false, error: BIOMETRIC_ERRORS[outcome] };
    }
    return this.#askPasscode(evaluation, unavailable === 'biometryLockout' || this.biometryLockedOut);
  }

  /** Why biometry cannot be used for this app now; asks Face ID's permission on its first use. */
  async #biometryUnavailable(bundleId: string): Promise<LAErrorCode | undefined> {
    const device = this.device;
    if (!device.biometrics.enrolled) return 'biometryNotEnrolled';
    if (this.biometryLockedOut) return 'biometryLockout';
    if (device.profile.biometry !== 'faceId') return undefined;
    if (device.permission(bundleId).faceId === 'unset') {
      const answer = await device.flows.ask(faceIdUsagePrompt(device));
      device.setPermission(bundleId, 'faceId', answer === 'allow' ? 'yes' : 'no');
    }
    return device.permission(bundleId).faceId === 'no' ? 'biometryNotAvailable' : undefined;
  }

  async #askBiometry(evaluation: Evaluation): Promise<BiometricOutcome> {
    const device = this.device;
    const hardware = device.profile.biometry;
    const fallbackTitle = evaluation.fallbackTitle ?? device.text('enterPasscode');
    let misses = 0;
    let missed = false;
    for (;;) {
      const answer = await device.flows.ask(
        biometricPrompt(device, evaluation.reason, missed, misses > 0 ? fallbackTitle : ''),
      );
      if (answer === 'match' || (answer === 'noMatch' && faultOn('biometrics-accept-no-match'))) {
        this.biometryFailures = 0;
        return 'match';
      }
      if (answer === 'cancel' || answer === 'fallback') return answer;
      if (answer === 'scanAgain') {
        missed = false;
        continue;
      }
      misses += 1;
      this.biometryFailures += 1;
      if (this.biometryLockedOut) {
        device.transcript.add(
          'biometric',
          `${this.biometryName} locked out after ${BIOMETRY_LOCKOUT_AFTER} failed attempts in a row`,
        );
        return 'lockedOut';
      }
      if (misses >= MISSES_PER_EVALUATION[hardware]) return 'missedTooOften';
      missed = true;
    }
  }

  async #askPasscode(evaluation: Evaluation, biometryLocked: boolean): Promise<LAResult> {
    const device = this.device;
    let notice: Pick<Prompt, 'notice' | 'noticeId'> =
      biometryLocked && device.biometrics.enrolled
        ? {
            notice: device.text(device.profile.biometry === 'faceId' ? 'faceIdLocked' : 'touchIdLocked'),
            noticeId: 'BiometryLockedNotice',
          }
        : {};
    for (;;) {
      const { answer, text } = await device.flows.askWithText(
        passcodePrompt(device, evaluation.reason, notice),
      );
      if (answer === 'cancel') return { ok: false, error: 'userCancel' };
      if (text === device.passcode || faultOn('biometrics-accept-no-match')) {
        this.passcodeFailures = 0;
        this.disabledUntil = undefined;
        this.biometryFailures = 0;
        return { ok: true, by: 'passcode' };
      }
      this.passcodeFailures += 1;
      const minutes = passcodeDelayMinutes(this.passcodeFailures);
      if (minutes === 0) {
        device.transcript.add('biometric', `wrong passcode (${this.passcodeFailures} in a row)`);
        notice = { notice: device.text('wrongPasscode') };
        continue;
      }
      this.disabledUntil = new Date(device.now().getTime() + minutes * MINUTE_MS);
      device.transcript.add(
        'biometric',
        `wrong passcode (${this.passcodeFailures} in a row): iPhone disabled for ${minutes} min, until ${this.disabledUntil.toISOString()}`,
      );
      notice = {};
    }
  }

  #disabledSentence(minutes: number): string {
    const until = this.disabledUntil!.toISOString().slice(11, 19);
    return `The iPhone is disabled after ${this.passcodeFailures} wrong passcodes in a row: try again in ${minutes} minute${minutes === 1 ? '' : 's'} (at ${until} on the phone's clock, which sim: advanceClock moves).`;
  }
}

/** "Allow IBKR Mobile to use Face ID?", asked the first time an app evaluates Face ID. */
export function faceIdUsagePrompt(device: SimulatedIPhone): Prompt {
  const text = device.text.bind(device);
  return permissionPrompt('faceIdUsage', {
    title: text('faceIdUsageTitle'),
    message: text('faceIdUsageBody'),
    dontAllow: text('dontAllow'),
    accept: text('ok'),
  });
}

/** The Face ID sheet or the Touch ID alert; after a miss, its notice and the buttons iOS adds. */
export function biometricPrompt(
  device: SimulatedIPhone,
  reason: string,
  missed: boolean,
  fallbackTitle: string,
): Prompt {
  const text = device.text.bind(device);
  const faceId = device.profile.biometry === 'faceId';
  const buttons: PromptButton[] = [];
  if (missed && faceId)
    buttons.push({
      name: 'Try Face ID Again',
      label: text('tryFaceIdAgain'),
      role: 'accept',
      answer: 'scanAgain',
    });
  if (fallbackTitle)
    buttons.push({ name: 'Enter Passcode', label: fallbackTitle, role: 'accept', answer: 'fallback' });
  buttons.push({ name: 'Cancel', label: text('cancel'), role: 'dismiss', answer: 'cancel' });
  return {
    kind: 'biometric',
    glyph: faceId ? 'faceId' : 'touchId',
    title: faceId ? text('faceId') : text('touchIdTitle'),
    message: reason,
    notice: missed ? text(faceId ? 'faceIdNotRecognized' : 'touchIdTryAgain') : undefined,
    buttons,
  };
}

/** "Enter iPhone Passcode", with the reason the app gave and why the passcode is asked (a notice). */
export function passcodePrompt(
  device: SimulatedIPhone,
  reason: string,
  notice: Pick<Prompt, 'notice' | 'noticeId'>,
): Prompt {
  const text = device.text.bind(device);
  return {
    kind: 'passcode',
    title: text('passcodeTitle'),
    message: reason,
    ...notice,
    textField: { name: 'Passcode', label: text('passcodeField'), value: '' },
    buttons: [
      { name: 'Cancel', label: text('cancel'), role: 'dismiss', answer: 'cancel' },
      { name: 'OK', label: text('ok'), role: 'accept', answer: 'submit' },
    ],
  };
}

const BIOMETRIC_ERRORS: Record<Exclude<BiometricOutcome, 'match' | 'cancel'>, LAErrorCode> = {
  fallback: 'userFallback',
  missedTooOften: 'authenticationFailed',
  lockedOut: 'biometryLockout',
};
