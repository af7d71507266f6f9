// Verb phrases of the journey, as the article tells it. Portal tasks go through the portal's page
// objects; phone tasks through the phone's screen objects (accessibility ids and mobile:
// commands only, the camera behind scanImage).

import { expect } from '@playwright/test';
import type { CameraConditions, PhoneScreens } from '../../drivers/phone/index.ts';
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

/** The portal's home typed in the address bar, as a bookmark would open it: the server decides where it leads. */
export const openThePortalHomeByItsAddress = (): Task =>
  task(
    'open the Client Portal home by its address (/portal)',
    'ouvrir l’accueil du Portail Client par son adresse (/portal)',
    async (customer) => {
      await customer.pages.page.goto(`${customer.lab.portalUrl}/portal`);
    },
  );

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
      customer.performed('step-1');
      const screenshot = await pages.page.screenshot();
      const outcome = await customer.phone.scanImage(screenshot, conditions);
      customer.notes.set('scan', outcome);
      customer.performed('step-2');
      if (outcome.decoded) customer.performed('step-3');
      if (outcome.banner?.target === 'safari') customer.performed('step-4.1');
      if (outcome.banner?.target === 'app') {
        customer.performed('step-4.2');
        if (customer.notes.get('installedNotOpened')) customer.performed('step-7');
      }
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

export const turnOnScanQrCodes = (): Task => setScanQrCodes(true);

// --- banner, Safari, App Store --------------------------------------------------------------

export const openTheBannerInSafari = (): Task =>
  task(
    'tap the banner that opens the IBKR site in Safari (4.1)',
    'toucher la bannière qui ouvre le site IBKR dans Safari (4.1)',
    async (customer) => {
      await customer.phone.tap('QRCodeBanner');
      await customer.phone.waitFor('ProductName', 'The App Store product page');
      customer.performed('step-5');
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
      customer.notes.set('installedNotOpened', true);
      customer.performed('step-6');
    },
  );

export const openTheBannerInTheApp = (): Task =>
  task(
    'tap the banner that opens IBKR Mobile (4.2)',
    'toucher la bannière qui ouvre IBKR Mobile (4.2)',
    async (customer) => {
      await customer.phone.tap('QRCodeBanner');
      customer.notes.set('installedNotOpened', false);
      customer.notes.set('activating', true);
      customer.performed('step-8');
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
      customer.performed('step-9');
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
      if (customer.notes.get('activating')) customer.performed('step-10');
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
    // Step 11 is done when Done closed the confirmation, not merely when it was tapped.
    await customer.phone.driver.waitUntil(async () => !(await customer.phone.isShown('Done')), {
      timeout: 5_000,
      interval: 50,
      timeoutMsg: 'Done was tapped but the confirmation stayed on screen',
    });
    customer.notes.set('activating', false);
    customer.performed('step-11');
    await customer.phone.goHome();
  });

export const acknowledgeTheError = (): Task =>
  task('tap OK on the error', 'toucher OK sur l’erreur', async (customer) => {
    await customer.phone.acceptAlert();
    customer.notes.set('activating', false);
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
    customer.notes.set('installedNotOpened', false);
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
      // From the app's home, or again from the form after a failed try (its notice says why).
      if (!(await phone.isShown('RecoveryUsername'))) await phone.tap(RECOVERY_BUTTON[purpose]);
      await phone.typeInto('RecoveryUsername', customer.account.username);
      await phone.typeInto('RecoveryPassword', customer.account.password);
      customer.notes.set('messagesSeen', (await phone.textMessages()).length);
      await phone.tap('Continue');
      // The code's field, or the notice that says why no code was sent (SMS gateway down, bad password).
      await phone.driver.waitUntil(
        async () => (await phone.isShown('RecoverySmsCode')) || (await phone.isShown('RecoveryNotice')),
        {
          timeout: 10_000,
          interval: 50,
          timeoutMsg: 'Neither the field for the texted code nor a notice appeared',
        },
      );
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
      await customer.phone.openNotificationCenter();
      await customer.phone.waitFor('NotificationCell', 'The notification in Notification Center');
      await customer.phone.tap('NotificationCell');
    },
  );

/** The portal's Challenge/Response page, opened through "no notification" when the browser is not on it already. */
async function openTheChallengeFormUnlessOnIt(customer: Customer): Promise<void> {
  if (!customer.portal.url().endsWith('/login/challenge')) await customer.pages.openChallengeResponse();
}

/** A response that is not the one IB Key computes (eight zeros), typed into the portal's form. */
export const typeAWrongResponse = (): Task =>
  task(
    'type a wrong response on the portal',
    'saisir une mauvaise réponse sur le portail',
    async (customer) => {
      await openTheChallengeFormUnlessOnIt(customer);
      await customer.pages.submitResponse('00000000');
    },
  );

export const answerWithChallengeResponse = (): Task =>
  task(
    'log in with Challenge/Response: type the challenge in IB Key, Generate Response, type the response',
    'se connecter par Challenge/Réponse : saisir le challenge dans IB Key, Générer une réponse, saisir la réponse',
    async (customer) => {
      await openTheChallengeFormUnlessOnIt(customer);
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

export const turnOnFocus = (): Task => turnFocus(true);

/** Lets time pass on the server and the phone (the lab clock), in zero wall time. */
export const waitSeconds = (seconds: number, otherPhones: readonly PhoneScreens[] = []): Task =>
  task(`let ${seconds} seconds pass`, `laisser passer ${seconds} secondes`, async (customer) => {
    await customer.lab.control.advanceClock(seconds);
    const phones = new Set([customer.phone, ...otherPhones]);
    for (const phone of phones) await phone.driver.execute('sim: advanceClock', { seconds });
  });

// --- what else a person does by hand on the iPhone ---------------------------------------------

export const goHome = (): Task =>
  task('go to the Home Screen', 'revenir à l’écran d’accueil', async (customer) => {
    await customer.phone.goHome();
  });

/** Any button, cell or switch on screen, by the accessibility id the page source gives it. */
export const tapOnThePhone = (accessibilityId: string): Task =>
  task(`tap “${accessibilityId}”`, `toucher « ${accessibilityId} »`, async (customer) => {
    await customer.phone.tap(accessibilityId);
  });

/** Settings > Camera > Scan QR Codes, switched to the wanted position through the Settings screens. */
export const setScanQrCodes = (on: boolean): Task =>
  task(
    `turn ${on ? 'on' : 'off'} Settings > Camera > Scan QR Codes`,
    `${on ? 'activer' : 'désactiver'} Réglages > Appareil photo > Scanner les codes QR`,
    async (customer) => {
      await setSwitchInSettings(customer, ['Camera'], 'Scan QR Codes', on);
    },
  );

/** Settings > Notifications > IBKR Mobile > Allow Notifications, through the Settings screens. */
export const setIbkrNotifications = (on: boolean): Task =>
  task(
    `turn ${on ? 'on' : 'off'} Settings > Notifications > IBKR Mobile > Allow Notifications`,
    `${on ? 'activer' : 'désactiver'} Réglages > Notifications > IBKR Mobile > Autoriser les notifications`,
    async (customer) => {
      await setSwitchInSettings(customer, ['Notifications', 'IBKR Mobile'], 'Allow Notifications', on);
    },
  );

/** Opens Settings, taps down the path of rows (e.g. Notifications > IBKR Mobile) and sets the switch. */
async function setSwitchInSettings(customer: Customer, path: string[], name: string, on: boolean) {
  await customer.phone.launch(SETTINGS_BUNDLE_ID);
  for (const row of path) await customer.phone.tap(row);
  await customer.phone.waitFor(name, `The “${name}” switch in Settings`);
  const toggle = await customer.phone.driver.$(`~${name}`);
  if ((await toggle.getAttribute('value')) !== (on ? '1' : '0')) await toggle.click();
  await customer.phone.goHome();
}

export const turnFocus = (on: boolean): Task =>
  task(
    `turn Focus ${on ? 'on' : 'off'}`,
    `${on ? 'activer' : 'désactiver'} Concentration`,
    async (customer) => {
      await customer.phone.setSetting('focus', on);
    },
  );

/** Face ID or Touch ID removed from the iPhone, or set up (again); IBKR Mobile then falls back or moves on. */
export const setBiometricEnrolment = (enrolled: boolean): Task =>
  task(
    enrolled ? 'set up Face ID or Touch ID' : 'remove Face ID or Touch ID from the iPhone',
    enrolled ? 'configurer Face ID ou Touch ID' : 'supprimer Face ID ou Touch ID de l’iPhone',
    async (customer) => {
      await customer.phone.driver.execute('mobile: enrollBiometric', { isEnabled: enrolled });
    },
  );

export const typeAWrongPasscode = (): Task =>
  task('type a wrong iPhone passcode', 'saisir un mauvais code de l’iPhone', async (customer) => {
    await customer.phone.typePasscode(customer.passcode === '000000' ? '111111' : '000000');
  });

/** Five faces or fingers that do not match: iOS locks biometry until the passcode is typed. */
export const failBiometricsUntilLockout = (): Task =>
  task(
    'give five faces or fingers that do not match (biometry locks)',
    'présenter cinq visages ou doigts qui ne correspondent pas (la biométrie se verrouille)',
    async (customer) => {
      for (let attempt = 0; attempt < 5; attempt += 1) await failBiometrics().performAs(customer);
      expect(await customer.phone.alertText()).toContain(customer.phone.text('passcodeTitle'));
    },
  );

export const deleteIbkrMobile = (): Task =>
  task('delete IBKR Mobile from the iPhone', 'supprimer IBKR Mobile de l’iPhone', async (customer) => {
    await customer.phone.driver.execute('mobile: removeApp', { bundleId: IBKR_BUNDLE_ID });
  });

/** GET on the App Store's page, staying there until it offers OPEN. */
export const tapGetInTheAppStore = (): Task =>
  task('tap GET in the App Store', 'toucher OBTENIR dans l’App Store', async (customer) => {
    await customer.phone.tap('GET');
    await customer.phone.waitFor('OPEN', 'The OPEN button');
    customer.performed('step-6');
  });

/** OPEN on the App Store's page: IBKR Mobile opens without the activation link (not the article's path). */
export const tapOpenInTheAppStore = (): Task =>
  task('tap OPEN in the App Store', 'toucher OUVRIR dans l’App Store', async (customer) => {
    await customer.phone.tap('OPEN');
    customer.notes.set('installedNotOpened', false);
  });

/** The phone's clock set wrong (ahead of network time): its signed requests carry that time. */
export const setThePhoneClockAhead = (seconds: number): Task =>
  task(
    `set the iPhone's clock ${seconds} seconds ahead`,
    `avancer l’horloge de l’iPhone de ${seconds} secondes`,
    async (customer) => {
      await customer.phone.driver.execute('sim: advanceClock', { seconds });
    },
  );

/** The same customer logs in from another browser, which shows its own gate and QR code. */
export const logInFromAnotherBrowser = (pages: PortalPages): Task =>
  task(
    'log in to the Client Portal from another browser',
    'se connecter au Portail Client depuis un autre navigateur',
    async (customer) => {
      await pages.logIn(customer.account.username, customer.account.password);
    },
  );

export const typeAWrongTextedCode = (): Task =>
  task('type a wrong SMS code', 'saisir un mauvais code SMS', async (customer) => {
    await customer.phone.typeInto('RecoverySmsCode', '000000');
    await customer.phone.tap('Continue');
  });
