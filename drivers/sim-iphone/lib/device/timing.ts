// How long the simulated iPhone takes to do things on its own. "realistic" (the default of a
// session) makes it asynchronous as a device is: an app launched from a banner comes up a moment
// after the tap, a system alert appears a moment after the app asked for it, a notification's
// banner a moment after the push, an App Store download takes a while. "instant" does everything
// before the command returns, for tests of the phone's logic. The delays are short on purpose:
// what matters is their order and that they are not waited for, not their length.
//
// What XCUITest waits for, and so what a command here waits for: XCTest waits for the app under
// test to be idle (its animations finished, up to animationCoolOffTimeout) after a tap, and for a
// launched or activated app to be idle before launchApp/activateApp return. It does not wait for
// another process (SpringBoard's alerts and banners, an app opened by a tap elsewhere) nor for a
// network answer. So a tap that pushes a screen returns with the new screen on; a tap that opens
// another app, answers an alert or starts a request returns before what follows appears.

export const TIMING_MODES = ['realistic', 'instant'] as const;
export type TimingMode = (typeof TIMING_MODES)[number];

/** The delays at scale 1, in milliseconds. */
export const REALISTIC_DELAYS_MS = {
  /** An in-app transition (a pushed screen, the Home screen coming back): taps wait for it. */
  animation: 100,
  /** An app coming up after a tap on a banner, a link or OPEN (launchApp waits for it). */
  launch: 250,
  /** An alert appearing after the app asked (notification permission, Face ID, passcode, the app's own). */
  alert: 150,
  /** A notification's banner appearing after the push reached the phone. */
  banner: 200,
  /** The App Store downloading and installing after GET. */
  install: 600,
} as const;

export type DelayKind = keyof typeof REALISTIC_DELAYS_MS;

/** The scales a session may ask for (appium:timingScale): 0.1 to 10 times the delays above. */
export const TIMING_SCALE_RANGE = [0.1, 10] as const;

export class Timing {
  constructor(
    readonly mode: TimingMode = 'instant',
    readonly scale = 1,
  ) {}

  get realistic(): boolean {
    return this.mode === 'realistic';
  }

  /** How long this kind of thing takes on this phone (0 with instant timing). */
  ms(kind: DelayKind): number {
    return this.realistic ? Math.round(REALISTIC_DELAYS_MS[kind] * this.scale) : 0;
  }
}
