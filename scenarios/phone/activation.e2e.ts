// A phone-only spec for the WebdriverIO runner: the phone side of activation, through screen
// objects that use XCUITest's vocabulary, so it runs on the simulated iPhone and on a real
// iOS Simulator alike. The portal is driven over HTTP (no browser).

import { browser } from '@wdio/globals';
import { expect } from 'expect';
import { describe, it } from 'mocha';
import { PhoneScreens } from '../../drivers/phone/index.ts';
import { BrowserlessPortal } from '../../drivers/portal/index.ts';
import { gateImage } from '../../drivers/sim-iphone/test-support/gate-image.ts';
import { isLocale } from '../../product/index.ts';
import { LabControlClient } from '../../protocol/index.ts';

const portalUrl = process.env.LAB_PORTAL_URL;
const locale = process.env.LAB_LOCALE ?? 'fr-FR';
if (!isLocale(locale))
  throw new Error(`LAB_LOCALE="${locale}" is not a language of the lab; use fr-FR or en-US.`);

describe('IB Key activation on the phone', () => {
  it('scans the gate QR, opens IBKR Mobile, allows notifications, passes Face ID and sees the confirmation', async () => {
    if (!portalUrl)
      throw new Error('LAB_PORTAL_URL is not set: run this spec with `npx wdio run wdio.conf.ts`.');
    const { user } = await new LabControlClient(portalUrl).createUser({ locale });
    const portal = new BrowserlessPortal(portalUrl, locale);
    await portal.logIn(user.username, user.password);
    const link = await portal.gateLink();

    const phone = new PhoneScreens(
      browser,
      locale,
      process.env.LAB_PHONE === 'xcuitest' ? 'xcuitest' : 'sim',
    );
    await phone.scanImage(Buffer.from(await gateImage(link), 'base64'));
    if (phone.kind === 'sim') await phone.tap('QRCodeBanner');
    expect(await phone.alertText()).toContain(phone.text('notificationsTitle'));
    await phone.acceptAlert(phone.text('allow'));
    await phone.acceptAlert();
    await phone.biometricMatch('faceId', true);
    expect(await phone.textOf('ActivationSuccessTitle')).toBe(phone.text('activatedTitle'));
    await phone.tap('Done');
    expect(await portal.json('/ibkey/gate/status')).toMatchObject({ status: 'active' });
  });
});
