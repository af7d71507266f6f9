// The App Store as the phone meets it: the iTunes Search API lookup and the product page.
// Happy paths only; faults come from the factories below, used per test with server.use().

import { HttpResponse, http } from 'msw';
import { faultOn, IBKR_MOBILE } from '../../product/index.ts';

export const IBKR_MOBILE_PRODUCT = {
  trackId: IBKR_MOBILE.appStoreId,
  trackName: IBKR_MOBILE.name,
  bundleId: faultOn('app-store-lists-another-app') ? `${IBKR_MOBILE.bundleId}.lite` : IBKR_MOBILE.bundleId,
  sellerName: 'Interactive Brokers LLC',
  version: '8.6.1',
  primaryGenreName: 'Finance',
  minimumOsVersion: '15.0',
  trackViewUrl: IBKR_MOBILE.appStoreUrl,
};

const CATALOG = new Map([[String(IBKR_MOBILE_PRODUCT.trackId), IBKR_MOBILE_PRODUCT]]);

export const appStoreHandlers = [
  http.get('https://itunes.apple.com/lookup', ({ request }) => {
    const id = new URL(request.url).searchParams.get('id');
    const bundleId = new URL(request.url).searchParams.get('bundleId');
    const product = id ? CATALOG.get(id) : [...CATALOG.values()].find((entry) => entry.bundleId === bundleId);
    const results = product ? [{ kind: 'software', ...product }] : [];
    return HttpResponse.json({ resultCount: results.length, results });
  }),
  http.get('https://apps.apple.com/:country/app/:slug/:id', ({ params }) => {
    const product = CATALOG.get(String(params.id).replace(/^id/, ''));
    if (!product) return new HttpResponse('Not Found', { status: 404 });
    return HttpResponse.html(
      `<!doctype html><title>${product.trackName} on the App Store</title><h1>${product.trackName}</h1>`,
    );
  }),
];

/** The App Store cannot be reached (the phone shows "Cannot Connect to App Store"). */
export function appStoreUnavailable(status = 503) {
  return http.get('https://itunes.apple.com/lookup', () => new HttpResponse(null, { status }));
}

/** The product is no longer listed (lookup answers no result). */
export function appStoreProductMissing() {
  return http.get('https://itunes.apple.com/lookup', () =>
    HttpResponse.json({ resultCount: 0, results: [] }),
  );
}
