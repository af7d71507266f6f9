// The SMS gateway the server uses for recovery codes, speaking Twilio's Messages API shape:
// POST /2010-04-01/Accounts/{AccountSid}/Messages.json (form: To, From, Body) -> 201 JSON.
// Sent messages are kept so an in-process test can read the code; the third-party gateway hands
// each accepted one to the phone with that number (acceptedSms below).

import { HttpResponse, http } from 'msw';
import { faultOn } from '../../product/index.ts';

export interface SentSms {
  sid: string;
  to: string;
  from: string;
  body: string;
}

export const sentSms: SentSms[] = [];

export const SMS_API = 'https://api.twilio.com/2010-04-01/Accounts/:accountSid/Messages.json';
const SMS_API_PATH = /^\/2010-04-01\/Accounts\/[^/]+\/Messages\.json$/;

/** A number as Twilio takes it: E.164, a plus and 7 to 15 digits. */
export const E164 = /^\+[1-9]\d{6,14}$/;

export const smsGatewayHandlers = [
  http.post(SMS_API, async ({ request, params }) => {
    const form = new URLSearchParams(await request.text());
    const to = form.get('To') ?? '';
    const body = form.get('Body') ?? '';
    if (!E164.test(to)) {
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
      body: faultOn('sms-code-garbled') ? garbled(body) : body,
    };
    sentSms.push(message);
    return HttpResponse.json(
      { ...message, account_sid: params.accountSid, status: 'queued' },
      { status: 201 },
    );
  }),
];

/** The text with the last digit of its code changed (a gateway that mangles what it relays). */
function garbled(body: string): string {
  return body.replace(/\d(?!.*\d)/s, (digit) => String((Number(digit) + 1) % 10));
}

/** The gateway refuses every message (e.g. an account suspended). */
export function smsGatewayDown(status = 503) {
  return http.post(SMS_API, () =>
    HttpResponse.json({ code: 20503, message: 'Service unavailable', status }, { status }),
  );
}

/** The message a request to the SMS API sent, when whichever handler answered it accepted it (201). */
export async function acceptedSms(request: Request, response: Response): Promise<SentSms | undefined> {
  const url = new URL(request.url);
  if (request.method !== 'POST' || url.host !== 'api.twilio.com' || !SMS_API_PATH.test(url.pathname)) return;
  if (response.status !== 201) return;
  const answer = (await response
    .clone()
    .json()
    .catch(() => ({}))) as Partial<SentSms>;
  const { sid, to, from, body } = answer;
  if (
    typeof sid !== 'string' ||
    typeof to !== 'string' ||
    typeof from !== 'string' ||
    typeof body !== 'string'
  )
    return;
  return { sid, to, from, body };
}
