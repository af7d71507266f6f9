import { expect, test } from '../fixtures/index.ts';
import { lastLoginOf } from '../screenplay/questions.ts';
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

  test('no answer: the login request expires', async ({ customer }) => {
    await customer.attemptsTo(waitSeconds(121));
    await expect(customer.pages.status).toHaveText(customer.pages.text('loginExpired'));
  });
});
