// For the phone's end-to-end tests: the whole lab from the one Lab builder (the portal on a fresh
// database of Vitest's store, the APNs simulator, the third-party gateway, the real Appium server
// with the simulated iPhone); phones are WebdriverIO sessions, closed with the lab.

import { Lab, type StartedLab } from '../../../lab/index.ts';
import { connectSimIPhone } from '../../phone/connect.ts';

export type Phone = WebdriverIO.Browser;

export interface PhoneLab {
  lab: StartedLab;
  newPhone(caps?: Record<string, unknown>): Promise<Phone>;
  close(): Promise<void>;
}

export async function startPhoneLab(storeUrl: string, label: string): Promise<PhoneLab> {
  const lab = await new Lab()
    .withStore({ url: storeUrl })
    .withPortal({ label, seed: 42, config: { scryptLogN: 10 } })
    .withApns({ requestTimeoutMs: 500 })
    .withGateway()
    .withAppium()
    .start();
  const phones: Phone[] = [];
  return {
    lab,
    async newPhone(caps = {}) {
      const phone = await connectSimIPhone(
        {
          appiumUrl: lab.appiumUrl,
          apnsSimulatorUrl: lab.apnsDeviceUrl,
          thirdPartyGatewayUrl: lab.gatewayUrl,
        },
        caps,
      );
      phones.push(phone);
      return phone;
    },
    async close() {
      await Promise.allSettled(phones.map((phone) => phone.deleteSession()));
      await lab.stop();
    },
  };
}
