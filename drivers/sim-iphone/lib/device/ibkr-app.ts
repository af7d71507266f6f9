// The IBKR Mobile app on the simulated iPhone: activation from a scanned link, login approval
// from a notification (or found waiting when the app opens), and the IB Key challenge/response
// module. It speaks the protocol over real HTTP with the reference client of protocol/.

import { recordGeneratedSecret } from '../../../../common/index.ts';
import { IBKR_BUNDLE_ID, type PhoneStringKey } from '../../../../product/index.ts';
import { PhoneClient, ProtocolError, parseActivationLink } from '../../../../protocol/index.ts';
import type { DeliveredNotification, IbKeyItem, SimulatedIPhone } from './device.ts';
import type { LAPolicy } from './local-authentication.ts';
import type { Prompt } from './prompts.ts';
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

export class IbkrApp {
  approval: PendingApproval | undefined;
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
    await this.lookForPendingApprovals();
  }

  private async activate(link: string): Promise<void> {
    const device = this.device;
    const permission = device.permission(IBKR_BUNDLE_ID);
    if (permission.notifications === 'unset') {
      const answer = await device.flows.ask(this.notificationPrompt());
      device.setPermission(IBKR_BUNDLE_ID, 'notifications', answer === 'allow' ? 'yes' : 'no');
    }
    let apnsToken: string | null = null;
    if (device.permission(IBKR_BUNDLE_ID).notifications === 'yes') {
      apnsToken = await device.registerForRemoteNotifications(IBKR_BUNDLE_ID);
    }
    const binding = await this.authenticate('biometricReasonActivate');
    if (binding === undefined) {
      device.go('activationFailed');
      return;
    }
    const phone = await PhoneClient.create({
      model: device.profile.model,
      os: `iOS ${device.platformVersion}`,
      appVersion: APP_VERSION,
      biometry: binding === 'passcode' ? 'passcode' : device.profile.biometry,
    });
    try {
      this.requireOnline();
      device.transcript.add('network', `POST /sls/ibkey/v1/enroll for ${new URL(link).host}`, {
        withApnsToken: apnsToken !== null,
      });
      const enrolled = await phone.enroll(link, apnsToken);
      recordGeneratedSecret('private-key', phone.key.privateJwk.d);
      device.keychain.set(IBKEY_KEYCHAIN_ITEM, {
        privateKey: phone.key.privateJwk,
        boundToEnrollment: binding,
        deviceId: enrolled.deviceId,
        serverPublicKey: enrolled.serverPublicKey,
        portalBaseUrl: new URL(link).origin,
      });
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
    if (!client || !this.device.web.online()) return;
    try {
      const pending = await client.pending(Math.floor(this.device.now().getTime() / 1000));
      this.device.transcript.add('network', `pending logins: ${pending.length}`);
      const first = pending[0];
      if (first) this.showApproval({ txid: first.txid, nonce: first.nonce, challenge: first.challenge });
    } catch (error) {
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
        if (!this.keyUsable()) {
          await this.showError(
            'answer',
            new ProtocolError('BAD_SIGNATURE', 'KEY_INVALIDATED: the biometric enrollment changed'),
          );
          return;
        }
      }
      try {
        this.requireOnline();
        const result = await this.client()!.answer(approval.txid, approval.nonce, decision);
        this.answered = result.state;
        this.approval = undefined;
        this.device.transcript.add('network', `login ${result.state}`);
        this.device.go('approvalAnswered');
      } catch (error) {
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
      if (!client || !this.keyUsable()) {
        await this.showError(
          'challenge',
          new Error(client ? 'KEY_INVALIDATED' : 'IB Key is not active on this phone'),
        );
        return;
      }
      this.response = await client.respondTo(challenge);
      this.device.transcript.add('app', 'IB Key response generated');
    });
  }

  tapDone(): void {
    this.device.go('tapDone');
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
  private keyUsable(): boolean {
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
  private async authenticate(reason: PhoneStringKey, key?: IbKeyItem): Promise<KeyBinding | undefined> {
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
          await this.showError(
            'authenticate',
            new ProtocolError('BAD_SIGNATURE', `KEY_INVALIDATED: LAError.${result.error}`),
          );
          return undefined;
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
    return (await this.device.flows.ask(this.cancelledPrompt())) === 'retry';
  }

  private async showError(step: string, error: unknown): Promise<void> {
    this.lastErrorCode =
      error instanceof ProtocolError
        ? error.code
        : error instanceof OfflineError
          ? 'OFFLINE'
          : 'CLIENT_ERROR';
    this.device.transcript.add('app', `${step} failed: ${this.lastErrorCode}`, { message: describe(error) });
    await this.device.flows.ask({
      kind: 'appError',
      title: this.device.text('errorTitle'),
      buttons: [{ name: 'OK', label: this.device.text('ok'), role: 'accept', answer: 'ok' }],
    });
  }

  private notificationPrompt(): Prompt {
    const text = this.device.text.bind(this.device);
    return {
      kind: 'notificationPermission',
      title: text('notificationsTitle'),
      message: text('notificationsBody'),
      buttons: [
        { name: text('dontAllow'), label: text('dontAllow'), role: 'dismiss', answer: 'deny' },
        { name: text('allow'), label: text('allow'), role: 'accept', answer: 'allow' },
      ],
    };
  }

  private cancelledPrompt(): Prompt {
    const text = this.device.text.bind(this.device);
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
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
