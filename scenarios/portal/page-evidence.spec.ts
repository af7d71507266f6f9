// The portal's evidence reads (drivers/portal/page-evidence.ts): what the report shows of the page
// must change when the page does and only then, and its pictures must be the page's pixels.

import type { Page } from '@playwright/test';
import sharp from 'sharp';
import { fillSecret, PageEvidence } from '../../drivers/portal/index.ts';
import { expect, test as portalTest } from '../fixtures/portal-server.ts';

/** The evidence reader of a page that shows the portal's login. */
const test = portalTest.extend<{ evidence: PageEvidence }>({
  evidence: async ({ page, portalLab }, use) => {
    await page.goto(`${portalLab.portalUrl}/login`);
    await use(new PageEvidence(page));
  },
});

test('the drawn state holds while nothing changes, and changes with a typed value, the focus, the window size, the scroll and the address', async ({
  page,
  portalLab,
  evidence,
}) => {
  const atLogin = await evidence.drawnState();
  expect(atLogin).toContain('/login');
  expect(await evidence.drawnState(), 'reading twice, nothing changed').toBe(atLogin);

  await fillSecret(page.getByLabel('Password'), 'typed-but-not-shown');
  const typed = await evidence.drawnState();
  expect(typed).not.toBe(atLogin);

  await page.getByLabel('Username').focus();
  const focused = await evidence.drawnState();
  expect(focused).not.toBe(typed);

  await page.setViewportSize({ width: 400, height: 200 });
  const resized = await evidence.drawnState();
  expect(resized).not.toBe(focused);

  await page.mouse.wheel(0, 150);
  await expect.poll(() => page.evaluate(() => scrollY)).toBeGreaterThan(0);
  expect(await evidence.drawnState()).not.toBe(resized);

  await page.goto(`${portalLab.portalUrl}/login?lang=fr-FR`);
  expect(await evidence.drawnState()).not.toBe(atLogin);
});

test('the screenshot is the viewport, pixel for pixel as Playwright takes it', async ({ page, evidence }) => {
  const ours = await evidence.screenshot();
  const playwrights = await page.screenshot({ caret: 'initial' });
  const [a, b] = await Promise.all(
    [ours, playwrights].map((png) => sharp(png).raw().toBuffer({ resolveWithObject: true })),
  );
  expect(a!.info).toMatchObject({ width: 1280, height: 800 });
  expect(a!.info).toEqual(b!.info);
  expect(a!.data.equals(b!.data), 'the same pixels, whatever the encoding').toBe(true);
});

test('a screenshot asked for while the page navigates still arrives', async ({
  page,
  portalLab,
  evidence,
}) => {
  const [png] = await Promise.all([
    evidence.screenshot(),
    page.goto(`${portalLab.portalUrl}/login?lang=fr-FR`),
  ]);
  expect(png.subarray(1, 4).toString()).toBe('PNG');
  expect((await sharp(png).metadata()).width).toBe(1280);
});

/** Moments of a navigation, each the page event that marks it. */
const NAVIGATION_MOMENTS: Record<string, (page: Page, then: () => void) => void> = {
  'request sent': (page, then) => page.once('request', then),
  'answer received': (page, then) => page.once('response', then),
  'new document committed': (page, then) => page.once('framenavigated', then),
  'DOM ready': (page, then) => page.once('domcontentloaded', then),
};

test('a screenshot asked for at each moment of a navigation (request sent, answer, commit, DOM ready) arrives', async ({
  page,
  portalLab,
  evidence,
}) => {
  for (const [moment, when] of Object.entries(NAVIGATION_MOMENTS)) {
    for (const lang of ['fr-FR', 'en-US']) {
      const asked = new Promise<Buffer>((resolve, reject) =>
        when(page, () => evidence.screenshot().then(resolve, reject)),
      );
      await page.goto(`${portalLab.portalUrl}/login?lang=${lang}`);
      const png = await asked;
      expect(png.subarray(1, 4).toString(), `asked at: ${moment}`).toBe('PNG');
      expect((await sharp(png).metadata()).width, `asked at: ${moment}`).toBe(1280);
    }
  }
});
