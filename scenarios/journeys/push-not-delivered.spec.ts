import { expect, test } from '../fixtures/index.ts';
import { activeDevicesOf, lastLoginOf } from '../screenplay/questions.ts';
import {
  activateIbKey,
  answerWithChallengeResponse,
  approveTheLogin,
  logInToThePortal,
  openTheNotificationFromNotificationCenter,
  tapTheLoginNotification,
  turnOnAirplaneMode,
  turnOnFocus,
} from '../screenplay/tasks.ts';

test.describe('the notification does not arrive @kb3234', () => {
  for (const [fault, outcome] of [
    [{ status: 410, reason: 'Unregistered' }, 'Unregistered'],
    ['no-answer', 'timeout'],
  ] as const) {
    test(`APNs answers ${outcome}: “Didn't receive a notification?” and challenge/response logs in`, async ({
      customer,
      support,
      network,
    }) => {
      await customer.attemptsTo(activateIbKey());
      const [device] = await support.asks(activeDevicesOf(customer));
      network.apnsFault(device!.apns_token!, fault);
      await customer.attemptsTo(logInToThePortal());
      await expect
        .poll(async () => (await support.asks(lastLoginOf(customer)))?.push_outcome, { timeout: 10_000 })
        .toBe(outcome);
      await customer.attemptsTo(answerWithChallengeResponse());
      await expect(customer.pages.heading).toHaveText(
        customer.pages.text('homeHeading', { name: customer.account.displayName }),
      );
    });
  }

  test('Airplane Mode: the notification arrives when the phone is back online @kb3236', async ({
    customer,
    support,
  }) => {
    await customer.attemptsTo(activateIbKey(), turnOnAirplaneMode(), logInToThePortal());
    await expect.poll(async () => (await support.asks(lastLoginOf(customer)))?.push_outcome).toBe('sent');
    expect(await customer.phone.isNotificationBannerShown()).toBe(false);
    await customer.attemptsTo(turnOnAirplaneMode(false), tapTheLoginNotification(), approveTheLogin());
    await expect(customer.pages.heading).toHaveText(
      customer.pages.text('homeHeading', { name: customer.account.displayName }),
    );
  });

  test('Focus: the notification waits silently in Notification Center @kb3236', async ({ customer }) => {
    await customer.attemptsTo(activateIbKey(), turnOnFocus(), logInToThePortal());
    // Once the phone has the notification (its transcript says so), no banner shows it.
    const notificationsReceived = async () =>
      (await customer.phone.transcript()).filter(
        (entry) => entry.kind === 'notification' && /^(banner|delivered silently)/.test(entry.text),
      ).length;
    await expect.poll(notificationsReceived, { message: 'the login notification reaches the phone' }).toBe(1);
    expect(await customer.phone.isNotificationBannerShown()).toBe(false);
    await customer.attemptsTo(openTheNotificationFromNotificationCenter(), approveTheLogin());
    await expect(customer.pages.heading).toHaveText(
      customer.pages.text('homeHeading', { name: customer.account.displayName }),
    );
  });
});
