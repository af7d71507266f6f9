// The SMS gateway the server uses for recovery codes, speaking Twilio's Messages API shape:
// POST /2010-04-01/Accounts/{AccountSid}/Messages.json (form: To, From, Body) -> 201 JSON.
// Sent messages are kept so a test (or the simulated phone) can read the code that was sent.

import { HttpResponse, http } from 'msw';

export interface SentSms {
  sid: string;
  to: string;
  from: string;
  body: string;
}

export const sentSms: SentSms[] = [];

export const SMS_API = 'https://api.twilio.com/2010-04-01/Accounts/:accountSid/Messages.json';

export const smsGatewayHandlers = [
  http.post(SMS_API, async ({ request, params }) => {
    const form = new URLSearchParams(await request.text());
    const to = form.get('To') ?? '';
    const body = form.get('Body') ?? '';
    if (!/^\+[1-9]\d{6,14}$/.test(to)) {
      return HttpResponse.json(
        { code: 21211, message: `The 'To' number ${to} is not a valid phone number.`, status: 400 },
        { status: 400 },
      );
    }
    if (!body)
      return HttpResponse.json(
        { code: 21602, message: 'Message body is required.', status: 400 },
        { status: 400 },
      );
    const message = {
      sid: `SM${crypto.randomUUID().replaceAll('-', '')}`,
      to,
      from: form.get('From') ?? '',
      body,
    };
    sentSms.push(message);
    return HttpResponse.json(
      { ...message, account_sid: params.accountSid, status: 'queued' },
      { status: 201 },
    );
  }),
];

/** The gateway refuses every message (e.g. an account suspended). */
export function smsGatewayDown(status = 503) {
  return http.post(SMS_API, () =>
    HttpResponse.json({ code: 20503, message: 'Service unavailable', status }, { status }),
  );
}
