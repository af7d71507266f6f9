// The portal's pages as markup: each form posts where the server listens with its CSRF token,
// the gate and the check-phone page carry what their script polls, texts are in the visitor's
// language, and what a user typed is escaped. The browser tests rely on this markup.

import { describe, expect, it } from 'vitest';
import { escapeMarkup } from '../../../common/index.ts';
import { type Locale, type PortalMessageKey, portalText as t } from '../../../product/index.ts';
import { challengePage, checkPhonePage, gatePage, homePage, loginPage, messagePage } from './pages.ts';

const CSRF = 'c'.repeat(32);
/** A portal string as the page shows it in text (escaped: "Didn't" is "Didn&#39;t"). */
const shown = (locale: Locale, key: PortalMessageKey) => escapeMarkup(t(locale, key));
const LOCALES: Locale[] = ['en-US', 'fr-FR'];

/** The value of an attribute of the first element matching `selector` (a regex on its start tag). */
function attribute(markup: string, tag: RegExp, name: string): string | undefined {
  const element = markup.match(tag)?.[0];
  return element?.match(new RegExp(`\\s${name}="([^"]*)"`))?.[1];
}

const unescapeAttribute = (value: string | undefined) =>
  value
    ?.replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');

/** What a page's status line polls: the path, the interval and each state's sentence. */
function polling(markup: string) {
  const status = /<p role="status"[^>]*>/;
  return {
    poll: attribute(markup, status, 'data-poll'),
    interval: attribute(markup, status, 'data-interval'),
    messages: JSON.parse(unescapeAttribute(attribute(markup, status, 'data-messages'))!),
  };
}

describe('the page frame', () => {
  it.each(LOCALES)(
    'speaks %s, offers the other language on the same path, and names the portal',
    (locale) => {
      const other = locale === 'fr-FR' ? 'en-US' : 'fr-FR';
      const markup = homePage(locale, CSRF, 'Ann');
      expect(markup.startsWith(`<!doctype html>\n<html lang="${locale}">`)).toBe(true);
      expect(markup).toContain(
        `<title>${shown(locale, 'portalName')} · ${shown(locale, 'portalName')}</title>`,
      );
      expect(markup).toContain(
        `<a href="/portal?lang=${other}" hreflang="${other}" lang="${other}">${shown(locale, 'switchLanguage')}</a>`,
      );
    },
  );

  it('switches language on the page the visitor is on', () => {
    const gate = gatePage({
      locale: 'en-US',
      csrfToken: CSRF,
      qrSvg: '<svg></svg>',
      link: 'http://127.0.0.1:4100/ibkey/activate',
      code: 'AB12CD34',
      state: 'pending',
      pollIntervalMs: 1000,
    });
    const switchLink = (markup: string) => attribute(markup, /<a href="[^"]*" hreflang=[^>]*>/, 'href');
    expect(switchLink(loginPage('en-US', CSRF))).toBe('/login?lang=fr-FR');
    expect(switchLink(gate)).toBe('/ibkey/gate?lang=fr-FR');
    expect(switchLink(checkPhonePage('fr-FR', CSRF, 1000))).toBe('/login/check-phone?lang=en-US');
    expect(switchLink(challengePage('fr-FR', CSRF, '042917'))).toBe('/login/challenge?lang=en-US');
  });

  it('shows the logout form, with its CSRF token, only to a visitor with a session', () => {
    const withSession = homePage('en-US', CSRF, 'Ann');
    expect(withSession).toContain(
      `<form method="post" action="/logout" class="inline"><input type="hidden" name="_csrf" value="${CSRF}"><button type="submit" class="link">Log out</button></form>`,
    );
    expect(loginPage('en-US', CSRF)).not.toContain('action="/logout"');
    expect(messagePage('en-US', 'Oops', 'Something')).not.toContain('action="/logout"');
  });
});

describe('the login page', () => {
  it.each(LOCALES)('posts username and password to /login with the CSRF token, in %s', (locale) => {
    const markup = loginPage(locale, CSRF);
    expect(markup).toContain('<form method="post" action="/login">');
    expect(markup).toContain(`<input type="hidden" name="_csrf" value="${CSRF}">`);
    expect(markup).toContain(`<label for="username">${shown(locale, 'username')}</label>`);
    expect(markup).toContain(`<label for="password">${shown(locale, 'password')}</label>`);
    expect(markup).toContain('name="password" type="password"');
    expect(markup).toContain(`<h1>${shown(locale, 'loginHeading')}</h1>`);
    expect(markup).not.toMatch(/role="(alert|status)"/);
  });

  it('says an error as an alert and a notice as a status, escaped', () => {
    expect(loginPage('en-US', CSRF, { kind: 'error', text: 'Bad <b>login</b>' })).toContain(
      '<p role="alert" class="error">Bad &lt;b&gt;login&lt;/b&gt;</p>',
    );
    expect(loginPage('en-US', CSRF, { kind: 'info', text: 'You have logged out.' })).toContain(
      '<p role="status" class="info">You have logged out.</p>',
    );
  });

  it('shows nothing between the heading and the form when there is no notice', () => {
    for (const locale of LOCALES) expect(loginPage(locale, CSRF), locale).toMatch(/<\/h1>\s*<form /);
  });
});

describe('the gate page', () => {
  const view = {
    locale: 'fr-FR' as const,
    csrfToken: CSRF,
    qrSvg: '<svg id="qr"></svg>',
    link: 'http://127.0.0.1:4100/ibkey/activate?v=1&s=K7Q2M9TX4B1C&c=x',
    code: 'AB12CD34',
    state: 'pending' as const,
    pollIntervalMs: 1000,
  };

  it('shows the QR as it is, with its link, and the activation code in two groups', () => {
    const markup = gatePage(view);
    expect(markup).toContain('<svg id="qr"></svg>');
    expect(unescapeAttribute(attribute(markup, /<figure class="qr"[^>]*>/, 'data-activation-link'))).toBe(
      view.link,
    );
    expect(attribute(markup, /<figure class="qr"[^>]*>/, 'aria-label')).toBe(t('fr-FR', 'qrAlt'));
    expect(markup).toContain('<strong aria-labelledby="code-label">AB12 CD34</strong>');
  });

  it("polls the gate's status at the interval, with each state's sentence in the visitor's language", () => {
    expect(polling(gatePage(view))).toEqual({
      poll: '/ibkey/gate/status',
      interval: '1000',
      messages: {
        pending: t('fr-FR', 'gateWaiting'),
        active: t('fr-FR', 'gateActivated'),
        expired: t('fr-FR', 'gateExpired'),
        failed: t('fr-FR', 'gateUsed'),
      },
    });
  });

  it.each([
    ['pending', 'gateWaiting', true],
    ['active', 'gateActivated', false],
    ['expired', 'gateExpired', true],
    ['failed', 'gateUsed', true],
  ] as const)('in state %s says %s and hides Continue unless active', (state, key, hidden) => {
    const markup = gatePage({ ...view, state });
    expect(markup).toContain(`class="state-${state}"`);
    expect(markup).toMatch(new RegExp(`data-messages="[^"]*">${shown('fr-FR', key)}</p>`));
    const continueLink = markup.match(/<a id="continue"[^>]*>/)?.[0];
    expect(continueLink).toBeDefined();
    expect(continueLink!.includes(' hidden')).toBe(hidden);
    expect(markup).toContain(`>${shown('fr-FR', 'continue')}</a>`);
  });
});

describe('the check-phone page', () => {
  it('polls the login status and offers challenge/response', () => {
    const markup = checkPhonePage('en-US', CSRF, 1500);
    expect(polling(markup)).toEqual({
      poll: '/login/status',
      interval: '1500',
      messages: {
        authorization_pending: t('en-US', 'checkPhoneWaiting'),
        access_denied: t('en-US', 'loginDenied'),
        expired_token: t('en-US', 'loginExpired'),
      },
    });
    expect(markup).toContain(`<p>${shown('en-US', 'checkPhoneInstructions')}</p>`);
    expect(markup).toContain(`<a href="/login/challenge">${shown('en-US', 'noNotification')}</a>`);
    expect(markup).not.toContain('role="alert"');
  });

  it('tells the customer to recover IB Key, and offers no challenge/response, when the key was invalidated', () => {
    const markup = checkPhonePage('fr-FR', CSRF, 1000, { keyInvalidated: true });
    expect(markup).toContain(`<p role="alert">${shown('fr-FR', 'keyInvalidatedRecover')}</p>`);
    expect(markup).not.toContain('/login/challenge');
    expect(markup).not.toContain(t('fr-FR', 'checkPhoneInstructions'));
  });
});

describe('the challenge/response page', () => {
  it('shows the challenge and posts an 8-digit response to /login/challenge with the CSRF token', () => {
    const markup = challengePage('en-US', CSRF, '042917');
    expect(markup).toContain('<output aria-labelledby="challenge-label">042917</output>');
    expect(markup).toContain('<form method="post" action="/login/challenge">');
    expect(markup).toContain(`<input type="hidden" name="_csrf" value="${CSRF}">`);
    expect(markup).toContain(
      'name="response" inputmode="numeric" autocomplete="one-time-code" required maxlength="8" pattern="[0-9]{8}"',
    );
    expect(markup).not.toContain('role="alert"');
  });

  it('says a wrong response as an alert', () => {
    expect(challengePage('fr-FR', CSRF, '042917', t('fr-FR', 'badResponse'))).toContain(
      `<p role="alert" class="error">${shown('fr-FR', 'badResponse')}</p>`,
    );
  });
});

describe('the home and message pages', () => {
  it("greets the customer by name, escaped, in the visitor's language", () => {
    expect(homePage('fr-FR', CSRF, 'Zoé <script>')).toContain(`<h1>Bienvenue, Zoé &lt;script&gt;</h1>`);
    expect(homePage('en-US', CSRF, 'Ann')).toContain(`<p role="status">${shown('en-US', 'homeBody')}</p>`);
  });

  it('shows a title and an alert, escaped', () => {
    const markup = messagePage('en-US', '404', 'No <such> page');
    expect(markup).toContain('<title>404 · Client Portal</title>');
    expect(markup).toContain('<h1>404</h1><p role="alert">No &lt;such&gt; page</p>');
    expect(markup).toContain('<a href="/?lang=fr-FR" hreflang="fr-FR" lang="fr-FR">Français</a>');
  });
});
