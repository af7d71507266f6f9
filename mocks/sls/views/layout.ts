import { html, type Markup } from '../../../common/index.ts';
import { type Locale, portalText } from '../../../product/index.ts';

export interface PageFrame {
  locale: Locale;
  title: string;
  path: string;
  /** The logout form shows when the visitor has a logged-in session. */
  csrfToken?: string;
}

export function page(frame: PageFrame, body: Markup): string {
  const other: Locale = frame.locale === 'fr-FR' ? 'en-US' : 'fr-FR';
  const switchHref = `${frame.path}${frame.path.includes('?') ? '&' : '?'}lang=${other}`;
  return html`<!doctype html>
<html lang="${frame.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${frame.title} · ${portalText(frame.locale, 'portalName')}</title>
<link rel="stylesheet" href="/assets/portal.css">
<script src="/assets/portal.js" defer></script>
</head>
<body>
<header class="topbar">
  <span class="brand" aria-label="${portalText(frame.locale, 'portalName')}">IBKR <span>${portalText(frame.locale, 'portalName')}</span></span>
  <nav>
    <a href="${switchHref}" hreflang="${other}" lang="${other}">${portalText(frame.locale, 'switchLanguage')}</a>
    ${frame.csrfToken ? html`<form method="post" action="/logout" class="inline"><input type="hidden" name="_csrf" value="${frame.csrfToken}"><button type="submit" class="link">${portalText(frame.locale, 'logOut')}</button></form>` : ''}
  </nav>
</header>
<main>
${body}
</main>
</body>
</html>
`.value;
}
