// Opens a WebdriverIO session on the simulated iPhone through an Appium server on loopback:
// one place for the connection options and the base capabilities.

import { remote } from 'webdriverio';

export interface SimIPhoneEndpoints {
  appiumPort: number;
  apnsSimulatorUrl?: string;
  thirdPartyGatewayUrl?: string;
}

export function connectSimIPhone(
  endpoints: SimIPhoneEndpoints,
  capabilities: Record<string, unknown> = {},
): Promise<WebdriverIO.Browser> {
  return remote({
    hostname: '127.0.0.1',
    port: endpoints.appiumPort,
    path: '/',
    logLevel: 'silent',
    connectionRetryCount: 0,
    capabilities: {
      platformName: 'iOS',
      'appium:automationName': 'SimIPhone',
      'appium:deviceName': 'iPhone 15 (Face ID)',
      ...(endpoints.apnsSimulatorUrl ? { 'appium:apnsSimulatorUrl': endpoints.apnsSimulatorUrl } : {}),
      ...(endpoints.thirdPartyGatewayUrl
        ? { 'appium:thirdPartyGatewayUrl': endpoints.thirdPartyGatewayUrl }
        : {}),
      ...capabilities,
    } as WebdriverIO.Capabilities,
  });
}
