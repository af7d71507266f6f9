// Conformance with Appium's XCUITest driver on a real iPhone: each probe is what a plain W3C client
// sends (raw HTTP with W3C JSON bodies to the real Appium server, as selenium-webdriver or curl
// would), and beside it, the answer the real driver gives, from its source (appium-xcuitest-driver
// lib/, WebDriverAgent WebDriverAgentLib/) or docs. The simulated iPhone must give the same.

import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { W3C_ELEMENT_KEY } from '../../common/index.ts';
import { type StartedAppium, startAppiumServer } from './appium-server.ts';

interface Answer {
  status: number;
  value: unknown;
}

let appium: StartedAppium;

beforeAll(async () => {
  appium = await startAppiumServer();
}, 120_000);
afterAll(() => appium?.stop());

async function call(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<Answer> {
  const response = await fetch(`${appium.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const { value } = (await response.json()) as { value: unknown };
  return { status: response.status, value };
}

/** A W3C session on the simulated iPhone, as a plain client opens it. */
async function session(deviceName = 'iPhone SE (Touch ID)') {
  const created = await call('POST', '/session', {
    capabilities: {
      alwaysMatch: {
        platformName: 'iOS',
        'appium:automationName': 'SimIPhone',
        'appium:deviceName': deviceName,
      },
    },
  });
  expect(created.status, JSON.stringify(created.value)).toBe(200);
  const id = (created.value as { sessionId: string }).sessionId;
  const on = (method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown) =>
    call(method, `/session/${id}${path}`, body);
  const find = async (using: string, value: string) => {
    const answer = await on('POST', '/elements', { using, value });
    expect(answer.status, JSON.stringify(answer.value)).toBe(200);
    return (answer.value as Record<string, string>[]).map((element) => element[W3C_ELEMENT_KEY]!);
  };
  const execute = (script: string, args: unknown = {}) =>
    on('POST', '/execute/sync', { script, args: [args] });
  const activeApp = async () =>
    ((await execute('mobile: activeAppInfo')).value as { bundleId: string }).bundleId;
  /** Polls until the phone shows what is expected (the phone may run with device-like delays). */
  const waitFor = async (what: string, check: () => Promise<boolean>, timeoutMs = 5000) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  const rectOf = async (elementId: string) =>
    (await on('GET', `/element/${elementId}/rect`)).value as {
      x: number;
      y: number;
      width: number;
      height: number;
    };
  const close = () => on('DELETE', '');
  return { id, on, find, execute, activeApp, waitFor, rectOf, close };
}

type Session = Awaited<ReturnType<typeof session>>;

/** A tap as webdriverio's action('pointer') sends it: no pointerType, so "mouse", which XCUITest makes a touch. */
function tapAt(x: number, y: number, holdMs = 0) {
  return {
    actions: [
      {
        type: 'pointer',
        id: 'finger1',
        actions: [
          { type: 'pointerMove', duration: 0, x: Math.round(x), y: Math.round(y) },
          { type: 'pointerDown', button: 0 },
          { type: 'pause', duration: holdMs },
          { type: 'pointerUp', button: 0 },
        ],
      },
    ],
  };
}

function swipe(from: { x: number; y: number }, to: { x: number; y: number }) {
  return {
    actions: [
      {
        type: 'pointer',
        id: 'finger1',
        parameters: { pointerType: 'touch' },
        actions: [
          { type: 'pointerMove', duration: 0, ...from },
          { type: 'pointerDown', button: 0 },
          { type: 'pointerMove', duration: 250, origin: 'viewport', ...to },
          { type: 'pointerUp', button: 0 },
        ],
      },
    ],
  };
}

describe('selectors as selenium, webdriverio and Appium clients send them', () => {
  let phone: Session;
  beforeAll(async () => {
    phone = await session();
  });
  afterAll(() => phone?.close());

  it("By.id and By.name arrive as CSS ('#id', '*[name=\"x\"]') and find the element by name", async () => {
    // css/class-chain-emitter.ts: '#Camera' -> **/*[`name == "Camera"`]; [name="x"] -> name == "x".
    const byId = await phone.find('css selector', '#Camera');
    const byName = await phone.find('css selector', '*[name="Camera"]');
    expect(byId).toHaveLength(1);
    // WDA caches one UUID per element: the same element answers with the same id.
    expect(byName).toEqual(byId);
    // Short tags become XCUIElementType<Tag>; ^= is BEGINSWITH; '>' a child step.
    expect(await phone.find('css selector', 'icon[name^="Cam"]')).toEqual(byId);
    expect((await phone.find('css selector', 'window > icon')).length).toBeGreaterThan(1);
    expect(await phone.find('css selector', 'icon:visible[name="Camera"]')).toEqual(byId);
  });

  it("By.className arrives as '.Class', which the driver's CSS converter refuses", async () => {
    // emitRule: "'XCUIElementTypeIcon' is not a valid class. Must be a single string ... without
    // dots", thrown as InvalidSelectorError("Unsupported CSS selector '.XCUIElementTypeIcon'").
    const answer = await phone.on('POST', '/elements', {
      using: 'css selector',
      value: '.XCUIElementTypeIcon',
    });
    expect(answer.status).toBe(400);
    expect(answer.value).toMatchObject({ error: 'invalid selector' });
    expect(JSON.stringify(answer.value)).toContain("Unsupported CSS selector '.XCUIElementTypeIcon'");
  });

  it('a malformed predicate, class chain or XPath finds nothing, as the driver answers; strictSelectors says why', async () => {
    // find.ts doNativeFind: WDA's error for a selector it cannot parse is caught ("if the element is
    // not found"), so findElement answers 404 no such element and findElements [].
    for (const [using, value] of [
      ['-ios predicate string', "name == 'Camera"],
      ['-ios class chain', '**/XCUIElementTypeIcon[`name == "Camera"'],
      ['xpath', '//['],
    ]) {
      const one = await phone.on('POST', '/element', { using, value });
      expect(one.status, `${using} ${value}`).toBe(404);
      expect(one.value).toMatchObject({ error: 'no such element' });
      expect(await phone.find(using!, value!)).toEqual([]);
    }
    // The lab's stricter setting: the same lookup is an invalid selector that says what is wrong.
    await phone.on('POST', '/appium/settings', { settings: { strictSelectors: true } });
    const strict = await phone.on('POST', '/element', {
      using: '-ios predicate string',
      value: "name == 'Camera",
    });
    expect(strict.status).toBe(400);
    expect(strict.value).toMatchObject({ error: 'invalid selector' });
    await phone.on('POST', '/appium/settings', { settings: { strictSelectors: false } });
  });

  it('predicate IN, BEGINSWITH[c] and NOT, as NSPredicate evaluates them', async () => {
    // WDA evaluates the NSPredicate on each snapshot with wd* attributes (NSPredicate+FBFormat.m).
    expect(await phone.find('-ios predicate string', "name IN {'Camera', 'Safari'}")).toHaveLength(2);
    expect(
      await phone.find('-ios predicate string', "label BEGINSWITH[c] 'cam' AND NOT (name == 'Safari')"),
    ).toEqual(await phone.find('accessibility id', 'Camera'));
  });

  it('class chain $...$ keeps the elements with a descendant that matches', async () => {
    // XCUIElement+FBClassChain.h: "[$type == XCUIElementTypeImage AND name == 'bla'$] ... has at
    // least one descendant" (containingPredicate:).
    const windows = await phone.find('-ios class chain', '**/XCUIElementTypeWindow[$name == "Camera"$]');
    expect(windows).toHaveLength(1);
    expect((await phone.on('GET', `/element/${windows[0]}/name`)).value).toBe('XCUIElementTypeWindow');
  });

  it("class name takes a short name ('Icon', 'UIAIcon') and means XCUIElementTypeIcon", async () => {
    // find.ts findNativeElementOrElements: strips "UIA", prefixes "XCUIElementType".
    const full = await phone.find('class name', 'XCUIElementTypeIcon');
    expect(full.length).toBeGreaterThan(1);
    expect(await phone.find('class name', 'Icon')).toEqual(full);
    expect(await phone.find('class name', 'UIAIcon')).toEqual(full);
  });
});

describe('element attributes, properties and screenshots', () => {
  let phone: Session;
  let camera: string;
  beforeAll(async () => {
    phone = await session();
    [camera] = (await phone.find('accessibility id', 'Camera')) as [string];
  });
  afterAll(() => phone?.close());

  it('answers hittable, selected, index, rect, wdType and UID as XCUITest stringifies them', async () => {
    // getNativeAttribute: WDA's value; 0 and 1 become booleans; non-strings are JSON.stringify'd.
    const attribute = async (name: string) =>
      (await phone.on('GET', `/element/${camera}/attribute/${name}`)).value;
    expect(await attribute('hittable')).toBe('true');
    expect(await attribute('selected')).toBe('false');
    expect(await attribute('enabled')).toBe('true');
    expect(await attribute('wdType')).toBe('XCUIElementTypeIcon');
    expect(await attribute('index')).toMatch(/^(false|true|\d+)$/);
    expect(JSON.parse((await attribute('rect')) as string)).toEqual(await phone.rectOf(camera));
    expect(await attribute('UID')).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
  });

  it('answers W3C Get Element Property as getAttribute, and an unknown name with an unknown error', async () => {
    // element.ts getProperty: native context -> getNativeAttribute(property).
    expect((await phone.on('GET', `/element/${camera}/property/label`)).value).toBe(
      (await phone.on('GET', `/element/${camera}/attribute/label`)).value,
    );
    // FBElementUtils throws FBUnknownAttributeException, which FBExceptionHandler does not map: 500.
    const unknown = await phone.on('GET', `/element/${camera}/attribute/colour`);
    expect(unknown.status).toBe(500);
    expect(unknown.value).toMatchObject({ error: 'unknown error' });
  });

  it("takes an element screenshot: the screen's pixels at the element's rect", async () => {
    // WDA handleElementScreenshot: a PNG of the element's frame at the screen's scale.
    const answer = await phone.on('GET', `/element/${camera}/screenshot`);
    expect(answer.status).toBe(200);
    const { width, height } = await sharp(Buffer.from(answer.value as string, 'base64')).metadata();
    const rect = await phone.rectOf(camera);
    expect({ width, height }).toEqual({ width: rect.width * 2, height: rect.height * 2 });
  });
});

describe('W3C Actions with a finger', () => {
  it('taps at viewport coordinates with a "mouse" pointer (XCUITest makes it a touch): the icon there opens its app', async () => {
    const phone = await session();
    try {
      const [camera] = (await phone.find('accessibility id', 'Camera')) as [string];
      const rect = await phone.rectOf(camera);
      // gesture.ts performActions: pointerType forced to "touch", zero pauses dropped, sent to WDA.
      const answer = await phone.on(
        'POST',
        '/actions',
        tapAt(rect.x + rect.width / 2, rect.y + rect.height / 2),
      );
      expect(answer.status, JSON.stringify(answer.value)).toBe(200);
      await phone.waitFor(
        'Camera in the foreground',
        async () => (await phone.activeApp()) === 'com.apple.camera',
      );
      // gesture.ts releaseActions: "On this platform, releaseActions is a no-op".
      expect((await phone.on('DELETE', '/actions')).status).toBe(200);
    } finally {
      await phone.close();
    }
  });

  it('a long press (600 ms held) on an icon does not open the app; a tap on the next does', async () => {
    const phone = await session();
    try {
      const [camera] = (await phone.find('accessibility id', 'Camera')) as [string];
      const [settings] = (await phone.find('accessibility id', 'Settings')) as [string];
      const cameraRect = await phone.rectOf(camera);
      const settingsRect = await phone.rectOf(settings);
      const centre = (rect: typeof cameraRect) =>
        [rect.x + rect.width / 2, rect.y + rect.height / 2] as const;
      // An app icon held past UILongPressGestureRecognizer's 0.5 s shows its context menu instead.
      expect((await phone.on('POST', '/actions', tapAt(...centre(cameraRect), 600))).status).toBe(200);
      expect((await phone.on('POST', '/actions', tapAt(...centre(settingsRect)))).status).toBe(200);
      await phone.waitFor(
        'Settings in the foreground',
        async () => (await phone.activeApp()) === 'com.apple.Preferences',
      );
      const transcript = (await phone.execute('sim: transcript')).value as { text: string }[];
      expect(transcript.map((entry) => entry.text).join('\n')).not.toMatch(/-> camera/);
    } finally {
      await phone.close();
    }
  });

  it('a swipe down from the top edge pulls Notification Center; a swipe up from the bottom edge goes home', async () => {
    const phone = await session();
    try {
      const screens = async () =>
        ((await phone.execute('sim: transcript')).value as { kind: string; text: string }[])
          .filter((entry) => entry.kind === 'screen')
          .map((entry) => entry.text)
          .join('\n');
      expect((await phone.on('POST', '/actions', swipe({ x: 180, y: 5 }, { x: 180, y: 400 }))).status).toBe(
        200,
      );
      await phone.waitFor('Notification Center open', async () =>
        /-> notificationCenter/.test(await screens()),
      );
      expect((await phone.on('POST', '/actions', swipe({ x: 180, y: 660 }, { x: 180, y: 300 }))).status).toBe(
        200,
      );
      await phone.waitFor('the home screen again', async () =>
        /notificationCenter -> springboard/.test(await screens()),
      );
    } finally {
      await phone.close();
    }
  });

  it("refuses a sequence WDA cannot synthesise with an unknown error and WDA's sentence", async () => {
    const phone = await session();
    try {
      // FBW3CActionsSynthesizer: "Pointer Up must not be the first action in ..."; the route
      // answers FBResponseWithUnknownError.
      const upFirst = await phone.on('POST', '/actions', {
        actions: [{ type: 'pointer', id: 'f', actions: [{ type: 'pointerUp', button: 0 }] }],
      });
      expect(upFirst.status).toBe(500);
      expect(upFirst.value).toMatchObject({ error: 'unknown error' });
      expect(JSON.stringify(upFirst.value)).toContain('Pointer Up must not be the first action');
      // "Both 'x' and 'y' options should be set for ..." a viewport move without y.
      const noY = await phone.on('POST', '/actions', {
        actions: [{ type: 'pointer', id: 'f', actions: [{ type: 'pointerMove', x: 10 }] }],
      });
      expect(JSON.stringify(noY.value)).toContain("Both 'x' and 'y' options should be set");
    } finally {
      await phone.close();
    }
  });
});

describe('contexts, orientation, device and app info, timeouts, execute names, screenshots', () => {
  let phone: Session;
  beforeAll(async () => {
    phone = await session();
  });
  afterAll(() => phone?.close());

  it('has only NATIVE_APP; another context is NoSuchContextError, which Appium sends as an unknown error', async () => {
    // context.ts: NATIVE_APP first, then WEBVIEW_<id> per web view; an unknown one throws
    // NoSuchContextError, whose W3C form in Appium's protocol is 500 "unknown error".
    expect((await phone.on('GET', '/contexts')).value).toEqual(['NATIVE_APP']);
    expect((await phone.on('GET', '/context')).value).toBe('NATIVE_APP');
    expect((await phone.on('POST', '/context', { name: 'NATIVE_APP' })).status).toBe(200);
    const webview = await phone.on('POST', '/context', { name: 'WEBVIEW_1' });
    expect(webview.status).toBe(500);
    expect(webview.value).toMatchObject({ error: 'unknown error' });
    expect(JSON.stringify(webview.value)).toContain('WEBVIEW_1');
  });

  it('is PORTRAIT; rotating an app that supports only portrait is "Unable To Rotate Device"', async () => {
    // FBOrientationCommands: GET /orientation -> "PORTRAIT"; POST fails with an unknown error
    // "Unable To Rotate Device" when the interface does not follow the device.
    expect((await phone.on('GET', '/orientation')).value).toBe('PORTRAIT');
    expect((await phone.on('POST', '/orientation', { orientation: 'PORTRAIT' })).status).toBe(200);
    const landscape = await phone.on('POST', '/orientation', { orientation: 'LANDSCAPE' });
    expect(landscape.status).toBe(500);
    expect(JSON.stringify(landscape.value)).toContain('Unable To Rotate Device');
  });

  it('answers mobile: deviceInfo and mobile: activeAppInfo with WDA\'s fields, "mobile:name" without a space too', async () => {
    // FBCustomCommands handleGetDeviceInfo: currentLocale, timeZone, name, model, uuid,
    // userInterfaceIdiom (0: phone), userInterfaceStyle, isSimulator, thermalState.
    const info = (await phone.execute('mobile:deviceInfo')).value as Record<string, unknown>;
    expect(info).toMatchObject({
      currentLocale: 'en_US',
      name: 'iPhone',
      model: 'iPhone',
      userInterfaceIdiom: 0,
      userInterfaceStyle: 'light',
      thermalState: 0,
    });
    expect(typeof info.timeZone).toBe('string');
    expect(typeof info.isSimulator).toBe('boolean');
    // handleActiveAppInfo: {pid, bundleId, name, processArguments: {args, env}}.
    const app = (await phone.execute('mobile:  activeAppInfo')).value as Record<string, unknown>;
    expect(app).toMatchObject({
      bundleId: 'com.apple.springboard',
      name: '',
      processArguments: { args: [], env: {} },
    });
    expect(app.pid).toEqual(expect.any(Number));
  });

  it('accepts W3C Set Timeouts with script and pageLoad', async () => {
    // timeouts.ts: pageLoadTimeoutW3C and scriptTimeoutW3C store the values (used by web contexts).
    const answer = await phone.on('POST', '/timeouts', { script: 30_000, pageLoad: 300_000 });
    expect(answer.status, JSON.stringify(answer.value)).toBe(200);
    expect(answer.value).toBeNull();
  });

  it('screenshots in device pixels (750x1334 on an iPhone SE) while the window rect stays in points', async () => {
    const screenshot = (await phone.on('GET', '/screenshot')).value as string;
    const { width, height } = await sharp(Buffer.from(screenshot, 'base64')).metadata();
    expect({ width, height }).toEqual({ width: 750, height: 1334 });
    expect((await phone.on('GET', '/window/rect')).value).toEqual({ x: 0, y: 0, width: 375, height: 667 });
  });

  it("the lab's own screenshotScale setting draws screenshots with fewer pixels per point, and refuses a scale iOS has not", async () => {
    // Not XCUITest's: the lab's evidence takes 1 pixel per point; the default stays the device's.
    const sizeOf = async (path: string) => {
      const answer = await phone.on('GET', path);
      return sharp(Buffer.from(answer.value as string, 'base64')).metadata();
    };
    const [camera] = (await phone.find('accessibility id', 'Camera')) as [string];
    const rect = await phone.rectOf(camera);
    try {
      expect((await phone.on('POST', '/appium/settings', { settings: { screenshotScale: 1 } })).status).toBe(
        200,
      );
      expect(await sizeOf('/screenshot')).toMatchObject({ width: 375, height: 667 });
      expect(await sizeOf(`/element/${camera}/screenshot`)).toMatchObject({
        width: rect.width,
        height: rect.height,
      });
      const refused = await phone.on('POST', '/appium/settings', { settings: { screenshotScale: 4 } });
      expect(refused.status).toBe(400);
      expect(refused.value).toMatchObject({
        message: expect.stringContaining(
          'The setting screenshotScale must be "device", 1, 2 or 3 (pixels per point), not 4.',
        ),
      });
    } finally {
      await phone.on('POST', '/appium/settings', { settings: { screenshotScale: 'device' } });
    }
    expect(await sizeOf('/screenshot')).toMatchObject({ width: 750, height: 1334 });
  });
});
