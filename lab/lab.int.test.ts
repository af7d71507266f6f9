// The Lab builder: the whole lab (the portal texting through the lab's gateway), parts started
// alone, a lab pointed at a portal and an Appium server run elsewhere (it starts neither, learns
// where the phone gets its pushes from the portal, and names a target that is unusable), and what
// a missing part says.

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PhoneClient } from '../protocol/index.ts';
import { externalTargetsFromEnvironment, Lab, LabFailure, type StartedLab } from './index.ts';

describe('the Lab builder', () => {
  let home: StartedLab;

  beforeAll(async () => {
    home = await new Lab()
      .withStore({ url: inject('storeUrl') })
      .withPortal({ label: 'lab_home', seed: 5 })
      .withApns()
      .withGateway()
      .withAppium()
      .start();
  }, 120_000);
  afterAll(() => home?.stop());

  it('starts every part asked for, wired together, with typed accessors', async () => {
    expect(home.portalUrl).toBe(home.server.url);
    expect(home.apnsDeviceUrl).toBe(home.apns.deviceUrl);
    expect(home.server.context.config.apnsDeviceUrl).toBe(home.apns.deviceUrl);
    expect((await fetch(`${home.appiumUrl}/status`)).ok).toBe(true);
    const { user, device } = await home.createUser({ locale: 'fr-FR' });
    expect(device).toBeNull();
    expect((await home.control.userState(user.username)).user).toMatchObject({ locale: 'fr-FR' });
  });

  it('starts the gateway before the portal and texts recovery codes through it, to the phone with that number', async () => {
    expect(home.server.context.config.sms).toMatchObject({ gatewayUrl: home.gatewayUrl });
    const { user } = await home.createUser({ phone: '+33612345678', device: { state: 'active' } });
    expect(user.phone).toBe('+33612345678');
    const newPhone = await PhoneClient.create();
    await newPhone.startRecovery(home.portalUrl, {
      purpose: 'move',
      username: user.username,
      password: user.password,
    });
    const stream = await fetch(`${home.gatewayUrl}/lab/sms/stream?to=${encodeURIComponent(user.phone!)}`);
    const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader();
    let received = '';
    while (!received.includes('"body"')) received += (await reader.read()).value;
    expect(received).toMatch(
      /data: \{"sid":"SM\w+","to":"\+33612345678","from":"\+15005550006","body":"IBKR: your IB Key code is \d{6}"/,
    );
    await reader.cancel();
  });

  it('starts one part alone, stops it with await using, and names a part it lacks', async () => {
    let appiumUrl: string;
    {
      await using appiumAlone = await new Lab().withAppium().start();
      appiumUrl = appiumAlone.appiumUrl;
      expect((await fetch(`${appiumUrl}/status`)).ok).toBe(true);
      expect(appiumAlone.parts.server).toBeUndefined();
      expect(() => appiumAlone.portalUrl).toThrow(
        'This lab has no portal: build it with withPortal() or withExternalTargets({ portalUrl }).',
      );
    }
    await expect(fetch(`${appiumUrl}/status`)).rejects.toThrow();
  });

  it('uses the given portal and Appium server and starts only its own gateway', async () => {
    await using visiting = await new Lab()
      .withPortal()
      .withApns()
      .withGateway()
      .withAppium()
      .withExternalTargets({
        portalUrl: home.portalUrl,
        controlToken: home.control.token!,
        appiumUrl: home.appiumUrl,
      })
      .start();
    expect(visiting.parts).toEqual({ gateway: visiting.gateway });
    expect(visiting.portalUrl).toBe(home.portalUrl);
    expect(visiting.appiumUrl).toBe(home.appiumUrl);
    expect(visiting.apnsDeviceUrl).toBe(home.apns.deviceUrl);
    expect(visiting.gatewayUrl).not.toBe(home.gatewayUrl);
  });

  it('fails as a lab failure naming a portal that does not answer', async () => {
    const attempt = new Lab().withPortal().withExternalTargets({ portalUrl: 'http://127.0.0.1:9' }).start();
    await expect(attempt).rejects.toBeInstanceOf(LabFailure);
    await expect(attempt).rejects.toThrow(
      /the portal at http:\/\/127\.0\.0\.1:9 cannot be used: GET \/lab\/endpoints .*does not answer/,
    );
  });

  it('fails as a lab failure saying that a portal run elsewhere needs its token (LAB_CONTROL_TOKEN)', async () => {
    const attempt = new Lab()
      .withPortal()
      .withExternalTargets({ portalUrl: home.portalUrl, controlToken: 'stale' })
      .start();
    await expect(attempt).rejects.toThrow(
      /the portal at .* cannot be used: GET \/lab\/endpoints answered 401: The token is not this run's.*LAB_CONTROL_TOKEN/,
    );
  });

  it('fails as a lab failure naming a server that is not Appium', async () => {
    const attempt = new Lab()
      .withAppium()
      .withExternalTargets({ portalUrl: home.portalUrl, appiumUrl: `${home.portalUrl}/nothing-here` })
      .start();
    await expect(attempt).rejects.toThrow(
      /the Appium server at .* cannot be used: GET \/status answered 404/,
    );
  });

  it('reads the targets from the environment and refuses one that is not a URL', () => {
    expect(
      externalTargetsFromEnvironment({
        LAB_PORTAL_URL: 'http://portal.test:8080/',
        LAB_APPIUM_URL: 'http://mac.local:4723',
      }),
    ).toEqual({ portalUrl: 'http://portal.test:8080', appiumUrl: 'http://mac.local:4723' });
    expect(
      externalTargetsFromEnvironment({
        LAB_PORTAL_URL: 'http://127.0.0.1:4100',
        LAB_CONTROL_TOKEN: 'printed-token',
      }),
    ).toEqual({ portalUrl: 'http://127.0.0.1:4100', controlToken: 'printed-token' });
    expect(() => externalTargetsFromEnvironment({ LAB_APPIUM_URL: 'mac:4723x' })).toThrow(
      'LAB_APPIUM_URL="mac:4723x" is not an http(s) URL; give it as http://host:port.',
    );
  });
});
