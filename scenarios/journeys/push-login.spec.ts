import { PhoneClient } from '../../protocol/index.ts';
import { expect, test } from '../fixtures/index.ts';
import { activeDevicesOf, lastLoginOf } from '../screenplay/questions.ts';
import {
  activateIbKey,
  approveTheLogin,
  denyTheLogin,
  logInToThePortal,
  tapTheLoginNotification,
  waitSeconds,
} from '../screenplay/tasks.ts';

test.describe('logging in after activation @kb2260', () => {
  test.beforeEach(async ({ customer }) => {
    await customer.attemptsTo(activateIbKey(), logInToThePortal());
    await expect(customer.pages.heading).toHaveText(customer.pages.text('checkPhoneHeading'));
  });

  test('the notification arrives; tap, biometrics, Approve: the portal home opens', async ({
    customer,
    support,
  }) => {
    await customer.attemptsTo(tapTheLoginNotification(), approveTheLogin());
    expect(await customer.phone.approvalResult()).toBe(customer.phone.text('approvedTitle'));
    await expect(customer.pages.heading).toHaveText(
      customer.pages.text('homeHeading', { name: customer.account.displayName }),
    );
    expect(await support.asks(lastLoginOf(customer))).toMatchObject({
      state: 'approved',
      answered_by: 'push',
      push_outcome: 'sent',
    });
  });

  test('Deny: the portal says the login was refused', async ({ customer, support }) => {
    await customer.attemptsTo(tapTheLoginNotification(), denyTheLogin());
    await expect(customer.pages.status).toHaveText(customer.pages.text('loginDenied'));
    expect(await support.asks(lastLoginOf(customer))).toMatchObject({ state: 'denied' });
  });

  test('a phone that holds IB Key for another customer cannot answer this login, even with its push in hand', async ({
    customer,
    support,
    lab,
    secrets,
  }) => {
    const apns = lab.parts.apns;
    test.skip(!apns, "Reading the push needs the lab's own APNs simulator; LAB_PORTAL_URL is set.");
    const other = await lab.createUser({ device: { state: 'active', apnsToken: null } });
    secrets.add(other.user.password);
    const otherDevice = other.device!;
    const otherPhone = PhoneClient.restore(otherDevice.privateKey, {
      deviceId: otherDevice.deviceId,
      serverPublicKey: otherDevice.serverPublicKey,
      portalBaseUrl: lab.portalUrl,
    });
    const [device] = await support.asks(activeDevicesOf(customer));
    const pushedLogin = () =>
      apns!.requests
        .filter((push) => push.token === device?.apns_token)
        .map((push) => (push.payload as { ibkey?: { txid: string; nonce: string } } | null)?.ibkey)
        .at(-1);
    await expect.poll(pushedLogin, { message: 'the login push reaches APNs' }).toBeDefined();
    const { txid, nonce } = pushedLogin()!;

    const refusal = await otherPhone.answer(txid, nonce, 'approve').then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refusal, 'the other customer’s phone is refused').toMatchObject({ code: 'UNKNOWN_TRANSACTION' });
    expect(await support.asks(lastLoginOf(customer))).toMatchObject({ state: 'pending' });
    await expect(customer.pages.heading).toHaveText(customer.pages.text('checkPhoneHeading'));
  });

  test('no answer: the login request expires', async ({ customer }) => {
    await customer.attemptsTo(waitSeconds(121));
    await expect(customer.pages.status).toHaveText(customer.pages.text('loginExpired'));
  });
});
