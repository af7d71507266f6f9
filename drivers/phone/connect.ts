// Opens a WebdriverIO session on the simulated iPhone through an Appium server on loopback:
// one place for the connection options and the base capabilities. The phone runs with realistic
// timing (asynchronous, as a device: PhoneScreens waits for what it reads).

import { remote } from 'webdriverio';

export interface SimIPhoneEndpoints {
  /** The Appium server, e.g. http://127.0.0.1:4723 (no base path). */
  appiumUrl: string;
  apnsSimulatorUrl?: string;
  thirdPartyGatewayUrl?: string;
}

export function connectSimIPhone(
  endpoints: SimIPhoneEndpoints,
  capabilities: Record<string, unknown> = {},
): Promise<WebdriverIO.Browser> {
  const appium = new URL(endpoints.appiumUrl);
  return remote({
    protocol: appium.protocol.replace(':', ''),
    hostname: appium.hostname,
    port: Number(appium.port || (appium.protocol === 'https:' ? 443 : 80)),
    path: appium.pathname,
    logLevel: 'silent',
    connectionRetryCount: 0,
    capabilities: {
      platformName: 'iOS',
      'appium:automationName': 'SimIPhone',
      'appium:deviceName': 'iPhone 15 (Face ID)',
      'appium:timing': 'realistic',
      ...(endpoints.apnsSimulatorUrl ? { 'appium:apnsSimulatorUrl': endpoints.apnsSimulatorUrl } : {}),
      ...(endpoints.thirdPartyGatewayUrl
        ? { 'appium:thirdPartyGatewayUrl': endpoints.thirdPartyGatewayUrl }
        : {}),
      ...capabilities,
    } as WebdriverIO.Capabilities,
  });
}
