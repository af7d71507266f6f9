// A journey made to fail at a known step, so the report tests can check what a failure looks
// like (the failing step first, its evidence, its replay command) and that its trace and
// attachments carry no secret. Runs only in the `provoked-failure` project (LAB_PROVOKE_FAILURE=1).

import { expect, test } from '../fixtures/index.ts';
import { task } from '../screenplay/actors.ts';
import { logInToThePortal, openTheBannerInTheApp, scanTheGateQr } from '../screenplay/tasks.ts';

const seeTheGateSayActivatedBeforeActivating = () =>
  task(
    'see the gate say IB Key is active before activating it',
    'voir la page d’activation dire qu’IB Key est active avant de l’activer',
    async (customer) => {
      await expect(customer.pages.status).toHaveText(customer.pages.text('gateActivated'), { timeout: 1500 });
    },
  );

test('a provoked failure: the gate cannot be active before the phone finishes @step-1', async ({
  customer,
}) => {
  await customer.attemptsTo(
    logInToThePortal(),
    scanTheGateQr(),
    openTheBannerInTheApp(),
    seeTheGateSayActivatedBeforeActivating(),
  );
});
