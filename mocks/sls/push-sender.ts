// Sends APNs provider-API requests over HTTP/2 through @parse/node-apn (token auth, ES256 JWT),
// pointed at the lab's APNs simulator by address. The outcome is data, never an exception: an
// APNs down (refused), slow (timeout) or gone mid-request gives an outcome the login records.

import apn from '@parse/node-apn';
import type { ApnsConfig } from './config.ts';

export type PushOutcome = 'sent' | 'no_token' | 'not_configured' | 'timeout' | 'error' | (string & {});

export interface PushResult {
  outcome: PushOutcome;
  status?: number;
  /** Apple's reason or the transport error, for the transaction row and the transcript. */
  detail?: string;
}

export interface PushRequest {
  deviceToken: string;
  payload: Record<string, unknown>;
  expiresAt: Date;
  collapseId: string;
}

export interface PushSender {
  send(request: PushRequest): Promise<PushResult>;
  close(): Promise<void>;
}

export function createPushSender(config: ApnsConfig | undefined): PushSender {
  if (!config) {
    return {
      send: async () => ({ outcome: 'not_configured', detail: 'no APNs address configured' }),
      close: async () => {},
    };
  }
  const { hostname, port } = new URL(`https://${config.address}`);
  const provider = new apn.Provider({
    token: { key: config.signingKeyPem, keyId: config.keyId, teamId: config.teamId },
    address: hostname,
    port: Number(port || 443),
    production: false,
    requestTimeout: config.requestTimeoutMs,
    connectionRetryLimit: 1,
    ...(config.ca ? { ca: [config.ca] } : {}),
  });
  // node-apn gives up after requestTimeout; this bound is the sender's own, so that an outcome is
  // recorded even if the library never settles (a session torn down mid-request).
  const giveUpAfterMs = config.requestTimeoutMs * 2 + 1000;
  return {
    async send({ deviceToken, payload, expiresAt, collapseId }) {
      const notification = new apn.Notification();
      notification.rawPayload = payload;
      notification.topic = config.topic;
      notification.pushType = 'alert';
      notification.priority = 10;
      notification.expiry = Math.floor(expiresAt.getTime() / 1000);
      notification.collapseId = collapseId;
      let result: Awaited<ReturnType<typeof provider.send>>;
      try {
        result = await withinMs(provider.send(notification, deviceToken), giveUpAfterMs);
      } catch (error) {
        const message = (error as Error).message;
        return { outcome: /timeout|timed out/i.test(message) ? 'timeout' : 'error', detail: message };
      }
      if (result.sent.length === 1) return { outcome: 'sent', status: 200 };
      const failure = result.failed[0];
      const reason = (failure?.response as { reason?: string } | undefined)?.reason;
      if (reason) return { outcome: reason, status: failure?.status, detail: reason };
      const message = failure?.error?.message ?? 'no response';
      return { outcome: /timeout|timed out/i.test(message) ? 'timeout' : 'error', detail: message };
    },
    async close() {
      // A provider whose peer is gone may never finish its goodbye; a stopping server does not wait for it.
      await withinMs(provider.shutdown(), 1000).catch(() => {});
    },
  };
}

function withinMs<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from APNs within ${ms} ms (timeout)`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
