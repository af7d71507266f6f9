// Texts recovery codes through an SMS provider with Twilio's Messages API shape (form To, From,
// Body -> 201 JSON with a sid), in the lab through the third-party gateway. Like the push sender,
// the outcome is data, never an exception: a recovery turns a failure into SMS_FAILED.

import type { SmsConfig } from './config.ts';

export type SmsResult = { outcome: 'sent'; sid: string } | { outcome: 'failed'; detail: string };

export interface SmsSender {
  send(message: { to: string; body: string }): Promise<SmsResult>;
}

export function createSmsSender(config: SmsConfig | undefined): SmsSender {
  if (!config) {
    return {
      send: async () => ({ outcome: 'failed', detail: 'no SMS provider is configured on this server' }),
    };
  }
  const apiUrl = `${config.apiUrl}/2010-04-01/Accounts/${config.accountSid}/Messages.json`;
  const target = config.gatewayUrl ? `${config.gatewayUrl}${new URL(apiUrl).pathname}` : apiUrl;
  return {
    async send({ to, body }) {
      let response: Response;
      try {
        response = await fetch(target, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            ...(config.gatewayUrl ? { 'x-lab-original-url': apiUrl } : {}),
          },
          body: new URLSearchParams({ To: to, From: config.from, Body: body }),
          signal: AbortSignal.timeout(config.requestTimeoutMs),
        });
      } catch (error) {
        return { outcome: 'failed', detail: `the SMS provider did not answer: ${(error as Error).message}` };
      }
      const answer = (await response.json().catch(() => ({}))) as { sid?: unknown; message?: unknown };
      if (response.status === 201 && typeof answer.sid === 'string')
        return { outcome: 'sent', sid: answer.sid };
      return {
        outcome: 'failed',
        detail: `the SMS provider answered ${response.status}${typeof answer.message === 'string' ? `: ${answer.message}` : ''}`,
      };
    },
  };
}
