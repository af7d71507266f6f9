import { expect, test } from '../fixtures/index.ts';
import {
  logInToThePortal,
  scanTheGateQr,
  switchToTheBackCamera,
  switchToTheFrontCamera,
  turnOnScanQrCodes,
} from '../screenplay/tasks.ts';

test.describe('the phone does not read the QR code @kb2260 @step-3', () => {
  test.describe(() => {
    test.use({ initialSettings: { scanQrCodes: false } });

    test('Scan QR Codes is off: no banner; turned on in Settings, the banner appears @cause-scan-setting-off', async ({
      customer,
    }) => {
      await customer.attemptsTo(logInToThePortal(), scanTheGateQr());
      expect(customer.notes.get('scan')).toMatchObject({ decoded: true, banner: null });
      await customer.attemptsTo(turnOnScanQrCodes(), scanTheGateQr());
      expect(await customer.phone.bannerText()).toBe(customer.phone.text('qrInApp'));
    });
  });

  test('the front camera is active: no banner; switched to the back camera, the banner appears @cause-front-camera', async ({
    customer,
  }) => {
    await customer.attemptsTo(logInToThePortal(), switchToTheFrontCamera(), scanTheGateQr());
    expect(customer.notes.get('scan')).toMatchObject({
      decoded: false,
      reason: 'front_camera',
      banner: null,
    });
    await customer.attemptsTo(switchToTheBackCamera(), scanTheGateQr());
    expect(customer.notes.get('scan')).toMatchObject({ decoded: true, banner: { target: 'app' } });
  });

  test('too far, then out of focus: no banner; moving closer until sharp, the banner appears @cause-out-of-focus', async ({
    customer,
  }) => {
    await customer.attemptsTo(logInToThePortal(), scanTheGateQr({ distanceCm: 95 }));
    expect(customer.notes.get('scan')).toMatchObject({ decoded: false, reason: 'too_small', banner: null });
    await customer.attemptsTo(scanTheGateQr({ distanceCm: 20, focusDistanceCm: 9 }));
    expect(customer.notes.get('scan')).toMatchObject({ decoded: false, reason: 'too_blurred', banner: null });
    await customer.attemptsTo(scanTheGateQr({ distanceCm: 22 }));
    expect(await customer.phone.bannerText()).toBe(customer.phone.text('qrInApp'));
  });
});
