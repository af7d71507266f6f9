// Everything the sls server can be told at start. Defaults suit a lab on loopback.

import { IBKR_MOBILE } from '../../product/index.ts';
import { DEFAULT_TTL, SMS_CODE_ATTEMPTS } from '../../protocol/index.ts';
import { newLabControlToken } from './lab-control-guard.ts';
import type { Limit } from './rate-limiter.ts';
import { type SecretsKeySource, secretsKeyFromEnvironment } from './server-keys.ts';

export interface ApnsConfig {
  /** host:port of an APNs provider API (the lab's simulator); pushes are not sent when absent. */
  address: string;
  /** PEM of the CA that signed the APNs server certificate (the simulator's own). */
  ca?: string;
  teamId: string;
  keyId: string;
  /** PEM (PKCS#8) of the ES256 provider key, as Apple's .p8 file. */
  signingKeyPem: string;
  topic: string;
  requestTimeoutMs: number;
}

export interface SmsConfig {
  /** The SMS provider's API origin (Twilio's Messages API shape). */
  apiUrl: string;
  /**
   * The lab's third-party gateway: requests go there, naming the API URL in x-lab-original-url.
   * Without it they go to apiUrl itself.
   */
  gatewayUrl?: string;
  accountSid: string;
  /** The sender number of the texts, E.164. */
  from: string;
  requestTimeoutMs: number;
}

/** What a lab portal texts through: the gateway's Twilio mock, with Twilio's test sender number. */
export function labSmsConfig(gatewayUrl: string): SmsConfig {
  return {
    apiUrl: 'https://api.twilio.com',
    gatewayUrl,
    accountSid: `AC${'0'.repeat(31)}1`,
    from: '+15005550006',
    requestTimeoutMs: 3000,
  };
}

export interface SlsConfig {
  databaseUrl: string;
  host: string;
  /** 0 = a port chosen by the kernel at start. */
  port: number;
  /** The origin phones reach the portal at; defaults to http://<host>:<port>. */
  publicBaseUrl?: string;
  /** Turns on the /lab control API (loopback callers only). */
  labMode: boolean;
  /** What every /lab request must carry (Authorization: Bearer <token>); random for each run by default. */
  labControlToken: string;
  /** The key that seals the server's own secrets in the database (server-keys.ts); never stored there. */
  secretsKey: SecretsKeySource;
  ttl: {
    activationSeconds: number;
    loginTransactionSeconds: number;
    requestClockSkewSeconds: number;
    pollIntervalSeconds: number;
    sessionSeconds: number;
    recoveryCodeSeconds: number;
  };
  limits: {
    /** Failed passwords of one client for one username: then that client may not try that username. */
    passwordFailuresPerClientAndUser: Limit;
    /** Failed passwords for one username from every client: then nobody may try it (guessing from many addresses). */
    passwordFailuresPerUser: Limit;
    /**
     * Failed passwords of one client on usernames that exist: then that client may try none. Unknown
     * usernames do not count, so a client that mistypes names never locks out the others at its address.
     */
    passwordFailuresPerClient: Limit;
    /** Wrong credentials per serial (the right credential is never held back by someone else's guesses). */
    enrollPerSerial: Limit;
    enrollPerClient: Limit;
    challengeResponseFailuresPerTransaction: number;
    /** Login pushes per user: beyond it a login goes to challenge/response (against push fatigue). */
    loginPushesPerUser: Limit;
    /** SMS codes sent per user (recoveries and moves started), against SMS pumping. */
    recoveryStartsPerUser: Limit;
    smsCodeAttemptsPerRecovery: number;
  };
  apns?: ApnsConfig;
  /** Where recovery codes are texted; without it a recovery cannot start (SMS_FAILED). */
  sms?: SmsConfig;
  /** Where a simulated iPhone subscribes to this portal's pushes; told to scenarios run elsewhere. */
  apnsDeviceUrl?: string;
  appBundleId: string;
  appTeamId: string;
  appStoreUrl: string;
  /** log2 of scrypt's N for password hashes. */
  scryptLogN: number;
  /** Largest request body accepted, in bytes. */
  bodyLimit: number;
  log?: (line: string) => void;
}

export function defaultConfig(overrides: Partial<SlsConfig> & Pick<SlsConfig, 'databaseUrl'>): SlsConfig {
  return {
    host: '127.0.0.1',
    port: 0,
    labMode: true,
    labControlToken: newLabControlToken(),
    secretsKey: secretsKeyFromEnvironment(),
    ttl: {
      activationSeconds: DEFAULT_TTL.activationSeconds,
      loginTransactionSeconds: DEFAULT_TTL.loginTransactionSeconds,
      requestClockSkewSeconds: DEFAULT_TTL.requestClockSkewSeconds,
      pollIntervalSeconds: DEFAULT_TTL.pollIntervalSeconds,
      sessionSeconds: 1800,
      recoveryCodeSeconds: DEFAULT_TTL.recoveryCodeSeconds,
    },
    limits: {
      passwordFailuresPerClientAndUser: { attempts: 5, windowSeconds: 900 },
      passwordFailuresPerUser: { attempts: 20, windowSeconds: 900 },
      passwordFailuresPerClient: { attempts: 50, windowSeconds: 900 },
      enrollPerSerial: { attempts: 10, windowSeconds: 60 },
      enrollPerClient: { attempts: 120, windowSeconds: 60 },
      challengeResponseFailuresPerTransaction: 5,
      loginPushesPerUser: { attempts: 5, windowSeconds: 900 },
      recoveryStartsPerUser: { attempts: 5, windowSeconds: 3600 },
      smsCodeAttemptsPerRecovery: SMS_CODE_ATTEMPTS,
    },
    appBundleId: IBKR_MOBILE.bundleId,
    appTeamId: IBKR_MOBILE.teamId,
    appStoreUrl: IBKR_MOBILE.appStoreUrl,
    scryptLogN: 14,
    bodyLimit: 16 * 1024,
    ...overrides,
  };
}
