// Who the IBKR Mobile app is to iOS, APNs, the App Store and the server: one definition that the
// server, the simulated iPhone, the screen objects and the cases all read.

export const IBKR_MOBILE = {
  name: 'IBKR Mobile',
  bundleId: 'com.ibkeylab.ibkrmobile',
  /** The APNs topic is the bundle id, as for any app without a push extension. */
  apnsTopic: 'com.ibkeylab.ibkrmobile',
  teamId: 'LAB0TEAM01',
  appStoreId: 454558592,
  appStoreUrl: 'https://apps.apple.com/us/app/ibkr-mobile/id454558592',
} as const;

export const IBKR_BUNDLE_ID: string = IBKR_MOBILE.bundleId;
