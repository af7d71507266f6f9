// The check that ends every journey: it names each thing a test left changed in its worker's lab
// (a gateway override, an APNs fault, a phone session of this lab's portal), ignores a phone of
// another lab on the same Appium server, and says nothing once all is undone.

import { HttpResponse, http } from 'msw';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectSimIPhone } from '../drivers/phone/index.ts';
import { Lab, leftoversOf, type StartedLab } from './index.ts';

describe('what a test leaves behind', () => {
  let lab: StartedLab;
  let otherLab: StartedLab;

  beforeAll(async () => {
    lab = await new Lab()
      .withStore({ url: inject('storeUrl') })
      .withPortal({ label: 'lab_leftovers', seed: 7 })
      .withApns()
      .withGateway()
      .withAppium()
      .start();
    otherLab = await new Lab()
      .withStore({ url: inject('storeUrl') })
      .withPortal({ label: 'lab_leftovers_other', seed: 8 })
      .withApns()
      .withGateway()
      .withExternalTargets({ appiumUrl: lab.appiumUrl })
      .start();
  }, 120_000);
  afterAll(async () => {
    await otherLab?.stop();
    await lab?.stop();
  });

  it('is nothing in a lab as it started', async () => {
    expect(await leftoversOf(lab)).toEqual([]);
  });

  it('names a gateway override, an APNs fault and an open phone session of this lab, then nothing once undone', async () => {
    lab.gateway.use(http.get('https://apps.apple.com/*', () => HttpResponse.error()));
    lab.apns.setFault('a'.repeat(64), { status: 410, reason: 'Unregistered' });
    const phone = await connectSimIPhone(
      { appiumUrl: lab.appiumUrl, apnsSimulatorUrl: lab.apnsDeviceUrl },
      { 'appium:portalUrl': lab.portalUrl, 'appium:timing': 'instant' },
    );
    const otherPhone = await connectSimIPhone(
      { appiumUrl: lab.appiumUrl, apnsSimulatorUrl: otherLab.apnsDeviceUrl },
      { 'appium:portalUrl': otherLab.portalUrl, 'appium:timing': 'instant' },
    );
    try {
      expect(await leftoversOf(lab)).toEqual([
        '1 third-party handler(s) added to the gateway with use() and never reset (App Store, SMS)',
        'APNs still fails pushes to 1 device token(s) (410 Unregistered)',
        `1 phone session(s) still open on Appium (${phone.sessionId})`,
      ]);
      expect(await leftoversOf(otherLab)).toEqual([
        `1 phone session(s) still open on Appium (${otherPhone.sessionId})`,
      ]);
    } finally {
      await phone.deleteSession();
      await otherPhone.deleteSession();
    }
    lab.gateway.resetHandlers();
    lab.apns.setFault('a'.repeat(64), undefined);
    expect(await leftoversOf(lab)).toEqual([]);
    expect(await leftoversOf(otherLab)).toEqual([]);
  });
});
