// What makes the gate's QR a universal link, as iOS fetches it, and what a browser without the app
// gets from the link; and /health as whoever watches the server reads it.

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { StartedLab } from '../../lab/index.ts';
import { IBKR_MOBILE } from '../../product/index.ts';
import { ACTIVATION_PATH } from '../../protocol/index.ts';
import { startServerLab } from './test-support/server-lab.ts';

let lab: StartedLab;

beforeAll(async () => {
  lab = await startServerLab(inject('storeUrl'), 'well_known');
});
afterAll(() => lab.stop());

describe('the universal link', () => {
  it('is claimed for IBKR Mobile by the apple-app-site-association file: JSON, the app’s team and bundle, /ibkey/*', async () => {
    const response = await fetch(`${lab.server.url}/.well-known/apple-app-site-association`, {
      redirect: 'manual',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({
      applinks: {
        details: [
          {
            appIDs: [`${IBKR_MOBILE.teamId}.${IBKR_MOBILE.bundleId}`],
            components: [{ '/': '/ibkey/*', comment: expect.any(String) }],
          },
        ],
      },
    });
  });

  it('sends a browser that opens it (no app installed) to the App Store', async () => {
    const response = await fetch(`${lab.server.url}${ACTIVATION_PATH}?s=x&c=y`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(IBKR_MOBILE.appStoreUrl);
  });
});

describe('/health', () => {
  it('says the database is up, and is never cached', async () => {
    const response = await fetch(`${lab.server.url}/health`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({ ok: true, database: 'up' });
  });
});
