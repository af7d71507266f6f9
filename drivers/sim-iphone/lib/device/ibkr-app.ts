// The IBKR Mobile app on the simulated iPhone: activation from a scanned link, login approval
// from a notification (or found waiting when the app opens), and the IB Key challenge/response
// module. It speaks the protocol over real HTTP with the reference client of protocol/.

import { recordGeneratedSecret } from '../../../../common/index.ts';
import { faultOn, IBKR_BUNDLE_ID, type PhoneStringKey } from '../../../../product/index.ts';
import {
  type EnrollResponse,
  PhoneClient,
  ProtocolError,
  parseActivationLink,
  type RecoveryPurposeValue as RecoveryPurpose,
} from '../../../../protocol/index.ts';
import type { DeliveredNotification, IbKeyItem, SimulatedIPhone } from './device.ts';
import type { LAPolicy } from './local-authentication.ts';
import { type Prompt, permissionPrompt } from './prompts.ts';
import { OfflineError } from './web.ts';

export const IBKEY_KEYCHAIN_ITEM = 'ibkey';
export const APP_VERSION = '8.6.1';

/** What the key is bound to: a biometric enrollment generation, or the device passcode. */
type KeyBinding = IbKeyItem['boundToEnrollment'];

export interface PendingApproval {
  txid: string;
  nonce: string;
  challenge?: string;
}

/** The recovery or move under way: what the customer typed, what the server answered. */
export interface RecoveryForm {
  purpose: RecoveryPurpose;
  username: string;
  password: string;
  code: string;
  recoveryId?: string;
  /** The last digits of the number the code went to, as the server gives them. */
  phoneHint?: string;
  /** What went wrong, in the app's words, under the form. */
  notice?: string;
}

/** What a failed look at the key means: the customer gave up, or the key can no longer be used. */
const KEY_INVALIDATED = 'keyInvalidated';

export class IbkrApp {
  approval: PendingApproval | undefined;
  recovery: RecoveryForm | undefined;
  /** False until the app is first opened after it was installed (a reinstall restores IB Key). */
  #launchedSinceInstall = false;
  answered: 'approved' | 'denied' | undefined;
  challengeInput = '';
  response: string | undefined;
  /** The server's code for the last failure: in the transcript, never on screen. */
  lastErrorCode: string | undefined;

  constructor(private readonly device: SimulatedIPhone) {}

  get item(): IbKeyItem | undefined {
    return this.device.keychain.get(IBKEY_KEYCHAIN_ITEM);
  }

  /** The app comes to the foreground, with a universal link or without. */
  async opened(link?: string): Promise<void> {
    const firstLaunch = !this.#launchedSinceInstall;
    this.#launchedSinceInstall = true;
    if (link) {
      let isActivation = true;
      try {
        parseActivationLink(link);
      } catch {
        isActivation = false;
      }
      if (isActivation) {
        this.device.go('activationLinkOpened');
        await this.device.flows.start(() => this.activate(link));
        return;
      }
    }
    this.device.go('openIbkr');
    if (firstLaunch && this.item) {
      await this.device.flows.start(async () => {
        await this.restore();
        if (this.device.screen === 'ibkr.home') await this.lookForPendingApprovals();
      });
      return;
    }
    await this.lookForPendingApprovals();
  }

  /**
   * Part D with the key still in the keychain (IBKR Mobile reinstalled, iOS updated): a signed
   * restore request re-binds this install's APNs token. A key that can no longer be used, or a
   * device moved away meanwhile, is said on its own screen.
   */
  private async restore(): Promise<void> {
    const device = this.device;
    if (!this.keyUsable()) {
      device.transcript.add('app', 'IB Key found in the keychain, but its key can no longer be used');
      device.go('keyInvalidated');
      return;
    }
    const apnsToken = await this.askForNotifications();
    try {
      this.requireOnline();
      await this.client()!.restore(apnsToken, Math.floor(device.now().getTime() / 1000));
      device.transcript.add('network', 'IB Key restored after the reinstall', {
        withApnsToken: apnsToken !== null,
      });
    } catch (error) {
      if (await this.stoppedHere(error)) return;
      device.transcript.add('network', `IB Key could not be restored: ${describe(error)}`);
    }
  }

  /** The notification permission (asked once per install) and, when allowed, this install's APNs token. */
  private async askForNotifications(): Promise<string | null> {
    const device = this.device;
    if (device.permission(IBKR_BUNDLE_ID).notifications === 'unset') {
      const answer = await device.flows.ask(notificationPermissionPrompt(device));
      device.setPermission(IBKR_BUNDLE_ID, 'notifications', answer === 'allow' ? 'yes' : 'no');
    }
    if (device.permission(IBKR_BUNDLE_ID).notifications !== 'yes') return null;
    if (faultOn('apns-token-not-registered')) return null;
    return device.registerForRemoteNotifications(IBKR_BUNDLE_ID);
  }

  /**
   * The server says this device no longer holds IB Key (moved to another phone, or recovered on
   * one): the key is deleted and the app says so. True when that was the error.
   */
  private async stoppedHere(error: unknown): Promise<boolean> {
    if (error instanceof ProtocolError && error.code === 'KEY_INVALIDATED') {
      this.device.go('keyInvalidated');
      return true;
    }
    if (!(error instanceof ProtocolError) || error.code !== 'DEVICE_REVOKED') return false;
    this.device.keychain.delete(IBKEY_KEYCHAIN_ITEM);
    this.approval = undefined;
    this.device.transcript.add(
      'app',
      `IB Key is no longer on this iPhone (${error.details.reason ?? 'revoked'})`,
    );
    this.device.go('deviceRevoked');
    return true;
  }

  private async activate(link: string): Promise<void> {
    const device = this.device;
    const apnsToken = await this.askForNotifications();
    const binding = await this.authenticate('biometricReasonActivate');
    if (binding === undefined || binding === KEY_INVALIDATED) {
      device.go('activationFailed');
      return;
    }
    const phone = await this.newKey(binding);
    try {
      this.requireOnline();
      device.transcript.add('network', `POST /sls/ibkey/v1/enroll for ${new URL(link).host}`, {
        withApnsToken: apnsToken !== null,
      });
      const enrolled = await phone.enroll(link, apnsToken);
      this.keepKey(phone, binding, enrolled, new URL(link).origin);
      device.transcript.add('app', 'IB Key activated', { deviceId: enrolled.deviceId });
      device.go('activationSucceeded');
    } catch (error) {
      await this.showError('enroll', error);
      device.go('activationFailed');
    }
  }

  /** The user tapped a notification (banner or Notification Center). */
  async openedFromNotification(notification: DeliveredNotification): Promise<void> {
    const device = this.device;
    const ibkey = notification.payload.ibkey as { txid?: string; nonce?: string; sig?: string } | undefined;
    if (!ibkey?.txid || !ibkey.nonce || !ibkey.sig) {
      device.go('openIbkr');
      return;
    }
    const client = this.client();
    if (!client || !(await client.verifyPush({ txid: ibkey.txid, nonce: ibkey.nonce, sig: ibkey.sig }))) {
      device.transcript.add('app', 'notification ignored: not signed by the server this phone enrolled with');
      device.go('openIbkr');
      return;
    }
    this.showApproval({ txid: ibkey.txid, nonce: ibkey.nonce });
  }

  private showApproval(approval: PendingApproval): void {
    this.approval = approval;
    this.answered = undefined;
    this.device.go('approvalOpened');
    this.device.transcript.add('app', `approval screen for login ${approval.txid.slice(0, 6)}…`);
  }

  /** Opening the app without a notification asks the server what is waiting (signed request). */
  private async lookForPendingApprovals(): Promise<void> {
    const client = this.client();
    if (!client || !this.device.web.online() || faultOn('pending-logins-not-fetched')) return;
    try {
      const pending = await client.pending(Math.floor(this.device.now().getTime() / 1000));
      this.device.transcript.add('network', `pending logins: ${pending.length}`);
      const first = pending[0];
      if (first) this.showApproval({ txid: first.txid, nonce: first.nonce, challenge: first.challenge });
    } catch (error) {
      if (await this.stoppedHere(error)) return;
      this.device.transcript.add('network', `pending logins could not be read: ${describe(error)}`);
    }
  }

  async answerApproval(decision: 'approve' | 'deny'): Promise<void> {
    const approval = this.approval;
    if (!approval) throw new Error('No login request is on screen.');
    await this.device.flows.start(async () => {
      if (decision === 'approve') {
        const binding = await this.authenticate('biometricReasonApprove', this.item);
        if (binding === undefined) return;
        if (binding === KEY_INVALIDATED || !this.keyUsable()) {
          await this.keyNoLongerUsable(approval);
          return;
        }
      }
      try {
        this.requireOnline();
        const sent = decision === 'approve' && faultOn('approve-sends-deny') ? 'deny' : decision;
        const result = await this.client()!.answer(approval.txid, approval.nonce, sent);
        this.answered = result.state;
        this.approval = undefined;
        this.device.transcript.add('network', `login ${result.state}`);
        this.device.go('approvalAnswered');
      } catch (error) {
        if (await this.stoppedHere(error)) return;
        await this.showError('answer', error);
      }
    });
  }

  openIbKeyModule(): void {
    this.challengeInput = '';
    this.response = undefined;
    this.device.go('openIbKeyModule');
  }

  async generateResponse(): Promise<void> {
    const challenge = this.challengeInput.trim();
    await this.device.flows.start(async () => {
      if (!/^\d{6}$/.test(challenge)) {
        this.device.transcript.add(
          'app',
          `Generate Response refused: the challenge "${challenge}" is not 6 digits`,
        );
        await this.showError('challenge', new Error('the challenge must be 6 digits'));
        return;
      }
      const binding = await this.authenticate('biometricReasonResponse', this.item);
      if (binding === undefined) return;
      const client = this.client();
      if (!client) {
        await this.showError('challenge', new Error('IB Key is not active on this phone'));
        return;
      }
      if (binding === KEY_INVALIDATED || !this.keyUsable()) {
        await this.keyNoLongerUsable();
        return;
      }
      const response = await client.respondTo(challenge);
      this.response = faultOn('response-digit-dropped') ? response.slice(0, -1) : response;
      this.device.transcript.add('app', 'IB Key response generated');
    });
  }

  tapDone(): void {
    if (faultOn('done-does-nothing')) return;
    this.device.go('tapDone');
  }

  /**
   * The Secure Enclave refuses the key (its biometric set changed): the app says so in its own
   * words and leads to recovery. With the login request on screen it tells the server, proving the
   * report with that request's nonce, since the key itself can no longer sign.
   */
  private async keyNoLongerUsable(approval?: PendingApproval): Promise<void> {
    const device = this.device;
    device.transcript.add('app', 'KEY_INVALIDATED: the biometric set changed since IB Key was activated');
    if (approval && device.web.online()) {
      try {
        await this.client()!.reportKeyInvalidated(approval.txid, approval.nonce);
        device.transcript.add('network', 'told the server the key can no longer be used');
      } catch (error) {
        device.transcript.add('network', `the key could not be reported: ${describe(error)}`);
      }
    }
    this.approval = undefined;
    device.go('keyInvalidated');
  }

  // --- recovery on this phone (part D) and moving IB Key here (part E) ----------------------

  startRecovery(purpose: RecoveryPurpose): void {
    this.recovery = { purpose, username: '', password: '', code: '' };
    this.device.go('startRecovery');
  }

  /** Username and password: the server texts a code to the account's phone number. */
  async submitRecoveryLogin(): Promise<void> {
    const recovery = this.requireRecovery();
    await this.device.flows.start(async () => {
      const portal = this.portalBaseUrl();
      recovery.notice = undefined;
      try {
        this.requireOnline();
        if (!portal)
          throw new Error('the app does not know the portal (no keychain item, no appium:portalUrl)');
        // Starting needs no key: the new key is made once the customer has passed biometrics.
        const started = await (await PhoneClient.create()).startRecovery(portal, {
          purpose: recovery.purpose,
          username: recovery.username,
          password: recovery.password,
        });
        Object.assign(recovery, { recoveryId: started.recoveryId, phoneHint: started.phoneHint, code: '' });
        this.device.transcript.add('network', `recovery started (${recovery.purpose}): a code was texted`, {
          phoneHint: started.phoneHint,
        });
        this.device.go('recoveryCodeSent');
      } catch (error) {
        recovery.password = '';
        recovery.notice = this.recoveryNotice(error);
        this.device.transcript.add('network', `recovery refused: ${codeOf(error)}`, {
          message: describe(error),
        });
      }
    });
  }

  /** The texted code, then Face ID / Touch ID / passcode for the new key, then one enrolment that replaces the old device. */
  async submitRecoveryCode(): Promise<void> {
    const recovery = this.requireRecovery();
    await this.device.flows.start(async () => {
      const device = this.device;
      recovery.notice = undefined;
      const apnsToken = await this.askForNotifications();
      const binding = await this.authenticate('biometricReasonRecover');
      if (binding === undefined || binding === KEY_INVALIDATED) return;
      const phone = await this.newKey(binding);
      const portal = this.portalBaseUrl()!;
      try {
        this.requireOnline();
        const enrolled = await phone.completeRecovery(
          portal,
          recovery.recoveryId!,
          recovery.code.trim(),
          apnsToken,
        );
        this.keepKey(phone, binding, enrolled, portal);
        device.transcript.add('app', `IB Key ${recovery.purpose === 'move' ? 'moved here' : 'recovered'}`, {
          deviceId: enrolled.deviceId,
        });
        device.go('recoverySucceeded');
      } catch (error) {
        recovery.code = '';
        recovery.notice = this.recoveryNotice(error);
        device.transcript.add('network', `recovery refused: ${codeOf(error)}`, { message: describe(error) });
        const startAgain = ['SMS_CODE_EXPIRED', 'TOO_MANY_ATTEMPTS', 'RECOVERY_USED', 'UNKNOWN_RECOVERY'];
        if (startAgain.includes(codeOf(error))) device.go('recoveryRestart');
      }
    });
  }

  /** A new device key, described as this phone and what the key will be bound to. */
  private newKey(binding: KeyBinding): Promise<PhoneClient> {
    const device = this.device;
    return PhoneClient.create({
      model: device.profile.model,
      os: `iOS ${device.platformVersion}`,
      appVersion: APP_VERSION,
      biometry: binding === 'passcode' ? 'passcode' : device.profile.biometry,
    });
  }

  /** The enrolled key goes into the keychain, where it outlives the app. */
  private keepKey(
    phone: PhoneClient,
    binding: KeyBinding,
    enrolled: EnrollResponse,
    portalBaseUrl: string,
  ): void {
    recordGeneratedSecret('private-key', phone.key.privateJwk.d);
    this.device.keychain.set(IBKEY_KEYCHAIN_ITEM, {
      privateKey: phone.key.privateJwk,
      boundToEnrollment: binding,
      deviceId: enrolled.deviceId,
      serverPublicKey: enrolled.serverPublicKey,
      portalBaseUrl,
    });
  }

  /** The app's own words for each way recovery can fail (the code stays in the transcript). */
  private recoveryNotice(error: unknown): string {
    const text = this.device.text.bind(this.device);
    switch (codeOf(error)) {
      case 'BAD_LOGIN':
        return text('recoveryBadLogin');
      case 'NO_ACTIVE_DEVICE':
        return text('recoveryNoDevice');
      case 'NO_PHONE_NUMBER':
        return text('recoveryNoPhone');
      case 'SMS_FAILED':
        return text('recoverySmsFailed');
      case 'RATE_LIMITED':
        return text('recoveryRateLimited');
      case 'BAD_SMS_CODE':
        return text('smsCodeWrong', {
          count: String(error instanceof ProtocolError ? (error.details.attemptsLeft ?? 0) : 0),
        });
      case 'SMS_CODE_EXPIRED':
        return text('smsCodeExpired');
      case 'TOO_MANY_ATTEMPTS':
        return text('smsCodeTooMany');
      case 'OFFLINE':
        return text('noNetwork');
      default:
        return text('recoveryFailed');
    }
  }

  private requireRecovery(): RecoveryForm {
    if (!this.recovery) throw new Error('No recovery is under way: tap Recover IB Key or Move IB Key first.');
    return this.recovery;
  }

  /** Where IB Key lives: the portal this phone enrolled with, else the one the app is configured for. */
  private portalBaseUrl(): string | undefined {
    return this.item?.portalBaseUrl ?? this.device.options.portalUrl;
  }

  private client(): PhoneClient | undefined {
    const item = this.item;
    if (!item) return undefined;
    return PhoneClient.restore(item.privateKey, {
      deviceId: item.deviceId,
      serverPublicKey: item.serverPublicKey,
      portalBaseUrl: item.portalBaseUrl,
    });
  }

  /** A key bound to biometrics is unusable once the enrollment changed (Secure Enclave rule). */
  keyUsable(): boolean {
    const item = this.item;
    if (!item) return false;
    return (
      item.boundToEnrollment === 'passcode' || item.boundToEnrollment === this.device.biometrics.enrollment
    );
  }

  private requireOnline(): void {
    if (!this.device.web.online()) throw new OfflineError('The phone is offline (Airplane Mode).');
  }

  /**
   * Asks LocalAuthentication for the customer, with the policy the key needs (the choice and why are
   * at the top of local-authentication.ts). Without a key (activation) the app picks what the new key
   * is bound to. Returns that binding, or undefined when the customer gives up or the key cannot be
   * unlocked any more (the app has then said so).
   */
  private async authenticate(
    reason: PhoneStringKey,
    key?: IbKeyItem,
  ): Promise<KeyBinding | typeof KEY_INVALIDATED | undefined> {
    const device = this.device;
    const localAuthentication = device.localAuthentication;
    let policy: LAPolicy = key
      ? key.boundToEnrollment === 'passcode'
        ? 'deviceOwnerAuthentication'
        : 'deviceOwnerAuthenticationWithBiometrics'
      : this.policyForNewKey();
    const evaluate = (policyNow: LAPolicy) =>
      localAuthentication.evaluatePolicy(policyNow, {
        bundleId: IBKR_BUNDLE_ID,
        reason: device.text(reason),
        // The passcode cannot release a biometryCurrentSet key: no "Enter Passcode" button there.
        ...(policyNow === 'deviceOwnerAuthenticationWithBiometrics' ? { fallbackTitle: '' } : {}),
      });
    for (;;) {
      const result = await evaluate(policy);
      if (result.ok)
        return policy === 'deviceOwnerAuthentication' ? 'passcode' : device.biometrics.enrollment;
      switch (result.error) {
        case 'authenticationFailed':
          continue;
        case 'biometryLockout': {
          const unlocked = await evaluate('deviceOwnerAuthentication');
          if (unlocked.ok || (await this.tryAgainAfterCancelling())) continue;
          return undefined;
        }
        case 'biometryNotEnrolled':
        case 'biometryNotAvailable':
          if (!key) {
            policy = 'deviceOwnerAuthentication';
            continue;
          }
          device.transcript.add('app', `KEY_INVALIDATED: LAError.${result.error}`);
          return KEY_INVALIDATED;
        case 'userCancel':
        case 'userFallback':
          if (await this.tryAgainAfterCancelling()) continue;
          return undefined;
      }
    }
  }

  /** A new key is bound to the current biometric set when the app may use biometry, else to the passcode. */
  private policyForNewKey(): LAPolicy {
    const unavailable = this.device.localAuthentication.canEvaluatePolicy(
      'deviceOwnerAuthenticationWithBiometrics',
      IBKR_BUNDLE_ID,
    );
    return unavailable === undefined || unavailable === 'biometryLockout'
      ? 'deviceOwnerAuthenticationWithBiometrics'
      : 'deviceOwnerAuthentication';
  }

  /** The app's own alert after a cancel: true when the customer taps Try Again. */
  private async tryAgainAfterCancelling(): Promise<boolean> {
    return (await this.device.flows.ask(authCancelledPrompt(this.device))) === 'retry';
  }

  private async showError(step: string, error: unknown): Promise<void> {
    this.lastErrorCode = codeOf(error);
    this.device.transcript.add('app', `${step} failed: ${this.lastErrorCode}`, { message: describe(error) });
    if (faultOn('activation-error-not-shown') && step === 'enroll') return;
    await this.device.flows.ask(appErrorPrompt(this.device));
  }
}

/** The app asks iOS for notifications: iOS's "Would Like to Send You Notifications" alert. */
export function notificationPermissionPrompt(device: SimulatedIPhone): Prompt {
  const text = device.text.bind(device);
  return permissionPrompt('notificationPermission', {
    title: text('notificationsTitle'),
    message: text('notificationsBody'),
    dontAllow: text('dontAllow'),
    accept: text('allow'),
  });
}

/** The app's own alert after the biometric check was cancelled: Cancel or Try Again. */
export function authCancelledPrompt(device: SimulatedIPhone): Prompt {
  const text = device.text.bind(device);
  return {
    kind: 'authCancelled',
    title: text('authCancelledTitle'),
    message: text('authCancelledBody'),
    buttons: [
      { name: 'Cancel', label: text('cancel'), role: 'dismiss', answer: 'cancel' },
      { name: 'Try Again', label: text('tryAgain'), role: 'accept', answer: 'retry' },
    ],
  };
}

/** The app's error alert: its title and OK. */
export function appErrorPrompt(device: SimulatedIPhone): Prompt {
  return {
    kind: 'appError',
    title: device.text('errorTitle'),
    buttons: [{ name: 'OK', label: device.text('ok'), role: 'accept', answer: 'ok' }],
  };
}

function codeOf(error: unknown): string {
  if (error instanceof ProtocolError) return error.code;
  return error instanceof OfflineError ? 'OFFLINE' : 'CLIENT_ERROR';
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
