// Section 2: the same W3C commands through the same Appium server, to our driver and to
// Appium's own reference driver (@appium/fake-driver): session creation, find element + click,
// page source, screenshot.

import { fileURLToPath } from 'node:url';
import { remote } from 'webdriverio';
import { connectSimIPhone } from '../drivers/phone/connect.ts';
import { startAppiumServer } from '../drivers/sim-iphone/appium-server.ts';
import { type Row, timeRow } from './stats.ts';

const FAKE_APP = fileURLToPath(new URL('./fixtures/fake-app.xml', import.meta.url));

export async function benchDrivers(runs: number): Promise<Row[]> {
  const appium = await startAppiumServer({ drivers: ['sim-iphone', 'fake'] });
  const url = new URL(appium.url);
  const contenders: Record<string, () => Promise<WebdriverIO.Browser>> = {
    'sim-iphone': async () => {
      const phone = await connectSimIPhone({ appiumUrl: appium.url });
      await phone.execute('mobile: launchApp', { bundleId: 'com.apple.camera' });
      return phone;
    },
    'fake-driver': () =>
      remote({
        hostname: url.hostname,
        port: Number(url.port),
        path: '/',
        logLevel: 'silent',
        connectionRetryCount: 0,
        capabilities: {
          platformName: 'Fake',
          'appium:automationName': 'Fake',
          'appium:deviceName': 'Fake',
          'appium:app': FAKE_APP,
        } as WebdriverIO.Capabilities,
      }),
  };
  const rows: Row[] = [];
  try {
    const bare = async (session: string, path: string, body?: unknown) => {
      const response = await fetch(`${appium.url}/session/${session}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!response.ok) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
      return (await response.json()) as { value: unknown };
    };
    for (const [contender, connect] of Object.entries(contenders)) {
      const row = (subject: string, target?: string) => ({
        section: 'Phone commands',
        subject,
        contender,
        target,
      });
      rows.push(
        await timeRow(row('session creation'), Math.max(5, Math.round(runs / 5)), async () =>
          (await connect()).deleteSession(),
        ),
      );
      const phone = await connect();
      rows.push(
        await timeRow(row('find element + click (bare HTTP)', '<= 1.5x fake-driver'), runs, async () => {
          const { value } = await bare(phone.sessionId, '/element', {
            using: 'accessibility id',
            value: 'FrontBackFacingCameraChooser',
          });
          await bare(
            phone.sessionId,
            `/element/${Object.values(value as Record<string, string>)[0]}/click`,
            {},
          );
        }),
      );
      rows.push(await timeRow(row('page source'), runs, () => bare(phone.sessionId, '/source')));
      rows.push(
        await timeRow(row('screenshot'), Math.max(5, Math.round(runs / 5)), () =>
          bare(phone.sessionId, '/screenshot'),
        ),
      );
      await phone.deleteSession();
    }
  } finally {
    await appium.stop();
  }
  // The target, as a ratio beside each of our rows.
  for (const ours of rows.filter((row) => row.contender === 'sim-iphone')) {
    const reference = rows.find((row) => row.contender === 'fake-driver' && row.subject === ours.subject);
    if (reference) ours.extra = { 'vs fake-driver': `${(ours.median / reference.median).toFixed(2)}x` };
  }
  return rows;
}
