// Every expectation a customer case can state, each defined once. They run anywhere in the steps
// (`- expect: { phone: old, screen: ibkr.moved }`) and in the case's closing `expect:` block; a
// failure says in one sentence what was expected and what the phone or the portal showed.

import { Type } from 'typebox';
import { SCREENS } from '../../../drivers/sim-iphone/screens.ts';
import {
  IBKR_BUNDLE_ID,
  PHONE_STRINGS,
  type PhoneStringKey,
  PORTAL_MESSAGES,
  type PortalMessageKey,
} from '../../../product/index.ts';
import { type CasePhone, type CaseRun, expectEventually } from '../case-run.ts';
import { CaseExpectationFailed, defineExpectation, type ExpectationDefinition, oneOf } from './define.ts';

const strict = { additionalProperties: false } as const;
const PortalKey = oneOf(...(Object.keys(PORTAL_MESSAGES['en-US']) as PortalMessageKey[]));
const PhoneKey = oneOf(...(Object.keys(PHONE_STRINGS['en-US']) as PhoneStringKey[]));
const AuditEntry = Type.String({
  pattern: '^[a-z_]+:[A-Za-z_]+(@[a-z][a-z0-9-]*)?$',
  description: 'kind:OUTCOME, optionally @phone: the phone whose device it concerns',
});
const SCAN_FAILURES = [
  'front_camera',
  'too_small',
  'too_blurred',
  'out_of_frame',
  'glare',
  'tilted',
  'no_code',
];

const quote = (text: string) => `“${text}”`;
/** A step's title names the phone only when the case has several. */
const who = (run: CaseRun) =>
  run.hasSeveralPhones ? { en: run.phone.name, fr: run.phone.name } : { en: 'the phone', fr: 'le téléphone' };
const list = (items: readonly string[]) => (items.length ? items.join(', ') : 'nothing');

// --- what the phone and the portal show ---------------------------------------------------------

/** The texts on the phone's screen now (labels and values of its page source), alerts included. */
async function textsOnScreen(phone: CasePhone): Promise<string[]> {
  const source = await phone.screens.driver.getPageSource();
  const texts = [...source.matchAll(/\s(?:label|value)="([^"]*)"/g)].map((match) => unescapeXml(match[1]!));
  return [...new Set(texts.filter((text) => text.trim()))];
}

function unescapeXml(text: string): string {
  return text
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&apos;', "'")
    .replaceAll('&#10;', '\n')
    .replaceAll('&amp;', '&');
}

/** The screen the phone is on, from its transcript's last move ("camera -> safari (openSafari)"). */
async function screenOf(phone: CasePhone): Promise<string> {
  const transcript = await phone.screens.transcript();
  const last = transcript.filter((entry) => entry.kind === 'screen').at(-1);
  return last?.text.match(/-> (\S+)/)?.[1] ?? 'springboard';
}

function phoneTextOf(run: CaseRun, phone: CasePhone, key: PhoneStringKey): string {
  return phone.screens.text(key, { host: new URL(run.lab.portalUrl).host });
}

/** Whether a shown text is the key's text, whatever fills its other placeholders ({count}, {minutes}). */
function matchesPhoneText(shown: string, expected: string): boolean {
  const pattern = expected
    .split(/\{\w+\}/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.+?');
  return new RegExp(pattern, 's').test(shown);
}

async function portalShows(run: CaseRun): Promise<string> {
  const text = await run.customer.portal
    .locator('body')
    // biome-ignore lint/performance/useDomNodeTextContent: what the customer sees, not the page's scripts and hidden parts.
    .innerText()
    .catch(() => '');
  const shown = text.replace(/\s+/g, ' ').trim();
  return shown.length > 160 ? `${shown.slice(0, 157)}…` : shown;
}

function portalTextOf(run: CaseRun, key: PortalMessageKey): string {
  return run.customer.pages.text(key, { name: run.customer.account.displayName, minutes: 15 });
}

// --- the server's state ---------------------------------------------------------------------------

const stateOf = (run: CaseRun) => run.support.stateOf(run.customer.account);
const activeDevices = async (run: CaseRun) =>
  (await stateOf(run)).devices.filter((device) => device.state === 'active');

/** The active device this phone holds, or else the account's first active one (one-phone cases). */
async function deviceOf(run: CaseRun, phone: CasePhone) {
  const devices = await activeDevices(run);
  const ids = await run.deviceIdsOf(phone);
  return devices.find((device) => ids.includes(device.id)) ?? (run.hasSeveralPhones ? undefined : devices[0]);
}

/** "enroll:ACTIVATED@old": the audit events, each with the phone whose device it concerns. */
async function auditTrail(run: CaseRun): Promise<{ event: string; phone?: string }[]> {
  const [events, phones] = await Promise.all([
    stateOf(run).then((state) => state.audit),
    run.phonesByDevice(),
  ]);
  return events.map((event) => ({
    event: `${event.kind}:${event.outcome}`,
    phone: event.device_id ? phones.get(event.device_id) : undefined,
  }));
}

const auditMatches = (expected: string, actual: { event: string; phone?: string }) => {
  const [event, phone] = expected.split('@');
  return event === actual.event && (phone === undefined || phone === actual.phone);
};
const showAudit = (trail: { event: string; phone?: string }[], withPhones: boolean) =>
  list(trail.map((entry) => (withPhones && entry.phone ? `${entry.event}@${entry.phone}` : entry.event)));

/** Whether `expected` occurs in `trail` in this order (other events may come between). */
function inOrder(expected: readonly string[], trail: { event: string; phone?: string }[]): boolean {
  let next = 0;
  for (const entry of trail) if (next < expected.length && auditMatches(expected[next]!, entry)) next += 1;
  return next === expected.length;
}

export const EXPECTATIONS: readonly ExpectationDefinition[] = [
  defineExpectation({
    name: 'portal',
    value: PortalKey,
    doc: 'The portal shows this text (a key of product/portal-strings.ts, in the case’s language).',
    example: 'gateActivated',
    badValue: 'portal takes a portal text key such as gateActivated, gateExpired or homeHeading',
    title: (key, run) => ({
      en: `the portal shows ${quote(portalTextOf(run, key))}`,
      fr: `le portail affiche « ${portalTextOf(run, key)} »`,
    }),
    check: async (key, run) => {
      const text = portalTextOf(run, key);
      await expectEventually(
        () => run.customer.portal.getByText(text, { exact: true }).isVisible(),
        (visible) => visible,
        async () =>
          `Expected the portal to show ${quote(text)} (${key}); it shows: ${quote(await portalShows(run))}.`,
        10_000,
      );
    },
  }),
  defineExpectation({
    name: 'phoneShows',
    value: PhoneKey,
    doc: 'The phone’s screen (an alert included) shows this app or iOS text (a key of product/phone-strings.ts, in the phone’s language).',
    example: 'keyInvalidatedTitle',
    badValue: 'phoneShows takes a phone text key such as errorTitle, movedTitle or keyInvalidatedTitle',
    title: (key, run) => ({
      en: `${who(run).en} shows ${quote(phoneTextOf(run, run.phone, key))}`,
      fr: `${who(run).fr} affiche « ${phoneTextOf(run, run.phone, key)} »`,
    }),
    check: async (key, run) => {
      const phone = run.phone;
      const text = phoneTextOf(run, phone, key);
      await expectEventually(
        () => textsOnScreen(phone),
        (texts) => texts.some((shown) => matchesPhoneText(shown, text)),
        (texts) =>
          `Expected phone "${phone.name}" to show ${quote(text)} (${key}); its screen shows: ${list(texts.map(quote))}.`,
      );
    },
  }),
  defineExpectation({
    name: 'element',
    value: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }), shown: Type.Boolean() }, strict),
    doc: 'An element with this accessibility id is on the phone’s screen (shown: true) or not (shown: false).',
    example: { id: 'Approve', shown: false },
    badValue: 'element takes { id: an accessibility id, shown: true or false }',
    title: ({ id, shown }, run) => ({
      en: `${who(run).en} ${shown ? 'shows' : 'does not show'} “${id}”`,
      fr: `${who(run).fr} ${shown ? 'affiche' : 'n’affiche pas'} « ${id} »`,
    }),
    check: async ({ id, shown }, run) => {
      const phone = run.phone;
      await expectEventually(
        () => phone.screens.isShown(id),
        (isShown) => isShown === shown,
        async () =>
          `Expected phone "${phone.name}" ${shown ? 'to show' : 'not to show'} “${id}”; it is on ${await screenOf(phone)} showing: ${list((await textsOnScreen(phone)).map(quote))}.`,
      );
    },
  }),
  defineExpectation({
    name: 'screen',
    value: oneOf(...SCREENS),
    doc: 'The phone is on this screen (springboard, camera, safari, appStore.product, ibkr.home, ibkr.moved, …).',
    example: 'ibkr.moved',
    badValue: `screen takes one of ${SCREENS.join(', ')}`,
    title: (screen, run) => ({
      en: `${who(run).en} is on the ${screen} screen`,
      fr: `${who(run).fr} est sur l’écran ${screen}`,
    }),
    check: async (screen, run) => {
      const phone = run.phone;
      await expectEventually(
        () => screenOf(phone),
        (current) => current === screen,
        (current) => `Expected phone "${phone.name}" to be on the ${screen} screen; it is on ${current}.`,
      );
    },
  }),
  defineExpectation({
    name: 'alert',
    value: Type.Union([Type.Literal('none'), PhoneKey]),
    doc: 'An alert is up whose text holds this phone text (e.g. errorTitle, passcodeTitle), or none is.',
    example: 'errorTitle',
    badValue: 'alert takes none or a phone text key such as errorTitle or passcodeTitle',
    title: (key, run) =>
      key === 'none'
        ? { en: `${who(run).fr} shows no alert`, fr: `${who(run).fr} n’affiche aucune alerte` }
        : {
            en: `${who(run).en} shows the alert ${quote(phoneTextOf(run, run.phone, key))}`,
            fr: `${who(run).fr} affiche l’alerte « ${phoneTextOf(run, run.phone, key)} »`,
          },
    check: async (key, run) => {
      const phone = run.phone;
      const readAlert = () => phone.screens.alertTextNow();
      if (key === 'none') {
        await expectEventually(
          readAlert,
          (text) => text === undefined,
          (text) => `Expected no alert on phone "${phone.name}"; it shows ${quote(text ?? '')}.`,
        );
        return;
      }
      const expected = phoneTextOf(run, phone, key);
      await expectEventually(
        readAlert,
        (text) => (text === undefined ? false : matchesPhoneText(text, expected)),
        (text) =>
          `Expected an alert with ${quote(expected)} (${key}) on phone "${phone.name}"; ${text === undefined ? 'no alert is up' : `the alert says ${quote(text)}`}.`,
      );
    },
  }),
  defineExpectation({
    name: 'banner',
    value: oneOf('app', 'safari', 'notification', 'none'),
    doc: 'The banner on top of the phone: the QR banner to IBKR Mobile (app) or to Safari, a notification, or none.',
    example: 'app',
    badValue: 'banner takes app, safari, notification or none',
    title: (kind, run) => ({
      en: kind === 'none' ? `${who(run).en} shows no banner` : `${who(run).en} shows the ${kind} banner`,
      fr:
        kind === 'none'
          ? `${who(run).fr} n’affiche aucune bannière`
          : `${who(run).fr} affiche la bannière ${kind}`,
    }),
    check: async (kind, run) => {
      const phone = run.phone;
      const readBanner = async () => {
        if (await phone.screens.isNotificationBannerShown()) return 'a notification';
        if (await phone.screens.isQrBannerShown()) return quote(await phone.screens.bannerText());
        return 'no banner';
      };
      const expected =
        kind === 'app'
          ? quote(phone.screens.text('qrInApp'))
          : kind === 'safari'
            ? quote(phoneTextOf(run, phone, 'qrInSafari'))
            : kind === 'notification'
              ? 'a notification'
              : 'no banner';
      await expectEventually(
        readBanner,
        (shown) => shown === expected,
        (shown) =>
          `Expected phone "${phone.name}" to show ${expected === 'no banner' ? 'no banner' : `the banner ${expected}`}; it shows ${shown}.`,
      );
    },
  }),
  defineExpectation({
    name: 'scanFailure',
    value: oneOf('none', ...SCAN_FAILURES),
    doc: 'Why the last scan read no code (front_camera, too_small, too_blurred, out_of_frame, glare, tilted, no_code), or none: it read one.',
    example: 'front_camera',
    badValue: `scanFailure takes none or one of ${SCAN_FAILURES.join(', ')}`,
    title: (reason) => ({
      en: reason === 'none' ? 'the scan read the code' : `the scan failed (${reason})`,
      fr: reason === 'none' ? 'le scan a lu le code' : `le scan a échoué (${reason})`,
    }),
    check: async (reason, run) => {
      const scan = run.customer.notes.get('scan');
      const seen = !scan
        ? 'no scan was made'
        : scan.decoded
          ? 'it read the code'
          : `it failed (${scan.reason})`;
      const ok =
        reason === 'none' ? scan?.decoded === true : scan?.decoded === false && scan.reason === reason;
      if (!ok)
        throw new CaseExpectationFailed(
          `Expected the last scan ${reason === 'none' ? 'to read the code' : `to fail (${reason})`}; ${seen}.`,
        );
    },
  }),
  defineExpectation({
    name: 'activeDevices',
    value: Type.Integer({ minimum: 0, maximum: 5 }),
    doc: 'How many active IB Key devices the account has on the server.',
    example: 1,
    badValue: 'activeDevices takes a whole number from 0 to 5',
    title: (count) => ({
      en: `the account has ${count} active device${count === 1 ? '' : 's'}`,
      fr: `le compte a ${count} appareil${count > 1 ? 's' : ''} actif${count > 1 ? 's' : ''}`,
    }),
    check: async (count, run) => {
      await expectEventually(
        () => activeDevices(run),
        (devices) => devices.length === count,
        (devices) => `Expected ${count} active device(s) on the server; it has ${devices.length}.`,
      );
    },
  }),
  defineExpectation({
    name: 'apnsToken',
    value: oneOf('present', 'absent'),
    doc: 'Whether the server holds an APNs token for this phone’s device (absent when notifications were refused).',
    example: 'present',
    badValue: 'apnsToken takes present or absent',
    title: (presence, run) => ({
      en: `the server ${presence === 'present' ? 'holds' : 'holds no'} APNs token for ${who(run).en}`,
      fr: `le serveur ${presence === 'present' ? 'a' : 'n’a pas'} de jeton APNs pour ${who(run).fr}`,
    }),
    check: async (presence, run) => {
      const phone = run.phone;
      await expectEventually(
        () => deviceOf(run, phone),
        (device) =>
          presence === 'present' ? /^[0-9a-f]{64}$/.test(device?.apns_token ?? '') : !device?.apns_token,
        (device) =>
          `Expected the server to hold ${presence === 'present' ? 'an' : 'no'} APNs token for phone "${phone.name}"; ${!device ? 'it has no active device for it' : device.apns_token ? 'it holds one' : 'it holds none'}.`,
      );
    },
  }),
  defineExpectation({
    name: 'keyState',
    value: oneOf('usable', 'invalidated'),
    doc: 'The state of this phone’s key on the server: usable, or invalidated (its biometrics changed).',
    example: 'invalidated',
    badValue: 'keyState takes usable or invalidated',
    title: (state, run) => ({
      en: `the key of ${who(run).en} is ${state}`,
      fr: `la clé de ${who(run).fr} est ${state === 'usable' ? 'utilisable' : 'invalidée'}`,
    }),
    check: async (state, run) => {
      const phone = run.phone;
      await expectEventually(
        () => deviceOf(run, phone),
        (device) => device?.key_state === state,
        (device) =>
          `Expected the key of phone "${phone.name}" to be ${state} on the server; ${device ? `it is ${device.key_state}` : 'the server has no active device for it'}.`,
      );
    },
  }),
  defineExpectation({
    name: 'audit',
    value: Type.Union([
      Type.Array(AuditEntry, { minItems: 1 }),
      Type.Object({ exactly: Type.Array(AuditEntry) }, strict),
    ]),
    doc: 'The account’s audit events: a list appears in this order (others may come between); { exactly: [...] } is the whole trail. kind:OUTCOME@phone names the phone.',
    example: { exactly: ['enroll:ACTIVATED@old', 'recovery:COMPLETED@new', 'device:REVOKED@old'] },
    badValue: 'audit takes a list of kind:OUTCOME (optionally @phone), or { exactly: [that list] }',
    title: (value) => {
      const exactly = !Array.isArray(value);
      const entries = Array.isArray(value) ? value : value.exactly;
      return {
        en: `the audit trail ${exactly ? 'is exactly' : 'holds, in order,'} ${list(entries)}`,
        fr: `le journal d’audit ${exactly ? 'est exactement' : 'contient, dans l’ordre,'} ${list(entries)}`,
      };
    },
    check: async (value, run) => {
      const exactly = !Array.isArray(value);
      const expected = Array.isArray(value) ? value : value.exactly;
      const withPhones = expected.some((entry) => entry.includes('@'));
      await expectEventually(
        () => auditTrail(run),
        (trail) =>
          exactly
            ? trail.length === expected.length &&
              trail.every((entry, index) => auditMatches(expected[index]!, entry))
            : inOrder(expected, trail),
        (trail) =>
          `Expected the audit trail ${exactly ? 'to be exactly' : 'to hold, in this order,'} ${list(expected)}; it is ${showAudit(trail, withPhones)}.`,
      );
    },
  }),
  defineExpectation({
    name: 'lastLogin',
    value: Type.Object(
      {
        state: oneOf('pending', 'approved', 'denied'),
        answeredBy: Type.Optional(oneOf('push', 'challenge_response')),
        pushOutcome: Type.Optional(Type.String({ pattern: '^[A-Za-z_]+$', maxLength: 40 })),
        onPhone: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9-]*$' })),
      },
      strict,
    ),
    doc: 'The account’s last login request: its state, how it was answered, the push’s outcome (sent, timeout, Unregistered…) and the phone it went to.',
    example: { state: 'approved', answeredBy: 'push', onPhone: 'new' },
    badValue:
      'lastLogin takes { state: pending, approved or denied, answeredBy?: push or challenge_response, pushOutcome?: e.g. sent, onPhone?: a phone of the case }',
    title: (value) => ({
      en: `the last login request is ${Object.values(value).join(', ')}`,
      fr: `la dernière demande de connexion est ${Object.values(value).join(', ')}`,
    }),
    check: async (value, run) => {
      const read = async () => {
        const login = (await stateOf(run)).transactions.at(-1);
        return login && { ...login, phone: (await run.phonesByDevice()).get(login.device_id) };
      };
      await expectEventually(
        read,
        (login) =>
          !!login &&
          login.state === value.state &&
          (value.answeredBy === undefined || login.answered_by === value.answeredBy) &&
          (value.pushOutcome === undefined || login.push_outcome === value.pushOutcome) &&
          (value.onPhone === undefined || login.phone === value.onPhone),
        (login) =>
          `Expected the last login request to be ${JSON.stringify(value)}; ${login ? `it is ${JSON.stringify({ state: login.state, answeredBy: login.answered_by, pushOutcome: login.push_outcome, onPhone: login.phone ?? null })}` : 'there is none'}.`,
        10_000,
      );
    },
  }),
  defineExpectation({
    name: 'activation',
    value: Type.Object(
      {
        state: oneOf('issued', 'activated', 'failed'),
        outcome: Type.Optional(Type.String({ pattern: '^[A-Z_]+$', maxLength: 40 })),
        count: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })),
      },
      strict,
    ),
    doc: 'The account’s last activation (QR code): issued, activated or failed with its outcome (EXPIRED, CREDENTIAL_USED…); count: how many QR codes were issued.',
    example: { state: 'failed', outcome: 'EXPIRED' },
    badValue:
      'activation takes { state: issued, activated or failed, outcome?: e.g. EXPIRED, count?: the number of QR codes issued }',
    title: (value) => ({
      en: `the last activation is ${Object.values(value).join(', ')}`,
      fr: `la dernière activation est ${Object.values(value).join(', ')}`,
    }),
    check: async (value, run) => {
      await expectEventually(
        async () => (await stateOf(run)).activations,
        (activations) => {
          const last = activations.at(-1);
          return (
            last?.state === value.state &&
            (value.outcome === undefined || last.outcome === value.outcome) &&
            (value.count === undefined || activations.length === value.count)
          );
        },
        (activations) => {
          const last = activations.at(-1);
          return `Expected the last activation to be ${JSON.stringify(value)}; ${last ? `it is ${JSON.stringify({ state: last.state, outcome: last.outcome, count: activations.length })}` : 'there is none'}.`;
        },
      );
    },
  }),
  defineExpectation({
    name: 'recovery',
    value: oneOf('sending', 'sms_failed', 'issued', 'completed', 'failed', 'expired', 'superseded'),
    doc: 'The state of the account’s last recovery or move (issued, completed, failed, sms_failed…).',
    example: 'completed',
    badValue: 'recovery takes sending, sms_failed, issued, completed, failed, expired or superseded',
    title: (state) => ({ en: `the last recovery is ${state}`, fr: `la dernière récupération est ${state}` }),
    check: async (state, run) => {
      await expectEventually(
        async () => (await stateOf(run)).recoveries.at(-1)?.state,
        (current) => current === state,
        (current) =>
          `Expected the last recovery to be ${state}; ${current ? `it is ${current}` : 'there is none'}.`,
      );
    },
  }),
  defineExpectation({
    name: 'notificationPermission',
    value: oneOf('allowed', 'denied', 'notAsked'),
    doc: 'What iOS holds for IBKR Mobile’s notifications on this phone: allowed, denied, or notAsked yet.',
    example: 'denied',
    badValue: 'notificationPermission takes allowed, denied or notAsked',
    title: (permission, run) => ({
      en: `notifications for IBKR Mobile on ${who(run).en} are ${permission}`,
      fr: `les notifications d’IBKR Mobile sur ${who(run).fr} sont ${permission}`,
    }),
    check: async (permission, run) => {
      const phone = run.phone;
      const wanted = { allowed: 'yes', denied: 'no', notAsked: 'unset' }[permission];
      await expectEventually(
        () => phone.screens.notificationPermission().catch((error: Error) => `unknown (${error.message})`),
        (current) => current === wanted,
        (current) =>
          `Expected IBKR Mobile's notifications on phone "${phone.name}" to be ${permission}; iOS says ${current}.`,
      );
    },
  }),
  defineExpectation({
    name: 'textMessages',
    value: Type.Integer({ minimum: 0, maximum: 50 }),
    doc: 'How many SMS this phone has received (recovery codes).',
    example: 1,
    badValue: 'textMessages takes a whole number from 0 to 50',
    title: (count, run) => ({
      en: `${who(run).en} has received ${count} SMS`,
      fr: `${who(run).fr} a reçu ${count} SMS`,
    }),
    check: async (count, run) => {
      const phone = run.phone;
      await expectEventually(
        async () => (await phone.screens.textMessages()).length,
        (received) => received === count,
        (received) => `Expected phone "${phone.name}" to have received ${count} SMS; it has ${received}.`,
      );
    },
  }),
  defineExpectation({
    name: 'appInstalled',
    value: Type.Boolean(),
    doc: 'Whether IBKR Mobile is installed on this phone.',
    example: true,
    badValue: 'appInstalled takes true or false',
    title: (installed, run) => ({
      en: `IBKR Mobile is ${installed ? '' : 'not '}installed on ${who(run).en}`,
      fr: `IBKR Mobile ${installed ? 'est' : 'n’est pas'} installée sur ${who(run).fr}`,
    }),
    check: async (installed, run) => {
      const phone = run.phone;
      await expectEventually(
        async () =>
          (await phone.screens.driver.execute('mobile: isAppInstalled', {
            bundleId: IBKR_BUNDLE_ID,
          })) as boolean,
        (current) => current === installed,
        () =>
          `Expected IBKR Mobile ${installed ? '' : 'not '}to be installed on phone "${phone.name}"; it ${installed ? 'is not' : 'is'}.`,
      );
    },
  }),
  defineExpectation({
    name: 'transcript',
    value: Type.Array(Type.String({ minLength: 3 }), { minItems: 1 }),
    doc: 'Lines the phone’s transcript holds (what it did and received, e.g. "enroll failed: EXPIRED").',
    example: ['enroll failed: EXPIRED'],
    badValue: 'transcript takes a list of texts of at least 3 characters',
    title: (lines, run) => ({
      en: `the transcript of ${who(run).en} holds ${list(lines.map(quote))}`,
      fr: `le journal de ${who(run).fr} contient ${list(lines.map(quote))}`,
    }),
    check: async (lines, run) => {
      const phone = run.phone;
      await expectEventually(
        async () => (await phone.screens.transcript()).map((entry) => entry.text).join('\n'),
        (transcript) => lines.every((line) => transcript.includes(line)),
        (transcript) =>
          `Expected the transcript of phone "${phone.name}" to hold ${list(lines.filter((line) => !transcript.includes(line)).map(quote))}; its last lines are ${list(transcript.split('\n').slice(-5).map(quote))}.`,
      );
    },
  }),
];
