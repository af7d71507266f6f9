import { decodeQrImage } from '@ibkey-lab/camera';
import { fillSecret } from '../../drivers/portal/index.ts';
import { PhoneClient, parseActivationLink } from '../../protocol/index.ts';
import { expect, test } from '../fixtures/portal-server.ts';

test('the gate QR, screenshotted and decoded, yields the activation link @kb2260 @step-1', async ({
  page,
  portalLab,
  portalUser,
}) => {
  await page.goto(`${portalLab.portalUrl}/login`);
  await page.getByLabel('Username').fill(portalUser.username);
  await fillSecret(page.getByLabel('Password'), portalUser.password);
  await page.getByRole('button', { name: 'Log in' }).click();

  await expect(
    page.getByRole('heading', { name: 'Activate IBKR Mobile authentication (IB Key)' }),
  ).toBeVisible();
  await expect(page.getByRole('status')).toHaveText('Waiting for your phone…');
  const qr = page.getByRole('img', { name: 'QR code to activate IB Key' });
  await expect(qr).toBeVisible();
  // Step 1 done: logged in, the gate shows its QR code (the report counts the tag only after this).
  test.info().annotations.push({ type: 'performed', description: 'step-1' });
  const screenshot = await page.screenshot();
  await test.info().attach('gate', { body: screenshot, contentType: 'image/png' });

  const decoded = await decodeQrImage(screenshot);
  expect(decoded, 'the QR on the gate screenshot should decode').toBeDefined();
  expect(decoded!.text).toBe(await qr.getAttribute('data-activation-link'));
  const link = parseActivationLink(decoded!.text);
  expect(new URL(decoded!.text).origin).toBe(portalLab.portalUrl);
  expect(link.serial).toMatch(/^[0-9A-Z]{12}$/);
  await expect(page.getByText(/^[0-9A-Z]{4} [0-9A-Z]{4}$/)).toBeVisible();

  // A phone redeems what the camera read: the gate notices by itself and lets the user in.
  await (await PhoneClient.create()).enroll(decoded!.text, null);
  await expect(page.getByRole('status')).toHaveText('IB Key activated on your phone.');
  await page.getByRole('link', { name: 'Continue to the Client Portal' }).click();
  await expect(page.getByRole('heading', { name: `Welcome, ${portalUser.displayName}` })).toBeVisible();
});

test('the gate speaks French after the language switch', async ({ page, portalLab, portalUser }) => {
  await page.goto(`${portalLab.portalUrl}/login`);
  await page.getByRole('link', { name: 'Français' }).click();
  await page.getByLabel("Nom d'utilisateur").fill(portalUser.username);
  await fillSecret(page.getByLabel('Mot de passe'), portalUser.password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(
    page.getByRole('heading', { name: "Activer l'authentification IBKR Mobile (IB Key)" }),
  ).toBeVisible();
  await expect(page.getByRole('status')).toHaveText('En attente de votre téléphone…');
});
