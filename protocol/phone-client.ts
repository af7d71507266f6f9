// A reference implementation of the phone's side of the protocol over HTTP: what the simulated
// app uses, and what tests use to drive the server with no UI. It holds one device key: a phone
// that recovers or moves IB Key with a new key is a new PhoneClient.

import { parseActivationLink } from './activation-link.ts';
import type { Bytes } from './base64url.ts';
import { computeChallengeResponse } from './challenge-response.ts';
import {
  deriveChallengeResponseKey,
  generateKeyPairJwk,
  jwkThumbprint,
  type KeyPairJwk,
  type PrivateJwk,
  type PublicJwk,
  publicPart,
  signString,
  verifyString,
} from './crypto.ts';
import { type ErrorBody, type ErrorCode, ProtocolError } from './errors.ts';
import {
  type AnswerResponse,
  type BiometryKind,
  type DecisionValue,
  type EnrollRequest,
  type EnrollResponse,
  type KeyInvalidatedRequest,
  type KeyInvalidatedResponse,
  MOBILE_API,
  type PendingResponse,
  type PendingTransaction,
  type RecoveryCompleteRequest,
  type RecoveryStartRequest,
  type RecoveryStartResponse,
  type RestoreRequest,
} from './messages.ts';
import {
  answerString,
  enrollString,
  pendingString,
  pushString,
  recoverString,
  restoreString,
} from './signing-strings.ts';

export interface DeviceDescription {
  model: string;
  os: string;
  appVersion: string;
  biometry: BiometryKind;
}

export interface EnrolledDevice {
  deviceId: string;
  serverPublicKey: PublicJwk;
  portalBaseUrl: string;
}

export class PhoneClient {
  enrolled: EnrolledDevice | undefined;

  constructor(
    readonly key: KeyPairJwk,
    readonly device: DeviceDescription = {
      model: 'iPhone 15',
      os: 'iOS 18.1',
      appVersion: '8.6.1',
      biometry: 'faceId',
    },
  ) {}

  static async create(device?: DeviceDescription): Promise<PhoneClient> {
    return new PhoneClient(await generateKeyPairJwk(), device);
  }

  /** A phone whose key and enrollment were made elsewhere (e.g. by the lab control API). */
  static restore(privateKey: PrivateJwk, enrolled: EnrolledDevice, device?: DeviceDescription): PhoneClient {
    const phone = new PhoneClient({ privateJwk: privateKey, publicJwk: publicPart(privateKey) }, device);
    phone.enrolled = enrolled;
    return phone;
  }

  /** Builds the signed enroll body for a scanned activation link. */
  async enrollRequest(link: string, apnsToken: string | null): Promise<EnrollRequest> {
    const { serial, credential } = parseActivationLink(link);
    const publicKeyThumbprint = await jwkThumbprint(this.key.publicJwk);
    const sig = await signString(
      this.key.privateJwk,
      enrollString({ serial, credential, publicKeyThumbprint, apnsToken }),
    );
    return { v: 1, serial, credential, publicKey: this.key.publicJwk, apnsToken, device: this.device, sig };
  }

  /** Redeems the activation the link carries; throws ProtocolError with the server's code on failure. */
  async enroll(link: string, apnsToken: string | null): Promise<EnrollResponse> {
    const portalBaseUrl = new URL(link).origin;
    const response = await post<EnrollResponse>(
      portalBaseUrl,
      MOBILE_API.enroll,
      await this.enrollRequest(link, apnsToken),
    );
    return this.keep(response, portalBaseUrl);
  }

  /** Builds the signed restore body (part D, key still valid) that re-binds the APNs token. */
  async restoreRequest(apnsToken: string | null, nowSeconds = unixNow()): Promise<RestoreRequest> {
    const { deviceId } = this.requireEnrolled();
    const sig = await signString(this.key.privateJwk, restoreString({ deviceId, apnsToken, ts: nowSeconds }));
    return { v: 1, deviceId, apnsToken, ts: nowSeconds, sig };
  }

  /** After a reinstall or an iOS update, with the keychain key still valid. */
  async restore(apnsToken: string | null, nowSeconds = unixNow()): Promise<EnrollResponse> {
    const { portalBaseUrl } = this.requireEnrolled();
    const response = await post<EnrollResponse>(
      portalBaseUrl,
      MOBILE_API.restore,
      await this.restoreRequest(apnsToken, nowSeconds),
    );
    return this.keep(response, portalBaseUrl);
  }

  /** Tells the server this device's key is unusable, proven by a push it received (unsigned). */
  async reportKeyInvalidated(txid: string, nonce: string): Promise<KeyInvalidatedResponse> {
    const { deviceId, portalBaseUrl } = this.requireEnrolled();
    const body: KeyInvalidatedRequest = { v: 1, deviceId, txid, nonce };
    return post<KeyInvalidatedResponse>(portalBaseUrl, MOBILE_API.keyInvalidated, body);
  }

  /** Parts D and E: the password; the server texts a code to the user's phone number. */
  async startRecovery(
    portalBaseUrl: string,
    request: Omit<RecoveryStartRequest, 'v'>,
  ): Promise<RecoveryStartResponse> {
    return post<RecoveryStartResponse>(portalBaseUrl, MOBILE_API.recoveryStart, { v: 1, ...request });
  }

  /** Builds the body that completes a recovery with the SMS code, enrolling this phone's key. */
  async completeRecoveryRequest(
    recoveryId: string,
    smsCode: string,
    apnsToken: string | null,
  ): Promise<RecoveryCompleteRequest> {
    const publicKeyThumbprint = await jwkThumbprint(this.key.publicJwk);
    const sig = await signString(
      this.key.privateJwk,
      recoverString({ recoveryId, smsCode, publicKeyThumbprint, apnsToken }),
    );
    return { v: 1, recoveryId, smsCode, publicKey: this.key.publicJwk, apnsToken, device: this.device, sig };
  }

  /** This phone's key replaces the user's device; throws ProtocolError with the server's code on failure. */
  async completeRecovery(
    portalBaseUrl: string,
    recoveryId: string,
    smsCode: string,
    apnsToken: string | null,
  ): Promise<EnrollResponse> {
    const response = await post<EnrollResponse>(
      portalBaseUrl,
      MOBILE_API.recoveryComplete,
      await this.completeRecoveryRequest(recoveryId, smsCode, apnsToken),
    );
    return this.keep(response, portalBaseUrl);
  }

  private keep(response: EnrollResponse, portalBaseUrl: string): EnrollResponse {
    this.enrolled = { deviceId: response.deviceId, serverPublicKey: response.serverPublicKey, portalBaseUrl };
    return response;
  }

  /** Checks that a push payload's ibkey part was signed by the server this phone enrolled with. */
  async verifyPush(ibkey: { txid: string; nonce: string; sig: string }): Promise<boolean> {
    return verifyString(this.requireEnrolled().serverPublicKey, pushString(ibkey), ibkey.sig);
  }

  async pending(nowSeconds = unixNow()): Promise<PendingTransaction[]> {
    const { deviceId, portalBaseUrl } = this.requireEnrolled();
    const sig = await signString(this.key.privateJwk, pendingString({ deviceId, ts: nowSeconds }));
    const response = await post<PendingResponse>(portalBaseUrl, MOBILE_API.pending, {
      v: 1,
      deviceId,
      ts: nowSeconds,
      sig,
    });
    for (const item of response.transactions) {
      if (!(await this.verifyPush(item)))
        throw new Error(`Pending login ${item.txid} is not signed by the server`);
    }
    return response.transactions;
  }

  /** Builds the signed answer body for a login request. */
  async answerRequest(txid: string, nonce: string, decision: DecisionValue) {
    const { deviceId } = this.requireEnrolled();
    const sig = await signString(this.key.privateJwk, answerString({ txid, nonce, decision }));
    return { v: 1 as const, deviceId, txid, nonce, decision, sig };
  }

  async answer(txid: string, nonce: string, decision: DecisionValue): Promise<AnswerResponse> {
    const { portalBaseUrl } = this.requireEnrolled();
    return post<AnswerResponse>(
      portalBaseUrl,
      MOBILE_API.answer,
      await this.answerRequest(txid, nonce, decision),
    );
  }

  async challengeResponseKey(): Promise<Bytes> {
    const { deviceId, serverPublicKey } = this.requireEnrolled();
    return deriveChallengeResponseKey(this.key.privateJwk, serverPublicKey, deviceId);
  }

  /** What the app's IB Key module shows after Generate Response. */
  async respondTo(challenge: string): Promise<string> {
    return computeChallengeResponse(await this.challengeResponseKey(), challenge);
  }

  private requireEnrolled(): EnrolledDevice {
    if (!this.enrolled)
      throw new Error('This phone has not enrolled yet: call enroll() with an activation link first.');
    return this.enrolled;
  }
}

async function post<T>(baseUrl: string, path: string, body: unknown): Promise<T> {
  const response = await fetch(new URL(path, baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
  const payload = (await response.json().catch(() => ({}))) as T | ErrorBody;
  if (!response.ok) {
    const { error, message, ...details } = payload as ErrorBody;
    throw new ProtocolError(
      (error ?? 'INVALID_REQUEST') as ErrorCode,
      message ?? `HTTP ${response.status}`,
      details,
    );
  }
  return payload as T;
}

function unixNow(): number {
  return Math.floor(Date.now() / 1000);
}
