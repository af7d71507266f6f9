// For the phone's end-to-end tests: the server lab (database, sls server, APNs simulator), the
// third-party gateway, and the real Appium server with the simulated iPhone; phones are
// WebdriverIO sessions.

import { type StartedGateway, startThirdPartyGateway } from '../../../mocks/gateway/third-party-gateway.ts';
import { thirdPartyHandlers } from '../../../mocks/handlers/index.ts';
import { startTestLab, type TestLab } from '../../../mocks/sls/test-support/start-test-lab.ts';
import { connectSimIPhone } from '../../phone/connect.ts';
import { type StartedAppium, startAppiumServer } from '../appium-server.ts';

export type Phone = WebdriverIO.Browser;

export interface PhoneLab {
  lab: TestLab;
  gateway: StartedGateway;
  appium: StartedAppium;
  newPhone(caps?: Record<string, unknown>): Promise<Phone>;
  close(): Promise<void>;
}

export async function startPhoneLab(storeUrl: string, label: string): Promise<PhoneLab> {
  const [lab, gateway, appium] = await Promise.all([
    startTestLab(storeUrl, label),
    startThirdPartyGateway(thirdPartyHandlers),
    startAppiumServer(),
  ]);
  const phones: Phone[] = [];
  return {
    lab,
    gateway,
    appium,
    async newPhone(caps = {}) {
      const phone = await connectSimIPhone(
        { appiumUrl: appium.url, apnsSimulatorUrl: lab.apns.deviceUrl, thirdPartyGatewayUrl: gateway.url },
        caps,
      );
      phones.push(phone);
      return phone;
    },
    async close() {
      await Promise.allSettled(phones.map((phone) => phone.deleteSession()));
      await Promise.allSettled([appium.stop(), gateway.close(), lab[Symbol.asyncDispose]()]);
    },
  };
}
