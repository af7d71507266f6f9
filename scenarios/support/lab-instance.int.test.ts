// The scenario lab pointed at a portal and an Appium server run elsewhere: it starts neither,
// learns where the phone gets its pushes from the portal, and names a target that is unusable.

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startStateStore } from '../../mocks/state/index.ts';
import {
  externalTargetsFromEnvironment,
  LabFailure,
  type LabInstance,
  startLabInstance,
} from './lab-instance.ts';

describe('a lab run against external targets', () => {
  let home: LabInstance;

  beforeAll(async () => {
    const store = await startStateStore({ mode: 'url', databaseUrl: inject('storeUrl') });
    home = await startLabInstance({ label: 'external_home', seed: 5, store });
  });
  afterAll(() => home?.stop());

  it('uses the given portal and Appium server and starts only its own gateway', async () => {
    const visiting = await startLabInstance({
      label: 'external_visitor',
      seed: 6,
      external: { portalUrl: home.portalUrl, appiumUrl: home.appiumUrl },
    });
    try {
      expect(visiting.server).toBeUndefined();
      expect(visiting.appium).toBeUndefined();
      expect(visiting.apns).toBeUndefined();
      expect(visiting.portalUrl).toBe(home.portalUrl);
      expect(visiting.appiumUrl).toBe(home.appiumUrl);
      expect(visiting.apnsDeviceUrl).toBe(home.apns?.deviceUrl);
      expect(visiting.gatewayUrl).not.toBe(home.gatewayUrl);
    } finally {
      await visiting.stop();
    }
  });

  it('fails as a lab failure naming a portal that does not answer', async () => {
    const attempt = startLabInstance({
      label: 'external_dead_portal',
      seed: 7,
      external: { portalUrl: 'http://127.0.0.1:9' },
    });
    await expect(attempt).rejects.toBeInstanceOf(LabFailure);
    await expect(attempt).rejects.toThrow(
      /the portal at http:\/\/127\.0\.0\.1:9 cannot be used: it does not answer/,
    );
  });

  it('fails as a lab failure naming a server that is not Appium', async () => {
    const attempt = startLabInstance({
      label: 'external_not_appium',
      seed: 8,
      external: { portalUrl: home.portalUrl, appiumUrl: `${home.portalUrl}/nothing-here` },
    });
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
    ).toEqual({
      portalUrl: 'http://portal.test:8080',
      appiumUrl: 'http://mac.local:4723',
      apnsDeviceUrl: undefined,
    });
    expect(() => externalTargetsFromEnvironment({ LAB_APPIUM_URL: 'mac:4723x' })).toThrow(
      'LAB_APPIUM_URL="mac:4723x" is not an http(s) URL; give it as http://host:port.',
    );
  });
});
