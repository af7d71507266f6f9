import { expect, test } from '../fixtures/index.ts';
import { activeDevicesOf, auditTrailOf, onlyTheDeviceHeldBy } from '../screenplay/questions.ts';
import {
  activateIbKey,
  allowNotifications,
  approveTheLogin,
  enrolBiometricsAgain,
  logInToThePortal,
  openIbkrMobile,
  passBiometrics,
  reinstallIbkrMobile,
  startIbKeyRecovery,
  tapDone,
  tapTheLoginNotification,
  typeTheTextedCode,
} from '../screenplay/tasks.ts';

test.describe('recovering IB Key on the same phone @kb2748', () => {
  test('IBKR Mobile deleted and installed again: the key still in the keychain restores IB Key, and the next login is approved', async ({
    customer,
    support,
  }) => {
    await customer.attemptsTo(activateIbKey(), reinstallIbkrMobile(), openIbkrMobile(), allowNotifications());
    // The restore request goes out once notifications are answered, after the tap has returned.
    await expect.poll(() => support.asks(auditTrailOf(customer))).toContain('restore:RESTORED');
    await customer.attemptsTo(logInToThePortal(), tapTheLoginNotification(), approveTheLogin());
    await expect(customer.pages.heading).toHaveText(
      customer.pages.text('homeHeading', { name: customer.account.displayName }),
    );
    expect(await support.asks(activeDevicesOf(customer))).toEqual(await onlyTheDeviceHeldBy(customer.phone));
  });

  test('Face ID or Touch ID set up again: the app says IB Key can no longer be used, support sees why, and recovery with password, SMS code and biometrics approves the waiting login', async ({
    customer,
    support,
  }) => {
    test.skip(
      customer.biometry === 'passcode',
      'A key bound to the passcode outlives a change of biometrics.',
    );
    await customer.attemptsTo(
      activateIbKey(),
      enrolBiometricsAgain(),
      logInToThePortal(),
      tapTheLoginNotification(),
      approveTheLogin(),
    );
    expect(await customer.phone.textOf('KeyInvalidatedTitle')).toBe(
      customer.phone.text('keyInvalidatedTitle'),
    );
    await expect
      .poll(() => support.asks(activeDevicesOf(customer)))
      .toEqual([expect.objectContaining({ key_state: 'invalidated' })]);
    expect(await support.asks(auditTrailOf(customer))).toContain('device:KEY_INVALIDATED');

    await customer.attemptsTo(
      startIbKeyRecovery('recover'),
      typeTheTextedCode(),
      passBiometrics(),
      tapDone(),
    );
    // The login that waited on the portal was handed to the new key: opening the app shows it.
    await customer.attemptsTo(openIbkrMobile(), approveTheLogin());
    await expect(customer.pages.heading).toHaveText(
      customer.pages.text('homeHeading', { name: customer.account.displayName }),
    );
    expect(await support.asks(activeDevicesOf(customer))).toEqual([
      expect.objectContaining({ key_state: 'usable', biometry: customer.biometry }),
    ]);
    expect(await support.asks(auditTrailOf(customer))).toEqual(
      expect.arrayContaining(['device:REVOKED', 'recovery:COMPLETED']),
    );
  });
});
