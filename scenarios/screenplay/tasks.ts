// Verb phrases of the journey, as the article tells it. Portal tasks go through the portal's page
// objects; phone tasks through the phone's screen objects (accessibility ids and mobile:
// commands only, the camera behind scanImage).

import { expect } from '@playwright/test';
import type { CameraConditions } from '../../drivers/phone/index.ts';
import { SETTINGS_BUNDLE_ID } from '../../drivers/phone/index.ts';
import type { PortalPages } from '../../drivers/portal/index.ts';
import { IBKR_BUNDLE_ID } from '../../product/index.ts';
import { type Customer, type Task, task } from './actors.ts';

// --- portal ---------------------------------------------------------------------------------

export const logInToThePortal = (): Task =>
  task('log in to the Client Portal', 'se connecter au Portail Client', async (customer) => {
    await customer.pages.logIn(customer.account.username, customer.account.password);
  });

export const logOutOfThePortal = (): Task =>
  task('log out of the Client Portal', 'se déconnecter du Portail Client', async (customer) => {
    await customer.pages.logOut();
    await expect(customer.pages.status).toHaveText(customer.pages.text('loggedOut'));
  });

export const continueToThePortal = (): Task =>
  task('continue to the Client Portal', 'continuer vers le Portail Client', async (customer) => {
    await customer.pages.continueButton.click();
    await expect(customer.pages.heading).toHaveText(
      customer.pages.text('homeHeading', { name: customer.account.displayName }),
    );
  });

// --- camera ---------------------------------------------------------------------------------

/** Points the phone at the portal as it is on screen now (the gate's QR). */
export const scanTheGateQr = (conditions: CameraConditions = {}, shownOn?: PortalPages): Task =>
  task(
    `scan the gate QR code with the Camera${describeConditions(conditions)}${shownOn ? ' (the other browser)' : ''}`,
    `scanner le QR code de la page d’activation avec l’Appareil photo${describeConditions(conditions)}${shownOn ? ' (l’autre navigateur)' : ''}`,
    async (customer) => {
      const pages = shownOn ?? customer.pages;
      await expect(pages.gateQr).toBeVisible();
      const screenshot = await pages.page.screenshot();
      customer.notes.set('scan', await customer.phone.scanImage(screenshot, conditions));
    },
  );

function describeConditions(conditions: CameraConditions): string {
  const parts = Object.entries(conditions).map(([name, value]) => `${name} ${value}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

export const switchToTheBackCamera = (): Task =>
  task('switch to the back camera', 'passer à la caméra arrière', async (customer) => {
    await customer.phone.switchCamera();
  });

export const switchToTheFrontCamera = (): Task =>
  task('switch to the front camera', 'passer à la caméra avant', async (customer) => {
    await customer.phone.launch('com.apple.camera');
    await customer.phone.switchCamera();
  });

export const turnOnScanQrCodes = (): Task =>
  task(
    'turn on Settings > Camera > Scan QR Codes',
    'activer Réglages > Appareil photo > Scanner les codes QR',
    async (customer) => {
      await customer.phone.launch(SETTINGS_BUNDLE_ID);
      await customer.phone.tap('Camera');
      const toggle = await customer.phone.driver.$('~Scan QR Codes');
      if ((await toggle.getAttribute('value')) !== '1') await toggle.click();
      await customer.phone.goHome();
    },
  );

// --- banner, Safari, App Store --------------------------------------------------------------

export const openTheBannerInSafari = (): Task =>
  task(
    'tap the banner that opens the IBKR site in Safari (4.1)',
    'toucher la bannière qui ouvre le site IBKR dans Safari (4.1)',
    async (customer) => {
      await customer.phone.tap('QRCodeBanner');
      await customer.phone.waitFor('ProductName', 'The App Store product page');
    },
  );

export const installFromAppStore = (): Task =>
  task(
    `tap ${'GET'} to install IBKR Mobile, and do not open it`,
    'toucher OBTENIR pour installer IBKR Mobile, sans l’ouvrir',
    async (customer) => {
      await customer.phone.tap('GET');
      await customer.phone.waitFor('OPEN', 'The OPEN button');
      await customer.phone.goHome();
    },
  );

export const openTheBannerInTheApp = (): Task =>
  task(
    'tap the banner that opens IBKR Mobile (4.2)',
    'toucher la bannière qui ouvre IBKR Mobile (4.2)',
    async (customer) => {
      await customer.phone.tap('QRCodeBanner');
    },
  );

// --- alerts and biometrics -------------------------------------------------------------------

export const allowNotifications = (): Task =>
  task(
    'tap Allow on the notifications prompt',
    'toucher Autoriser pour les notifications',
    async (customer) => {
      expect(await customer.phone.alertText()).toContain(customer.phone.text('notificationsTitle'));
      await customer.phone.acceptAlert(customer.phone.text('allow'));
    },
  );

export const denyNotifications = (): Task =>
  task(
    'tap Don’t Allow on the notifications prompt',
    'toucher Refuser pour les notifications',
    async (customer) => {
      expect(await customer.phone.alertText()).toContain(customer.phone.text('notificationsTitle'));
      await customer.phone.acceptAlert(customer.phone.text('dontAllow'));
    },
  );

/** Face ID (after allowing its first use), Touch ID or the passcode, as the phone has. */
export const passBiometrics = (): Task =>
  task(
    'give Face ID, Touch ID or the passcode',
    'valider avec Face ID, Touch ID ou le code',
    async (customer) => {
      await acceptFaceIdFirstUse(customer);
      if (customer.biometry === 'passcode') await customer.phone.typePasscode(customer.passcode);
      else await customer.phone.biometricMatch(customer.biometry, true);
    },
  );

export const failBiometrics = (): Task =>
  task(
    'give a face, finger or passcode that does not match',
    'présenter un visage, un doigt ou un code qui ne correspond pas',
    async (customer) => {
      await acceptFaceIdFirstUse(customer);
      if (customer.biometry === 'passcode')
        await customer.phone.typePasscode(customer.passcode === '000000' ? '111111' : '000000');
      else await customer.phone.biometricMatch(customer.biometry, false);
    },
  );

/** The iPhone's own passcode, typed into the system's prompt (it unlocks a locked-out biometry). */
export const typeThePasscode = (): Task =>
  task('type the iPhone passcode', 'saisir le code de l’iPhone', async (customer) => {
    await customer.phone.typePasscode(customer.passcode);
  });

export const cancelBiometrics = (): Task =>
  task(
    'cancel the Face ID, Touch ID or passcode prompt',
    'annuler la demande de Face ID, de Touch ID ou du code',
    async (customer) => {
      await acceptFaceIdFirstUse(customer);
      await customer.phone.tap('Cancel');
    },
  );

export const tryAgainAfterCancelling = (): Task =>
  task('tap Try Again', 'toucher Réessayer', async (customer) => {
    await customer.phone.tap('Try Again');
  });

async function acceptFaceIdFirstUse(customer: Customer): Promise<void> {
  if (customer.biometry !== 'faceId') return;
  const text = await customer.phone.alertText().catch(() => '');
  if (text.includes(customer.phone.text('faceIdUsageTitle'))) await customer.phone.acceptAlert();
}

export const tapDone = (): Task =>
  task('tap Done on the confirmation', 'toucher Terminé sur la confirmation', async (customer) => {
    await customer.phone.tap('Done');
    await customer.phone.goHome();
  });

export const acknowledgeTheError = (): Task =>
  task('tap OK on the error', 'toucher OK sur l’erreur', async (customer) => {
    await customer.phone.acceptAlert();
  });

/** Steps 3 to 11 with IBKR Mobile installed, from the gate: scan, open the app, Allow, biometrics, Done. */
export const activateFromTheGate = (): Task =>
  task(
    'activate from the gate (scan, open the app, allow notifications, biometrics, Done)',
    'activer depuis la page d’activation (scanner, ouvrir l’app, autoriser les notifications, biométrie, Terminé)',
    async (customer) => {
      await customer.attemptsTo(
        scanTheGateQr(),
        openTheBannerInTheApp(),
        allowNotifications(),
        passBiometrics(),
        tapDone(),
      );
      await expect(customer.pages.status).toHaveText(customer.pages.text('gateActivated'));
    },
  );

/** The whole activation when IBKR Mobile is already installed (a shortcut for later journeys). */
export const activateIbKey = (): Task =>
  task(
    'activate IB Key (log in, activate from the gate, continue, log out)',
    'activer IB Key (se connecter, activer depuis la page d’activation, continuer, se déconnecter)',
    async (customer) => {
      await customer.attemptsTo(
        logInToThePortal(),
        activateFromTheGate(),
        continueToThePortal(),
        logOutOfThePortal(),
      );
    },
  );

// --- after activation: the phone changes, IB Key is recovered or moved (KB2748, KB3073) ------

export const openIbkrMobile = (): Task =>
  task('open IBKR Mobile', 'ouvrir IBKR Mobile', async (customer) => {
    await customer.phone.launch(IBKR_BUNDLE_ID);
  });

/** Deleting the app keeps its keychain item, as iOS does: the reinstalled app finds its key. */
export const reinstallIbkrMobile = (): Task =>
  task(
    'delete IBKR Mobile and install it again',
    'supprimer IBKR Mobile puis le réinstaller',
    async (customer) => {
      await customer.phone.driver.execute('mobile: removeApp', { bundleId: IBKR_BUNDLE_ID });
      await customer.phone.driver.execute('mobile: installApp', { app: IBKR_BUNDLE_ID });
    },
  );

/** Face ID or Touch ID turned off and on again: keys bound to the old biometric set die. */
export const enrolBiometricsAgain = (): Task =>
  task(
    'turn Face ID or Touch ID off and set it up again',
    'désactiver Face ID ou Touch ID puis le configurer à nouveau',
    async (customer) => {
      await customer.phone.driver.execute('mobile: enrollBiometric', { isEnabled: false });
      await customer.phone.driver.execute('mobile: enrollBiometric', { isEnabled: true });
    },
  );

const RECOVERY_BUTTON = { recover: 'Recover IB Key', move: 'Move IB Key' } as const;

/** "Recover IB Key" or "Move IB Key to this iPhone", the username and password: a code is texted. */
export const startIbKeyRecovery = (purpose: 'recover' | 'move'): Task =>
  task(
    purpose === 'move'
      ? 'tap Move IB Key to this iPhone and log in with username and password'
      : 'tap Recover IB Key and log in with username and password',
    purpose === 'move'
      ? 'toucher Transférer IB Key sur cet iPhone et saisir identifiant et mot de passe'
      : 'toucher Récupérer IB Key et saisir identifiant et mot de passe',
    async (customer) => {
      const phone = customer.phone;
      await phone.tap(RECOVERY_BUTTON[purpose]);
      await phone.typeInto('RecoveryUsername', customer.account.username);
      await phone.typeInto('RecoveryPassword', customer.account.password);
      customer.notes.set('messagesSeen', (await phone.textMessages()).length);
      await phone.tap('Continue');
      await phone.waitFor('RecoverySmsCode', 'The field for the texted code');
    },
  );

/** The code from the SMS (a Messages notification on the phone), typed into IBKR Mobile. */
export const typeTheTextedCode = (): Task =>
  task('type the code received by SMS', 'saisir le code reçu par SMS', async (customer) => {
    const code = await customer.phone.textedCode(customer.notes.get('messagesSeen') ?? 0);
    await customer.phone.typeInto('RecoverySmsCode', code);
    await customer.phone.tap('Continue');
  });

// --- login approval -------------------------------------------------------------------------

export const tapTheLoginNotification = (): Task =>
  task('tap the login notification', 'toucher la notification de connexion', async (customer) => {
    await customer.phone.waitFor('NotificationBanner', 'The login notification');
    await customer.phone.tap('NotificationBanner');
  });

export const approveTheLogin = (): Task =>
  task(
    'tap Approve and confirm with biometrics',
    'toucher Approuver et confirmer par biométrie',
    async (customer) => {
      await customer.phone.tap('Approve');
      await customer.attemptsTo(passBiometrics());
    },
  );

export const denyTheLogin = (): Task =>
  task('tap Deny', 'toucher Refuser', async (customer) => {
    await customer.phone.tap('Deny');
  });

export const openTheNotificationFromNotificationCenter = (): Task =>
  task(
    'open the notification from Notification Center',
    'ouvrir la notification depuis le Centre de notifications',
    async (customer) => {
      await customer.phone.goHome();
      await customer.phone.tap('NotificationCenter');
      await customer.phone.waitFor('NotificationCell', 'The notification in Notification Center');
      await customer.phone.tap('NotificationCell');
    },
  );

export const answerWithChallengeResponse = (): Task =>
  task(
    'log in with Challenge/Response: type the challenge in IB Key, Generate Response, type the response',
    'se connecter par Challenge/Réponse : saisir le challenge dans IB Key, Générer une réponse, saisir la réponse',
    async (customer) => {
      if (!customer.portal.url().endsWith('/login/challenge')) await customer.pages.openChallengeResponse();
      const challenge = await customer.pages.challenge();
      await customer.phone.launch(IBKR_BUNDLE_ID);
      if (await customer.phone.isShown('Later')) await customer.phone.tap('Later');
      await customer.phone.tap('IB Key');
      await (await customer.phone.driver.$('~ChallengeInput')).setValue(challenge);
      await customer.phone.tap('Generate Response');
      await customer.attemptsTo(passBiometrics());
      const response = await customer.phone.textOf('ChallengeResponse');
      await customer.pages.submitResponse(response);
    },
  );

// --- the phone's settings and the lab's clock -------------------------------------------------

export const turnOnAirplaneMode = (on = true): Task =>
  task(
    `turn Airplane Mode ${on ? 'on' : 'off'}`,
    `${on ? 'activer' : 'désactiver'} le mode Avion`,
    async (customer) => {
      await customer.phone.setSetting('airplaneMode', on);
    },
  );

export const turnOnFocus = (): Task =>
  task('turn Focus on', 'activer Concentration', async (customer) => {
    await customer.phone.setSetting('focus', true);
  });

/** Lets time pass on the server and the phone (the lab clock), in zero wall time. */
export const waitSeconds = (seconds: number): Task =>
  task(`let ${seconds} seconds pass`, `laisser passer ${seconds} secondes`, async (customer) => {
    await customer.lab.control.advanceClock(seconds);
    await customer.phone.driver.execute('sim: advanceClock', { seconds });
  });
