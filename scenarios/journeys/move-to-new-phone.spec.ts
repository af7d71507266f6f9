import { IBKR_BUNDLE_ID } from '../../product/index.ts';
import { expect, test } from '../fixtures/index.ts';
import { activeDevicesOf, auditTrailOf, lastLoginOf, onlyTheDeviceHeldBy } from '../screenplay/questions.ts';
import {
  activateIbKey,
  allowNotifications,
  approveTheLogin,
  logInToThePortal,
  openIbkrMobile,
  passBiometrics,
  startIbKeyRecovery,
  tapDone,
  tapTheLoginNotification,
  typeTheTextedCode,
} from '../screenplay/tasks.ts';

test('moves IB Key to a new iPhone with password, SMS code and biometrics; the old iPhone says IB Key has moved; the next login is approved on the new one @kb3073', async ({
  customer,
  support,
  anotherPhone,
}) => {
  await customer.attemptsTo(activateIbKey());
  const oldPhone = customer.phone;
  const [oldDevice] = await support.asks(activeDevicesOf(customer));

  customer.switchesTo(await anotherPhone({ installedApps: [IBKR_BUNDLE_ID] }));
  await customer.attemptsTo(
    openIbkrMobile(),
    startIbKeyRecovery('move'),
    typeTheTextedCode(),
    allowNotifications(),
    passBiometrics(),
    tapDone(),
  );
  const [newDevice] = await support.asks(activeDevicesOf(customer));
  expect(newDevice?.id).not.toBe(oldDevice?.id);
  expect(await support.asks(auditTrailOf(customer))).toEqual(
    expect.arrayContaining(['recovery:COMPLETED', 'device:REVOKED']),
  );

  await customer.attemptsTo(logInToThePortal(), tapTheLoginNotification(), approveTheLogin());
  await expect(customer.pages.heading).toHaveText(
    customer.pages.text('homeHeading', { name: customer.account.displayName }),
  );
  expect(await support.asks(lastLoginOf(customer))).toMatchObject({
    state: 'approved',
    device_id: newDevice?.id,
  });

  // The old iPhone, opened again, knows IB Key has left it and approves nothing.
  await oldPhone.launch(IBKR_BUNDLE_ID);
  expect(await oldPhone.textOf('MovedTitle')).toBe(oldPhone.text('movedTitle'));
  expect(await oldPhone.isShown('Approve')).toBe(false);
  expect(await support.asks(activeDevicesOf(customer))).toEqual(await onlyTheDeviceHeldBy(customer.phone));
});
