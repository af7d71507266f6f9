// Timing, system alerts and app lifecycle, probed as a plain W3C client would probe Appium's
// XCUITest driver on a real iPhone: raw HTTP with W3C JSON to the real Appium server running the
// simulated iPhone, no WebdriverIO. Beside each probe, the real driver's answer and where it is
// documented; the phone runs with its defaults (realistic timing, respectSystemAlerts false), its
// delays scaled up 4 times so that "not yet" is not a race with a loaded machine.

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { W3C_ELEMENT_KEY } from '../../common/index.ts';
import { IBKR_BUNDLE_ID } from '../../product/index.ts';
import { gateImage } from './test-support/gate-image.ts';
import { type PhoneLab, startPhoneLab } from './test-support/phone-lab.ts';

const NOTIFICATIONS_ALERT = '“IBKR Mobile” Would Like to Send You Notifications';

let phoneLab: PhoneLab;
const sessions: W3cSession[] = [];

beforeAll(async () => {
  phoneLab = await startPhoneLab(inject('storeUrl'), 'xcuitest_timing');
}, 120_000);
afterAll(async () => {
  await Promise.allSettled(sessions.map((session) => session.delete()));
  await phoneLab?.close();
});

interface W3cAnswer {
  status: number;
  value: unknown;
  error?: string;
  ms: number;
}

/** A W3C session spoken to over plain HTTP. */
class W3cSession {
  private constructor(
    private readonly base: string,
    readonly id: string,
  ) {}

  static async create(capabilities: Record<string, unknown>): Promise<W3cSession> {
    const base = phoneLab.lab.appiumUrl;
    const response = await fetch(`${base}/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        capabilities: {
          alwaysMatch: {
            platformName: 'iOS',
            'appium:automationName': 'SimIPhone',
            'appium:deviceName': 'iPhone 15 (Face ID)',
            'appium:apnsSimulatorUrl': phoneLab.lab.apnsDeviceUrl,
            'appium:thirdPartyGatewayUrl': phoneLab.lab.gatewayUrl,
            'appium:timingScale': 4,
            ...capabilities,
          },
          firstMatch: [{}],
        },
      }),
    });
    const body = (await response.json()) as { value: { sessionId?: string; message?: string } };
    if (!body.value.sessionId) throw new Error(`No session was created: ${body.value.message}`);
    const session = new W3cSession(base, body.value.sessionId);
    sessions.push(session);
    return session;
  }

  async call(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<W3cAnswer> {
    const started = performance.now();
    const response = await fetch(`${this.base}/session/${this.id}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const { value } = (await response.json()) as { value: unknown };
    const error = (value as { error?: string } | null)?.error;
    return { status: response.status, value, error, ms: performance.now() - started };
  }

  execute(script: string, args: Record<string, unknown> = {}): Promise<W3cAnswer> {
    return this.call('POST', '/execute/sync', { script, args: [args] });
  }

  find(accessibilityId: string): Promise<W3cAnswer> {
    return this.call('POST', '/element', { using: 'accessibility id', value: accessibilityId });
  }

  async click(accessibilityId: string): Promise<W3cAnswer> {
    const found = await this.find(accessibilityId);
    if (found.status !== 200) throw new Error(`"${accessibilityId}" is not on the phone (${found.error}).`);
    const id = (found.value as Record<string, string>)[W3C_ELEMENT_KEY];
    return this.call('POST', `/element/${id}/click`, {});
  }

  async source(): Promise<string> {
    return (await this.call('GET', '/source')).value as string;
  }

  /** Polls until `check` holds, bounded: what a client without implicit waits must do. */
  async until(what: string, check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms.`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  delete(): Promise<W3cAnswer> {
    return this.call('DELETE', '');
  }
}

/** A phone with IBKR Mobile whose camera has read the gate's QR code: its banner is up. */
async function phoneAtTheBanner(): Promise<W3cSession> {
  const { user } = await phoneLab.lab.createUser({ locale: 'en-US' });
  const portal = phoneLab.lab.portal('en-US');
  await portal.logIn(user.username, user.password);
  const link = await portal.gateLink();
  const session = await W3cSession.create({ 'appium:installedApps': [IBKR_BUNDLE_ID] });
  await session.execute('mobile: launchApp', { bundleId: 'com.apple.camera' });
  const scanned = await session.execute('sim: presentCameraFrame', { image: await gateImage(link) });
  expect(scanned.value).toMatchObject({ decoded: true, banner: { target: 'app' } });
  return session;
}

/** The banner tapped: IBKR Mobile comes up and, a moment later, asks to send notifications. */
async function phoneWithTheNotificationsAlert(): Promise<W3cSession> {
  const session = await phoneAtTheBanner();
  await session.click('QRCodeBanner');
  await session.until('The notifications alert', async () => {
    const text = await session.call('GET', '/alert/text');
    return String(text.value).includes(NOTIFICATIONS_ALERT);
  });
  return session;
}

describe('implicit waits (W3C Set Timeouts, honoured by the XCUITest driver through implicitWaitForCondition)', () => {
  it('a missing element answers no such element after the implicit wait, not at once; findElements answers [] after it', async () => {
    const session = await W3cSession.create({});
    // W3C: the implicit timeout is 0 until a client sets it.
    expect((await session.call('GET', '/timeouts')).value).toMatchObject({ implicit: 0 });
    const atOnce = await session.find('Nothing');
    expect(atOnce).toMatchObject({ status: 404, error: 'no such element' });
    // Well short of the implicit wait set next (a find takes milliseconds alone; this file shares the cores).
    expect(atOnce.ms).toBeLessThan(1500);

    expect((await session.call('POST', '/timeouts', { implicit: 2000 })).status).toBe(200);
    const waited = await session.find('Nothing');
    expect(waited).toMatchObject({ status: 404, error: 'no such element' });
    expect(waited.ms).toBeGreaterThanOrEqual(1950);
    expect(waited.ms).toBeLessThan(6000);
    const none = await session.call('POST', '/elements', { using: 'accessibility id', value: 'Nothing' });
    expect(none.value).toEqual([]);
    expect(none.ms).toBeGreaterThanOrEqual(1950);
    // What is there is found at once, implicit wait or not.
    const there = await session.find('Camera');
    expect(there.status).toBe(200);
    expect(there.ms).toBeLessThan(1500);
  });

  it('an element that appears after a transition is found within the implicit wait', async () => {
    const session = await phoneAtTheBanner();
    await session.click('QRCodeBanner');
    // The tap opened another app: it returns before IBKR Mobile is up (XCTest waits for the tapped app only).
    expect((await session.find('ActivatingTitle')).error).toBe('no such element');
    await session.call('POST', '/timeouts', { implicit: 5000 });
    const found = await session.find('ActivatingTitle');
    expect(found.status).toBe(200);
    expect(found.ms).toBeLessThan(5000);
  });
});

describe('realistic timing (the default): the phone is asynchronous, as a device is', () => {
  it('right after the tap that leads to an alert there is no alert yet; after a bounded wait there is', async () => {
    const session = await phoneAtTheBanner();
    expect((await session.call('GET', '/appium/settings')).value).toMatchObject({
      respectSystemAlerts: false,
    });
    await session.click('QRCodeBanner');
    // XCUITest: GET /alert/text answers 404 no such alert while no alert is up (WDA does not wait).
    expect(await session.call('GET', '/alert/text')).toMatchObject({ status: 404, error: 'no such alert' });
    await session.until('The notifications alert', async () => {
      const text = await session.call('GET', '/alert/text');
      return String(text.value).includes(NOTIFICATIONS_ALERT);
    });
  });

  it('a notification pushed with mobile: pushNotification shows its banner a moment later, not at once', async () => {
    const session = await W3cSession.create({ 'appium:installedApps': [IBKR_BUNDLE_ID] });
    await session.execute('mobile: setPermission', {
      bundleId: IBKR_BUNDLE_ID,
      access: { notifications: 'yes' },
    });
    await session.execute('mobile: pushNotification', {
      bundleId: IBKR_BUNDLE_ID,
      payload: { aps: { alert: { title: 'IBKR Mobile', body: 'Login request' } } },
    });
    expect((await session.find('NotificationBanner')).error).toBe('no such element');
    await session.until(
      'The notification banner',
      async () => (await session.find('NotificationBanner')).status === 200,
    );
  });

  it('sim: settle waits until what a tap started has happened, then the screen shows it (evidence is taken this way)', async () => {
    const session = await phoneAtTheBanner();
    await session.click('QRCodeBanner');
    expect((await session.find('ActivatingTitle')).error).toBe('no such element');
    const settled = await session.execute('sim: settle', { timeoutMs: 10_000 });
    expect(settled.value).toEqual({ settled: true });
    // Settled: the app is up and its question is asked, with nothing left under way.
    expect(String((await session.call('GET', '/alert/text')).value)).toContain(NOTIFICATIONS_ALERT);
    expect((await session.execute('sim: settle', { timeoutMs: 0 })).value).toEqual({ settled: true });
  });

  it('sim: settle says false when the phone is still at work after the time given, and refuses a bad time', async () => {
    const session = await phoneAtTheBanner();
    await session.click('QRCodeBanner');
    expect((await session.execute('sim: settle', { timeoutMs: 0 })).value).toEqual({ settled: false });
    const refused = await session.execute('sim: settle', { timeoutMs: 60_000 });
    expect(refused).toMatchObject({ status: 400, error: 'invalid argument' });
    expect(JSON.stringify(refused.value)).toContain(
      'timeoutMs must be a whole number of milliseconds from 0 to 10000',
    );
  });

  it('sim: settledScreenshot settles, then sends the screen with its identity, and no picture while the screen is still the one held', async () => {
    const session = await phoneAtTheBanner();
    await session.click('QRCodeBanner');
    const first = (await session.execute('sim: settledScreenshot', { timeoutMs: 10_000 })).value as {
      settled: boolean;
      screen: string;
      png: string;
    };
    expect(first.settled).toBe(true);
    expect(first.screen).toMatch(/^[0-9a-f]{40}$/);
    // The picture is the screenshot's: the same pixels as GET /screenshot of the settled screen.
    expect(first.png).toBe((await session.call('GET', '/screenshot')).value);
    // The status bar shows the minute: should it turn between two answers, the screen did change,
    // and the next answer holds still.
    let held = first.screen;
    let unchanged = await session.execute('sim: settledScreenshot', { unlessScreen: held });
    const answer = unchanged.value as { screen: string; png?: string };
    if (answer.png !== undefined) {
      held = answer.screen;
      unchanged = await session.execute('sim: settledScreenshot', { unlessScreen: held });
    }
    expect(unchanged.value).toEqual({ settled: true, screen: held });
    // Allowing notifications changes the screen: a new identity and its picture.
    await session.call('POST', '/alert/accept', {});
    const changed = (
      await session.execute('sim: settledScreenshot', { unlessScreen: first.screen, timeoutMs: 10_000 })
    ).value as { screen: string; png?: string };
    expect(changed.screen).not.toBe(first.screen);
    expect(
      Buffer.from(changed.png ?? '', 'base64')
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
  });

  it('sim: settledScreenshot refuses a screen identity that is not a string, and a bad time', async () => {
    const session = await phoneAtTheBanner();
    const badScreen = await session.execute('sim: settledScreenshot', { unlessScreen: 42 });
    expect(badScreen).toMatchObject({ status: 400, error: 'invalid argument' });
    expect(JSON.stringify(badScreen.value)).toContain('unlessScreen must be the screen identity');
    const badTime = await session.execute('sim: settledScreenshot', { timeoutMs: -1 });
    expect(badTime).toMatchObject({ status: 400, error: 'invalid argument' });
    expect(JSON.stringify(badTime.value)).toContain('timeoutMs must be a whole number');
  });

  it('refuses a timing the phone does not have, with a sentence', async () => {
    await expect(W3cSession.create({ 'appium:timing': 'slow' })).rejects.toThrow(
      /appium:timing "slow" is not a timing of the simulated iPhone; use one of: realistic, instant/,
    );
  });
});

describe('system alerts (XCUITest setting respectSystemAlerts, false by default)', () => {
  it('are out of the page source and lookups by default, reachable by the alert commands, and in the source once the setting is on', async () => {
    const session = await phoneWithTheNotificationsAlert();
    // Default: the active app is the app under test; SpringBoard's alert is not in its tree.
    expect(await session.source()).not.toContain('XCUIElementTypeAlert');
    expect((await session.find('Allow')).error).toBe('no such element');
    const activeApp = async () =>
      ((await session.execute('mobile: activeAppInfo', {})).value as { bundleId: string }).bundleId;
    expect(await activeApp()).toBe(IBKR_BUNDLE_ID);
    // WDA's alert commands look in SpringBoard first, whatever the setting.
    expect((await session.execute('mobile: alert', { action: 'getButtons' })).value).toEqual([
      'Don’t Allow',
      'Allow',
    ]);
    // A bad value is refused (invalid argument).
    expect(
      await session.call('POST', '/appium/settings', { settings: { respectSystemAlerts: 'yes' } }),
    ).toMatchObject({ status: 400, error: 'invalid argument' });
    // respectSystemAlerts true: while a system alert is up, the active app is SpringBoard, with the alert.
    await session.call('POST', '/appium/settings', { settings: { respectSystemAlerts: true } });
    const source = await session.source();
    expect(source).toContain(
      '<XCUIElementTypeApplication type="XCUIElementTypeApplication" name="SpringBoard"',
    );
    expect(source).toContain('XCUIElementTypeAlert');
    // WDA's activeAppInfo names the alert's owner then.
    expect(await activeApp()).toBe('com.apple.springboard');
    expect((await session.click('Allow')).status).toBe(200);
    expect(
      (await session.execute('mobile: getPermission', { bundleId: IBKR_BUNDLE_ID, service: 'notifications' }))
        .value,
    ).toBe('yes');
  });
});

describe('app lifecycle (WebDriverAgent /wda/apps/*)', () => {
  it('answers for apps not installed and not running as WDA does', async () => {
    const session = await W3cSession.create({});
    const stranger = 'com.example.not.installed';
    // XCUIApplicationStateUnknown (0) for a bundle id XCTest cannot find.
    expect((await session.execute('mobile: queryAppState', { bundleId: stranger })).value).toBe(0);
    // WDA terminates only a running app and answers false otherwise.
    expect((await session.execute('mobile: terminateApp', { bundleId: stranger })).value).toBe(false);
    // XCTest cannot launch what is not installed: the failure reaches the client as an unknown error.
    expect(await session.execute('mobile: launchApp', { bundleId: stranger })).toMatchObject({
      status: 500,
      error: 'unknown error',
    });
    // activate launches an app that is not running (XCTest's activate), and returns once it is up.
    expect(
      (await session.execute('mobile: queryAppState', { bundleId: 'com.apple.Preferences' })).value,
    ).toBe(1);
    await session.execute('mobile: activateApp', { bundleId: 'com.apple.Preferences' });
    expect(
      (await session.execute('mobile: queryAppState', { bundleId: 'com.apple.Preferences' })).value,
    ).toBe(4);
    expect((await session.find('Camera')).status).toBe(200);
  });

  it('launches another app while an alert is up; the alert waits for its app and is back with it', async () => {
    const session = await phoneWithTheNotificationsAlert();
    expect((await session.execute('mobile: launchApp', { bundleId: 'com.apple.Preferences' })).status).toBe(
      200,
    );
    expect(
      (await session.execute('mobile: queryAppState', { bundleId: 'com.apple.Preferences' })).value,
    ).toBe(4);
    expect((await session.execute('mobile: queryAppState', { bundleId: IBKR_BUNDLE_ID })).value).toBe(3);
    expect((await session.call('GET', '/alert/text')).error).toBe('no such alert');
    await session.execute('mobile: activateApp', { bundleId: IBKR_BUNDLE_ID });
    expect(String((await session.call('GET', '/alert/text')).value)).toContain(NOTIFICATIONS_ALERT);
  });
});

describe('what XCUITest does not refuse', () => {
  it('a tap on inert text does nothing and answers success (XCTest taps the element’s place on the screen)', async () => {
    const session = await W3cSession.create({ 'appium:installedApps': [IBKR_BUNDLE_ID] });
    await session.execute('mobile: launchApp', { bundleId: IBKR_BUNDLE_ID });
    const before = await session.source();
    expect(await session.click('AppTitle')).toMatchObject({ status: 200, value: null });
    expect(await session.source()).toBe(before);
  });

  it('a Touch ID match on a Face ID iPhone is posted and changes nothing, without an error (as on the Simulator)', async () => {
    const session = await W3cSession.create({});
    expect(
      await session.execute('mobile: sendBiometricMatch', { type: 'touchId', match: true }),
    ).toMatchObject({
      status: 200,
      value: null,
    });
    const transcript = (await session.execute('sim: transcript')).value as { text: string }[];
    expect(transcript.at(-1)?.text).toMatch(
      /Touch ID match sent; nothing happens: this iPhone 15 has Face ID/,
    );
  });
});
