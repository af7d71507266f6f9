// WebdriverIO test runner for phone-only specs (`npx wdio run wdio.conf.ts`).
//   LAB_PHONE=sim (default): the simulated iPhone behind the lab's own Appium server; the lab
//     (database, portal, APNs simulator, App Store mock, Appium) starts before the workers.
//   LAB_PHONE=xcuitest: a real iOS Simulator on macOS with the real app, through an Appium server
//     you run (APPIUM_URL) with the XCUITest driver: set IOS_UDID, IOS_APP (path to the .app) and
//     IOS_BUNDLE_ID, and LAB_PORTAL_URL for the portal the app talks to.
// Phones beyond this host (an Appium grid, a device cloud) are a change of these capabilities.

import { findFreePort } from './common/index.ts';
import type { StartedLab } from './lab/index.ts';
import { IBKR_BUNDLE_ID } from './product/index.ts';

const target = process.env.LAB_PHONE ?? 'sim';
if (target !== 'sim' && target !== 'xcuitest')
  throw new Error(`LAB_PHONE="${target}" is not a phone target; use sim or xcuitest.`);

// The launcher chooses the Appium port once; workers inherit it through the environment.
process.env.LAB_APPIUM_PORT ??= target === 'sim' ? String(await findFreePort()) : '';
const appiumUrl = new URL(
  target === 'sim'
    ? `http://127.0.0.1:${process.env.LAB_APPIUM_PORT}`
    : (process.env.APPIUM_URL ?? 'http://127.0.0.1:4723'),
);

const capabilities = {
  sim: {
    platformName: 'iOS',
    'appium:automationName': 'SimIPhone',
    'appium:deviceName': process.env.LAB_PHONE_PROFILE ?? 'iPhone 15 (Face ID)',
    'appium:language': (process.env.LAB_LOCALE ?? 'fr-FR').slice(0, 2),
    'appium:installedApps': [IBKR_BUNDLE_ID],
  },
  xcuitest: {
    platformName: 'iOS',
    'appium:automationName': 'XCUITest',
    'appium:udid': process.env.IOS_UDID,
    'appium:app': process.env.IOS_APP,
    'appium:bundleId': process.env.IOS_BUNDLE_ID ?? IBKR_BUNDLE_ID,
    'appium:language': (process.env.LAB_LOCALE ?? 'fr-FR').slice(0, 2),
    'appium:autoAcceptAlerts': false,
  },
}[target];

let lab: StartedLab | undefined;

export const config: WebdriverIO.Config = {
  runner: 'local',
  specs: ['./scenarios/phone/**/*.e2e.ts'],
  maxInstances: 1,
  hostname: appiumUrl.hostname,
  port: Number(appiumUrl.port),
  path: '/',
  capabilities: [capabilities as WebdriverIO.Capabilities],
  logLevel: 'error',
  framework: 'mocha',
  mochaOpts: { timeout: 60_000 },
  reporters: ['spec'],
  async onPrepare() {
    if (target !== 'sim') return;
    const { wholeLab } = await import('./lab/index.ts');
    lab = await wholeLab({ label: 'wdio', seed: Number(process.env.LAB_SEED ?? 7) })
      .withAppium({ port: Number(process.env.LAB_APPIUM_PORT) })
      .start();
    process.env.LAB_PORTAL_URL = lab.portalUrl;
    process.env.LAB_CONTROL_TOKEN = lab.control.token;
    process.env.LAB_APNS_DEVICE_URL = lab.apns.deviceUrl;
    process.env.LAB_GATEWAY_URL = lab.gatewayUrl;
  },
  onWorkerStart(_cid, caps) {
    if (target !== 'sim') return;
    const phone = caps as Record<string, unknown>;
    phone['appium:apnsSimulatorUrl'] = process.env.LAB_APNS_DEVICE_URL;
    phone['appium:thirdPartyGatewayUrl'] = process.env.LAB_GATEWAY_URL;
  },
  async onComplete() {
    await lab?.stop();
  },
};
