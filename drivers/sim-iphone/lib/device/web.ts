// The phone's view of the web: universal links (apple-app-site-association), Safari following
// redirects, the App Store's lookup of a product. Real HTTP to the lab's servers; third-party
// hosts (apps.apple.com, itunes.apple.com) go through the lab's third-party gateway when set.

export const APP_STORE_HOSTS = new Set(['apps.apple.com', 'itunes.apple.com']);

export interface AppSiteAssociation {
  applinks?: {
    details?: { appIDs?: string[]; appID?: string; components?: { '/': string }[]; paths?: string[] }[];
  };
}

export interface WebContext {
  thirdPartyGatewayUrl?: string;
  online: () => boolean;
}

export class OfflineError extends Error {
  override name = 'OfflineError';
}

/** fetch, but hosts of third parties are answered by the lab's gateway (their mocks). */
export async function phoneFetch(
  context: WebContext,
  url: string,
  init: RequestInit = {},
): Promise<Response> {
  if (!context.online())
    throw new OfflineError(`The phone is offline (Airplane Mode); ${new URL(url).host} is unreachable.`);
  const target = new URL(url);
  if (APP_STORE_HOSTS.has(target.hostname) && context.thirdPartyGatewayUrl) {
    const headers = new Headers(init.headers);
    headers.set('x-lab-original-url', url);
    return fetch(new URL(`${target.pathname}${target.search}`, context.thirdPartyGatewayUrl), {
      ...init,
      headers,
      redirect: 'manual',
    });
  }
  return fetch(url, { ...init, redirect: 'manual' });
}

/** The apps that claim a link, as iOS decides from the site's association file. */
export async function appsClaiming(
  context: WebContext,
  link: string,
  cache: Map<string, AppSiteAssociation | null>,
): Promise<string[]> {
  const url = new URL(link);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return [];
  let association = cache.get(url.origin);
  if (association === undefined) {
    try {
      const response = await phoneFetch(context, `${url.origin}/.well-known/apple-app-site-association`);
      association = response.ok ? ((await response.json()) as AppSiteAssociation) : null;
    } catch {
      association = null;
    }
    cache.set(url.origin, association);
  }
  const claimed: string[] = [];
  for (const detail of association?.applinks?.details ?? []) {
    const patterns = [
      ...(detail.components ?? []).map((component) => component['/']),
      ...(detail.paths ?? []),
    ];
    if (patterns.some((pattern) => pathMatches(pattern, url.pathname))) {
      claimed.push(...(detail.appIDs ?? (detail.appID ? [detail.appID] : [])));
    }
  }
  return claimed;
}

/** apple-app-site-association path patterns: "*" any run of characters, "?" one character. */
export function pathMatches(pattern: string, path: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  return regex.test(path);
}

export interface PageLoad {
  /** Where Safari ended up after redirects. */
  url: string;
  status: number;
  title: string;
  /** The App Store product id when the chain ended on an App Store link. */
  appStoreId?: string;
  /** The app a page advertises with <meta name="apple-itunes-app" content="app-id=…">: Safari's Smart App Banner. */
  smartAppBannerId?: string;
}

/** The app id of a page's Smart App Banner: <meta name="apple-itunes-app" content="app-id=…, app-argument=…">. */
export function smartAppBannerOf(html: string): string | undefined {
  for (const [tag] of html.matchAll(/<meta\b[^>]*>/gi)) {
    if (!/\bname\s*=\s*["']apple-itunes-app["']/i.test(tag)) continue;
    return /\bcontent\s*=\s*["'][^"']*\bapp-id\s*=\s*(\d+)/i.exec(tag)?.[1];
  }
  return undefined;
}

/** Loads a page as Safari does, following up to five redirects. */
export async function loadPage(context: WebContext, startUrl: string): Promise<PageLoad> {
  let url = startUrl;
  for (let hop = 0; hop < 6; hop += 1) {
    const host = new URL(url).hostname;
    const appStoreId = /\/id(\d+)/.exec(url)?.[1];
    if (host === 'apps.apple.com' && appStoreId) return { url, status: 200, title: 'App Store', appStoreId };
    const response = await phoneFetch(context, url);
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      url = new URL(location, url).toString();
      continue;
    }
    const body = await response.text();
    const title = /<title>([^<]*)<\/title>/i.exec(body)?.[1]?.trim() ?? new URL(url).host;
    const smartAppBannerId = smartAppBannerOf(body);
    return { url, status: response.status, title, ...(smartAppBannerId ? { smartAppBannerId } : {}) };
  }
  throw new Error(`Safari stopped after too many redirects from ${startUrl}`);
}

export interface StoreProduct {
  trackId: number;
  trackName: string;
  bundleId: string;
  sellerName: string;
  version: string;
}

/** The iTunes Search API's lookup, as the App Store app asks it. */
export async function lookupProduct(context: WebContext, id: string): Promise<StoreProduct> {
  const response = await phoneFetch(context, `https://itunes.apple.com/lookup?id=${encodeURIComponent(id)}`);
  if (!response.ok) throw new Error(`The App Store lookup of id ${id} answered ${response.status}`);
  const body = (await response.json()) as { resultCount: number; results: StoreProduct[] };
  if (body.resultCount < 1 || !body.results[0]) throw new Error(`The App Store has no product with id ${id}`);
  return body.results[0];
}
