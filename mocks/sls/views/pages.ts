// The portal's pages. Accessible markup (headings, labels, roles) is the contract browser tests rely on.

import { html, trusted } from '../../../common/index.ts';
import { faultOn, type Locale, portalText as t } from '../../../product/index.ts';
import { page } from './layout.ts';

export function loginPage(
  locale: Locale,
  csrfToken: string,
  notice?: { kind: 'error' | 'info'; text: string },
): string {
  return page(
    { locale, title: t(locale, 'logIn'), path: '/login' },
    html`<section class="card narrow">
  <h1>${t(locale, 'loginHeading')}</h1>
  ${notice ? html`<p role="${notice.kind === 'error' ? 'alert' : 'status'}" class="${notice.kind}">${notice.text}</p>` : ''}
  <form method="post" action="/login">
    <input type="hidden" name="_csrf" value="${csrfToken}">
    <label for="username">${t(locale, 'username')}</label>
    <input id="username" name="username" autocomplete="username" required maxlength="64">
    <label for="password">${t(locale, 'password')}</label>
    <input id="password" name="password" type="password" autocomplete="current-password" required maxlength="256">
    <button type="submit">${t(locale, 'logIn')}</button>
  </form>
</section>`,
  );
}

export interface GateView {
  locale: Locale;
  csrfToken: string;
  qrSvg: string;
  link: string;
  code: string;
  state: 'pending' | 'active' | 'expired' | 'failed';
  pollIntervalMs: number;
}

const GATE_MESSAGES = {
  pending: 'gateWaiting',
  active: 'gateActivated',
  expired: 'gateExpired',
  failed: 'gateUsed',
} as const;

export function gatePage(view: GateView): string {
  const { locale } = view;
  const messages = Object.fromEntries(
    Object.entries(GATE_MESSAGES).map(([state, key]) => [
      state,
      key === 'gateActivated' && faultOn('gate-activated-in-english') ? t('en-US', key) : t(locale, key),
    ]),
  );
  return page(
    { locale, title: t(locale, 'gateHeading'), path: '/ibkey/gate', csrfToken: view.csrfToken },
    html`<section class="card gate">
  <h1>${t(locale, 'gateHeading')}</h1>
  <p>${t(locale, 'gateInstructions')}</p>
  <figure class="qr" role="img" aria-label="${t(locale, 'qrAlt')}" data-activation-link="${view.link}">${trusted(view.qrSvg)}</figure>
  <p class="code"><span id="code-label">${t(locale, 'activationCode')}</span>
    <strong aria-labelledby="code-label">${view.code.slice(0, 4)} ${view.code.slice(4)}</strong></p>
  <p role="status" aria-live="polite" class="state-${view.state}" data-poll="/ibkey/gate/status" data-interval="${view.pollIntervalMs}"
     data-messages="${JSON.stringify(messages)}">${t(locale, GATE_MESSAGES[view.state])}</p>
  <p><a id="continue" class="button" href="/portal" ${view.state === 'active' ? '' : trusted('hidden')}>${t(locale, 'continue')}</a></p>
</section>`,
  );
}

export function checkPhonePage(
  locale: Locale,
  csrfToken: string,
  pollIntervalMs: number,
  { keyInvalidated = false } = {},
): string {
  const messages = {
    authorization_pending: t(locale, 'checkPhoneWaiting'),
    access_denied: t(locale, 'loginDenied'),
    expired_token: t(locale, 'loginExpired'),
  };
  return page(
    { locale, title: t(locale, 'checkPhoneHeading'), path: '/login/check-phone', csrfToken },
    html`<section class="card narrow">
  <h1>${t(locale, 'checkPhoneHeading')}</h1>
  ${
    keyInvalidated
      ? html`<p role="alert">${t(locale, 'keyInvalidatedRecover')}</p>`
      : html`<p>${t(locale, 'checkPhoneInstructions')}</p>`
  }
  <p role="status" aria-live="polite" data-poll="/login/status" data-interval="${pollIntervalMs}"
     data-messages="${JSON.stringify(messages)}">${t(locale, 'checkPhoneWaiting')}</p>
  ${keyInvalidated ? '' : html`<p><a href="/login/challenge">${t(locale, 'noNotification')}</a></p>`}
</section>`,
  );
}

export function challengePage(locale: Locale, csrfToken: string, challenge: string, error?: string): string {
  return page(
    { locale, title: t(locale, 'challengeHeading'), path: '/login/challenge', csrfToken },
    html`<section class="card narrow">
  <h1>${t(locale, 'challengeHeading')}</h1>
  <p>${t(locale, 'challengeInstructions')}</p>
  <p class="challenge"><span id="challenge-label">${t(locale, 'challenge')}</span>
    <output aria-labelledby="challenge-label">${challenge}</output></p>
  ${error ? html`<p role="alert" class="error">${error}</p>` : ''}
  <form method="post" action="/login/challenge">
    <input type="hidden" name="_csrf" value="${csrfToken}">
    <label for="response">${t(locale, 'response')}</label>
    <input id="response" name="response" inputmode="numeric" autocomplete="one-time-code" required maxlength="8" pattern="[0-9]{8}">
    <button type="submit">${t(locale, 'submit')}</button>
  </form>
</section>`,
  );
}

export function homePage(locale: Locale, csrfToken: string, displayName: string): string {
  return page(
    { locale, title: t(locale, 'portalName'), path: '/portal', csrfToken },
    html`<section class="card">
  <h1>${t(locale, 'homeHeading', { name: displayName })}</h1>
  <p role="status">${t(locale, 'homeBody')}</p>
</section>`,
  );
}

export function messagePage(locale: Locale, title: string, text: string): string {
  return page(
    { locale, title, path: '/' },
    html`<section class="card narrow"><h1>${title}</h1><p role="alert">${text}</p></section>`,
  );
}
