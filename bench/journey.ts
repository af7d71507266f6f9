// Section 4: the happy path end to end (Chromium + the simulated iPhone through Appium + the
// server and PostgreSQL), total and per step; and the lab's cold start, part by part.

import { chromium, expect } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../common/chromium.ts';
import { connectSimIPhone, PhoneScreens } from '../drivers/phone/index.ts';
import { PortalPages } from '../drivers/portal/index.ts';
import { startAppiumServer } from '../drivers/sim-iphone/appium-server.ts';
import { wholeLab } from '../lab/index.ts';
import { startReadyServe } from '../lab/test-support/serve-process.ts';
import { startLabApns } from '../mocks/apns/lab-provider.ts';
import { defaultConfig } from '../mocks/sls/config.ts';
import { startSlsServer } from '../mocks/sls/server.ts';
import { createIsolatedDatabase, type StoreMode, startStateStore } from '../mocks/state/index.ts';
import { IBKR_BUNDLE_ID } from '../product/index.ts';
import { medianOf, type Row } from './stats.ts';

const rowOf = (subject: string, contender: string, samples: number[], target?: string): Row => ({
  section: 'Journey',
  subject,
  contender,
  unit: 'ms',
  median: medianOf(samples),
  min: Math.min(...samples),
  max: Math.max(...samples),
  runs: samples.length,
  target,
});

async function timed<T>(samples: Map<string, number[]>, name: string, work: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await work();
  samples.set(name, [...(samples.get(name) ?? []), performance.now() - start]);
  return result;
}

/** Each part on its own, then the whole lab as the scenarios start it (parts in parallel). */
export async function benchColdStart(mode: StoreMode, runs: number): Promise<Row[]> {
  const samples = new Map<string, number[]>();
  for (let run = 0; run < runs; run += 1) {
    const store = await timed(samples, 'state store', () => startStateStore({ mode }));
    const database = await timed(samples, 'database (create + migrate)', () =>
      createIsolatedDatabase(store.url, `cold_${run}`),
    );
    const apns = await timed(samples, 'APNs simulator', () => startLabApns({ requestTimeoutMs: 3000 }));
    const server = await timed(samples, 'sls server', () =>
      startSlsServer(defaultConfig({ databaseUrl: database.url, apns: apns.config }), { seed: run }),
    );
    const appium = await timed(samples, 'Appium + sim-iphone', () => startAppiumServer());
    await Promise.all([appium.stop(), server.close(), apns.simulator.close()]);
    await database.drop();
    await store.stop();
    const lab = await timed(samples, 'whole lab, as a worker starts it', () =>
      wholeLab({ label: `cold_whole_${run}`, seed: run })
        .withStore(mode)
        .start(),
    );
    await lab.stop();
  }
  return [...samples].map(([part, values]) =>
    rowOf(
      `cold start: ${part}`,
      String(mode),
      values,
      part.startsWith('whole') && mode === 'embedded' ? '<= 3 s (embedded)' : undefined,
    ),
  );
}

/**
 * `npm run serve` (embedded store) stopped by Ctrl-C, as a terminal sends it to the group: from the
 * signal to the exit, with its database stopped and its folder removed. The stop tests hold it to
 * "prompt"; the one-second target is judged here, on a machine not shared with other tests.
 */
export async function benchServeStop(runs: number): Promise<Row[]> {
  const samples: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const serve = await startReadyServe();
    const stopped = await serve.stop('SIGINT', 'group');
    if (stopped.code !== 0)
      throw new Error(
        `npm run serve exited with ${stopped.code ?? stopped.signal} on Ctrl-C:\n${serve.output()}`,
      );
    samples.push(stopped.ms);
  }
  return [rowOf('npm run serve: Ctrl-C to exit', 'embedded', samples, '< 1 s')];
}

/** The happy path on a Touch ID phone with the app installed, `runs` times after one warm-up. */
export async function benchHappyPath(runs: number): Promise<Row[]> {
  const lab = await wholeLab({ label: 'bench_journey', seed: 3 }).start();
  const executablePath = findChromium();
  const browser = await chromium.launch({
    args: CHROMIUM_ARGS,
    ...(executablePath ? { executablePath } : {}),
  });
  const samples = new Map<string, number[]>();
  try {
    for (let run = 0; run <= runs; run += 1) {
      const steps = new Map<string, number[]>();
      const { user: account } = await lab.createUser({ locale: 'en-US' });
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
      const pages = new PortalPages(await context.newPage(), lab.portalUrl, 'en-US');
      const driver = await connectSimIPhone(
        {
          appiumUrl: lab.appiumUrl,
          apnsSimulatorUrl: lab.apnsDeviceUrl,
          thirdPartyGatewayUrl: lab.gatewayUrl,
        },
        // The lab's own cost is measured: the phone's realistic delays (a device's pace) are left out.
        {
          'appium:deviceName': 'iPhone SE (Touch ID)',
          'appium:installedApps': [IBKR_BUNDLE_ID],
          'appium:timing': 'instant',
        },
      );
      const phone = new PhoneScreens(driver, 'en-US');
      const start = performance.now();
      await timed(steps, '1 log in, gate with QR', async () => {
        await pages.logIn(account.username, account.password);
        await expect(pages.gateQr).toBeVisible();
      });
      await timed(steps, '3 scan the gate QR', async () => phone.scanImage(await pages.page.screenshot()));
      await timed(steps, '8 tap the banner (app opens)', () => phone.tap('QRCodeBanner'));
      await timed(steps, '9 allow notifications', () => phone.acceptAlert(phone.text('allow')));
      await timed(steps, '10 Touch ID', () => phone.biometricMatch('touchId', true));
      await timed(steps, '11 Done', () => phone.tap('Done'));
      await timed(steps, 'portal gate says activated', () =>
        expect(pages.status).toHaveText(pages.text('gateActivated')),
      );
      const total = performance.now() - start;
      await driver.deleteSession();
      await context.close();
      if (run === 0) continue; // warm-up
      for (const [step, values] of steps) samples.set(step, [...(samples.get(step) ?? []), ...values]);
      samples.set('total', [...(samples.get('total') ?? []), total]);
    }
  } finally {
    await browser.close();
    await lab.stop();
  }
  return [...samples].map(([step, values]) =>
    rowOf(`happy path: ${step}`, 'embedded', values, step === 'total' ? '<= 800 ms' : undefined),
  );
}
