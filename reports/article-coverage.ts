// What the lab must cover: every step of the article (1-11, with 4.1 and 4.2), every documented
// error cause, and every related KB article. Tests say what they cover with tags (@step-4.2,
// @cause-qr-used, @kb3234); anything here that no test covers shows as a gap in the report.

export interface CoverageItem {
  /** The tag without its @, as tests carry it. */
  id: string;
  kind: 'step' | 'cause' | 'kb';
  label: string;
}

const COVERAGE_TAG = /^@(step-[0-9.]+|cause-[a-z-]+|kb[0-9]+)$/;

/** What a test's tags say it covers: ["@step-4.2", "@kb2260"] → ["step-4.2", "kb2260"]. */
export function coverageOf(tags: readonly string[]): string[] {
  return tags.flatMap((tag) => COVERAGE_TAG.exec(tag)?.[1] ?? []);
}

export const ARTICLE_COVERAGE: readonly CoverageItem[] = [
  { id: 'step-1', kind: 'step', label: '1 · Log in to the Client Portal; the gate shows the QR code' },
  { id: 'step-2', kind: 'step', label: '2 · Open the Camera app' },
  { id: 'step-3', kind: 'step', label: '3 · Point at the QR code until it is sharp' },
  { id: 'step-4.1', kind: 'step', label: '4.1 · The banner offers the IBKR site (app missing)' },
  { id: 'step-4.2', kind: 'step', label: '4.2 · The banner offers IBKR Mobile (app installed)' },
  { id: 'step-5', kind: 'step', label: '5 · Tap the banner: Safari, then the App Store' },
  { id: 'step-6', kind: 'step', label: '6 · Tap GET to install' },
  { id: 'step-7', kind: 'step', label: '7 · Do not open the app; scan the QR code again' },
  { id: 'step-8', kind: 'step', label: '8 · Tap the banner that opens IBKR Mobile' },
  { id: 'step-9', kind: 'step', label: '9 · Tap Allow on the notifications prompt' },
  { id: 'step-10', kind: 'step', label: '10 · Face ID, fingerprint or passcode' },
  { id: 'step-11', kind: 'step', label: '11 · Confirmation; tap Done' },
  { id: 'cause-scan-setting-off', kind: 'cause', label: 'QR not read: “Scan QR Codes” is off' },
  { id: 'cause-front-camera', kind: 'cause', label: 'QR not read: the front camera is active' },
  { id: 'cause-out-of-focus', kind: 'cause', label: 'QR not read: out of focus, too small or too large' },
  { id: 'cause-already-active', kind: 'cause', label: '“An error occurred”: IB Key is already active' },
  { id: 'cause-qr-used', kind: 'cause', label: '“An error occurred”: the QR code was already used' },
  { id: 'cause-qr-expired', kind: 'cause', label: '“An error occurred”: the QR code expired' },
  { id: 'kb2260', kind: 'kb', label: 'KB2260 · Activation and daily use' },
  { id: 'kb2748', kind: 'kb', label: 'KB2748 · Recover IB Key on the same phone' },
  { id: 'kb3236', kind: 'kb', label: 'KB3236 · Enable notifications' },
  { id: 'kb3234', kind: 'kb', label: 'KB3234 · Notifications not received: Challenge/Response' },
  { id: 'kb3073', kind: 'kb', label: 'KB3073 · Move IB Key to a new phone' },
];
