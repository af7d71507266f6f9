// Every step a customer case can take, each defined once: the lab's whole vocabulary, from the
// journeys' tasks to what a person can do by hand on the simulated iPhone. Beside any phone step,
// `phone: <name>` says which of the case's phones does it (the first when it is left out).

import { Type } from 'typebox';
import { appStoreProductMissing, appStoreUnavailable, smsGatewayDown } from '../../../lab/index.ts';
import { task } from '../../screenplay/actors.ts';
import {
  acknowledgeTheError,
  activateFromTheGate,
  allowNotifications,
  answerWithChallengeResponse,
  approveTheLogin,
  cancelBiometrics,
  continueToThePortal,
  deleteIbkrMobile,
  denyNotifications,
  denyTheLogin,
  enrolBiometricsAgain,
  failBiometrics,
  failBiometricsUntilLockout,
  goHome,
  installFromAppStore,
  logInFromAnotherBrowser,
  logInToThePortal,
  logOutOfThePortal,
  openIbkrMobile,
  openTheBannerInSafari,
  openTheBannerInTheApp,
  openTheNotificationFromNotificationCenter,
  openThePortalHomeByItsAddress,
  passBiometrics,
  reinstallIbkrMobile,
  scanTheGateQr,
  setBiometricEnrolment,
  setIbkrNotifications,
  setScanQrCodes,
  setThePhoneClockAhead,
  startIbKeyRecovery,
  switchToTheBackCamera,
  switchToTheFrontCamera,
  tapDone,
  tapGetInTheAppStore,
  tapOnThePhone,
  tapOpenInTheAppStore,
  tapTheLoginNotification,
  tryAgainAfterCancelling,
  turnFocus,
  turnOnAirplaneMode,
  typeAWrongPasscode,
  typeAWrongResponse,
  typeAWrongTextedCode,
  typeThePasscode,
  typeTheTextedCode,
  waitSeconds,
} from '../../screenplay/tasks.ts';
import { defineStep, oneOf, type StepDefinition } from './define.ts';

const strict = { additionalProperties: false } as const;
const OnOff = oneOf('on', 'off');

const Optics = {
  distanceCm: Type.Optional(Type.Number({ minimum: 3, maximum: 500 })),
  focusDistanceCm: Type.Optional(Type.Number({ minimum: 3, maximum: 10_000 })),
  tiltDeg: Type.Optional(Type.Number({ minimum: -80, maximum: 80 })),
  glare: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
};

export const STEPS: readonly StepDefinition[] = [
  // --- the portal ---------------------------------------------------------------------------
  defineStep({
    name: 'logIn',
    value: undefined,
    browserOnly: true,
    doc: 'Log in to the Client Portal with the account’s username and password (step 1).',
    example: 'logIn',
    task: () => logInToThePortal(),
  }),
  defineStep({
    name: 'logOut',
    value: undefined,
    browserOnly: true,
    doc: 'Log out of the Client Portal.',
    example: 'logOut',
    task: () => logOutOfThePortal(),
  }),
  defineStep({
    name: 'openPortalHome',
    value: undefined,
    browserOnly: true,
    doc: 'Type the Client Portal home’s address (/portal), as a bookmark opens it: the server decides where it leads.',
    example: 'openPortalHome',
    task: () => openThePortalHomeByItsAddress(),
  }),
  defineStep({
    name: 'wrongResponse',
    value: undefined,
    browserOnly: true,
    doc: 'Type a response that is not IB Key’s (eight zeros) on the portal’s Challenge/Response page.',
    example: 'wrongResponse',
    task: () => typeAWrongResponse(),
  }),
  defineStep({
    name: 'continueToPortal',
    value: undefined,
    browserOnly: true,
    doc: 'Tap Continue on the gate once IB Key is active, to reach the portal’s home page.',
    example: 'continueToPortal',
    task: () => continueToThePortal(),
  }),
  defineStep({
    name: 'logInElsewhere',
    value: undefined,
    browserOnly: true,
    doc: 'Log in from a second browser, which shows its own gate and QR code (`scan: { from: second-browser }`).',
    example: 'logInElsewhere',
    task: (_value, run) =>
      task(
        'log in to the Client Portal from another browser',
        'se connecter au Portail Client depuis un autre navigateur',
        async (customer) => logInFromAnotherBrowser(await run.secondBrowser()).performAs(customer),
      ),
  }),
  defineStep({
    name: 'challengeResponse',
    value: undefined,
    doc: 'Log in with Challenge/Response: the challenge typed into IB Key, Generate Response, the response typed on the portal.',
    example: 'challengeResponse',
    task: () => answerWithChallengeResponse(),
  }),

  defineStep({
    name: 'activate',
    value: undefined,
    doc: 'From the gate: scan, open IBKR Mobile, Allow, biometrics, Done (steps 3-11 with the app installed), and see the gate say so.',
    example: 'activate',
    task: () => activateFromTheGate(),
  }),

  // --- the camera and the QR code -----------------------------------------------------------
  defineStep({
    name: 'scan',
    value: Type.Union([
      Type.Null(),
      Type.Object({ from: Type.Optional(oneOf('this-browser', 'second-browser')), ...Optics }, strict),
    ]),
    doc: 'Point the Camera at the gate’s QR code (steps 2-3; after install, step 7); optics and the browser it is shown in are optional.',
    example: { scan: { distanceCm: 40, focusDistanceCm: 30, tiltDeg: 10, glare: 0.2 } },
    badValue:
      'scan takes nothing, or some of from (this-browser, second-browser), distanceCm (3-500), focusDistanceCm (3-10000), tiltDeg (-80 to 80) and glare (0-1)',
    task: (value, run) => {
      const { from, ...optics } = value ?? {};
      if (from !== 'second-browser') return scanTheGateQr(optics);
      return task(
        'scan the QR code shown in the other browser',
        'scanner le QR code affiché dans l’autre navigateur',
        async (customer) => scanTheGateQr(optics, await run.secondBrowser()).performAs(customer),
      );
    },
  }),
  defineStep({
    name: 'camera',
    value: oneOf('front', 'back'),
    doc: 'Switch the Camera to the front (selfie) or the back camera.',
    example: { camera: 'front' },
    badValue: 'camera takes front or back',
    task: (side) => (side === 'front' ? switchToTheFrontCamera() : switchToTheBackCamera()),
  }),
  defineStep({
    name: 'scanQrCodes',
    value: OnOff,
    doc: 'Turn Settings > Camera > Scan QR Codes on or off, through the Settings screens.',
    example: { scanQrCodes: 'on' },
    badValue: 'scanQrCodes takes on or off',
    task: (position) => setScanQrCodes(position === 'on'),
  }),

  // --- banner, Safari, App Store, the app ------------------------------------------------------
  defineStep({
    name: 'openBanner',
    value: undefined,
    doc: 'Tap the banner the last scan showed: to the App Store through Safari (step 5), or into IBKR Mobile (step 8).',
    example: 'openBanner',
    task: () =>
      task('tap the banner', 'toucher la bannière', async (customer) => {
        const target = customer.notes.get('scan')?.banner?.target;
        if (target === 'safari') await openTheBannerInSafari().performAs(customer);
        else await openTheBannerInTheApp().performAs(customer);
      }),
  }),
  defineStep({
    name: 'installFromAppStore',
    value: undefined,
    doc: 'Tap GET in the App Store, wait for OPEN, and leave the app unopened (steps 6-7).',
    example: 'installFromAppStore',
    task: () => installFromAppStore(),
  }),
  defineStep({
    name: 'appStore',
    value: oneOf('get', 'open'),
    doc: 'On the App Store page, tap GET and stay, or tap OPEN (which opens IBKR Mobile without the activation link).',
    example: { appStore: 'open' },
    badValue: 'appStore takes get or open',
    task: (button) => (button === 'get' ? tapGetInTheAppStore() : tapOpenInTheAppStore()),
  }),
  defineStep({
    name: 'openApp',
    value: undefined,
    doc: 'Open IBKR Mobile from the Home Screen.',
    example: 'openApp',
    task: () => openIbkrMobile(),
  }),
  defineStep({
    name: 'goHome',
    value: undefined,
    doc: 'Go to the Home Screen.',
    example: 'goHome',
    task: () => goHome(),
  }),
  defineStep({
    name: 'deleteApp',
    value: undefined,
    doc: 'Delete IBKR Mobile (its keychain item stays, as on iOS).',
    example: 'deleteApp',
    task: () => deleteIbkrMobile(),
  }),
  defineStep({
    name: 'reinstallApp',
    value: undefined,
    doc: 'Delete IBKR Mobile and install it again: the key left in the keychain restores IB Key (KB2748).',
    example: 'reinstallApp',
    task: () => reinstallIbkrMobile(),
  }),
  defineStep({
    name: 'tap',
    value: Type.String({ minLength: 1, maxLength: 100 }),
    doc: 'Tap any button, cell or switch on the phone by its accessibility id (as the page source names it).',
    example: { tap: 'Later' },
    badValue: 'tap takes the accessibility id of an element on screen, e.g. Later',
    task: (accessibilityId) => tapOnThePhone(accessibilityId),
  }),

  // --- prompts, biometrics, passcode ----------------------------------------------------------
  defineStep({
    name: 'notifications',
    value: oneOf('allow', 'deny'),
    doc: 'Answer the notifications prompt: Allow (step 9) or Don’t Allow.',
    example: { notifications: 'allow' },
    badValue: 'notifications takes allow or deny',
    task: (answer) => (answer === 'allow' ? allowNotifications() : denyNotifications()),
  }),
  defineStep({
    name: 'biometrics',
    value: oneOf('pass', 'fail', 'cancel'),
    doc: 'Give Face ID, Touch ID or the passcode, whichever the phone asks (step 10): a match, a miss, or Cancel.',
    example: { biometrics: 'pass' },
    badValue: 'biometrics takes pass, fail or cancel',
    task: (result) => ({ pass: passBiometrics, fail: failBiometrics, cancel: cancelBiometrics })[result](),
  }),
  defineStep({
    name: 'biometricsUntilLockout',
    value: undefined,
    doc: 'Give five faces or fingers that do not match: iOS locks biometry and asks for the passcode.',
    example: 'biometricsUntilLockout',
    task: () => failBiometricsUntilLockout(),
  }),
  defineStep({
    name: 'passcode',
    value: oneOf('right', 'wrong'),
    doc: 'Type the iPhone passcode into the system prompt, right or wrong (wrong ones count toward iPhone is disabled).',
    example: { passcode: 'right' },
    badValue: 'passcode takes right or wrong',
    task: (which) => (which === 'right' ? typeThePasscode() : typeAWrongPasscode()),
  }),
  defineStep({
    name: 'tryAgain',
    value: undefined,
    doc: 'Tap Try Again after cancelling biometrics.',
    example: 'tryAgain',
    task: () => tryAgainAfterCancelling(),
  }),
  defineStep({
    name: 'tapDone',
    value: undefined,
    doc: 'Tap Done on the confirmation (step 11).',
    example: 'tapDone',
    task: () => tapDone(),
  }),
  defineStep({
    name: 'acknowledgeError',
    value: undefined,
    doc: 'Tap OK on the app’s error alert.',
    example: 'acknowledgeError',
    task: () => acknowledgeTheError(),
  }),

  // --- the phone's settings and clock -------------------------------------------------------
  defineStep({
    name: 'appNotifications',
    value: OnOff,
    doc: 'Turn Settings > Notifications > IBKR Mobile > Allow Notifications on or off, through the Settings screens.',
    example: { appNotifications: 'off' },
    badValue: 'appNotifications takes on or off',
    task: (position) => setIbkrNotifications(position === 'on'),
  }),
  defineStep({
    name: 'biometricEnrolment',
    value: oneOf('removed', 'enrolled', 'changed'),
    doc: 'Remove Face ID / Touch ID from the iPhone, set it up, or change it (off and on: keys bound to it die).',
    example: { biometricEnrolment: 'changed' },
    badValue: 'biometricEnrolment takes removed, enrolled or changed',
    task: (change, run) => {
      const phone = run.phone;
      if (change === 'changed') return enrolBiometricsAgain();
      // Without Face ID or Touch ID the prompts ask for the passcode: later biometric steps type it.
      phone.biometry = change === 'removed' ? 'passcode' : phone.enrolledBiometry;
      run.customer.switchesTo(phone.screens, phone.biometry, phone.passcode);
      return setBiometricEnrolment(change === 'enrolled');
    },
  }),
  defineStep({
    name: 'airplaneMode',
    value: OnOff,
    doc: 'Turn Airplane Mode on or off.',
    example: { airplaneMode: 'on' },
    badValue: 'airplaneMode takes on or off',
    task: (position) => turnOnAirplaneMode(position === 'on'),
  }),
  defineStep({
    name: 'focus',
    value: OnOff,
    doc: 'Turn a Focus (Do Not Disturb) on or off: notifications then wait silently in Notification Center.',
    example: { focus: 'on' },
    badValue: 'focus takes on or off',
    task: (position) => turnFocus(position === 'on'),
  }),
  defineStep({
    name: 'phoneClockAhead',
    value: Type.Integer({ minimum: 1, maximum: 31_536_000 }),
    doc: 'Set the phone’s clock this many seconds ahead of the network’s (a clock set wrong by hand).',
    example: { phoneClockAhead: 600 },
    badValue: 'phoneClockAhead takes a whole number of seconds from 1 to 31536000',
    task: (seconds) => setThePhoneClockAhead(seconds),
  }),
  defineStep({
    name: 'waitSeconds',
    value: Type.Integer({ minimum: 1, maximum: 86_400 }),
    doc: 'Let time pass on the server and every phone (the lab clock, in zero wall time).',
    example: { waitSeconds: 301 },
    badValue: 'waitSeconds takes a whole number of seconds from 1 to 86400',
    task: (seconds, run) =>
      waitSeconds(
        seconds,
        [...run.phones.values()].map((phone) => phone.screens),
      ),
  }),

  // --- the network's faults -----------------------------------------------------------------
  defineStep({
    name: 'apnsFault',
    value: Type.Union([
      oneOf('no-answer', 'none'),
      Type.Object(
        {
          status: Type.Integer({ minimum: 400, maximum: 599 }),
          reason: Type.String({ pattern: '^[A-Za-z]+$', maxLength: 60 }),
        },
        strict,
      ),
    ]),
    doc: 'APNs fails every push to this phone: no-answer, or an error { status, reason } as Apple sends it; none undoes it.',
    example: { apnsFault: { status: 410, reason: 'Unregistered' } },
    badValue:
      'apnsFault takes no-answer, none, or { status: 400-599, reason: an APNs reason such as Unregistered }',
    task: (fault, run) =>
      task(
        fault === 'none'
          ? 'APNs delivers again'
          : `APNs fails pushes to this phone (${describeFault(fault)})`,
        fault === 'none'
          ? 'APNs délivre de nouveau'
          : `APNs refuse les notifications vers ce téléphone (${describeFault(fault)})`,
        async () => {
          const token = await run.apnsTokenOf(run.phone);
          run.network.apnsFault(token, fault === 'none' ? undefined : fault);
        },
      ),
  }),
  defineStep({
    name: 'smsGateway',
    value: oneOf('down', 'up'),
    doc: 'The SMS gateway refuses every message (down, as Twilio answers 503), or works again (up).',
    example: { smsGateway: 'down' },
    badValue: 'smsGateway takes down or up',
    browserOnly: true,
    task: (state, run) =>
      task(
        `the SMS gateway is ${state}`,
        `la passerelle SMS est ${state === 'down' ? 'en panne' : 'rétablie'}`,
        async () => {
          if (state === 'down') run.network.thirdParty(smsGatewayDown(503));
          else run.network.resetThirdParties();
        },
      ),
  }),
  defineStep({
    name: 'appStoreFault',
    value: oneOf('unavailable', 'productMissing', 'none'),
    doc: 'The App Store cannot be reached, or no longer lists IBKR Mobile; none undoes it.',
    example: { appStoreFault: 'unavailable' },
    badValue: 'appStoreFault takes unavailable, productMissing or none',
    browserOnly: true,
    task: (fault, run) =>
      task(`the App Store fault: ${fault}`, `panne de l’App Store : ${fault}`, async () => {
        if (fault === 'unavailable') run.network.thirdParty(appStoreUnavailable());
        else if (fault === 'productMissing') run.network.thirdParty(appStoreProductMissing());
        else run.network.resetThirdParties();
      }),
  }),

  // --- logins after activation --------------------------------------------------------------
  defineStep({
    name: 'tapNotification',
    value: undefined,
    doc: 'Wait for the login notification’s banner and tap it.',
    example: 'tapNotification',
    task: () => tapTheLoginNotification(),
  }),
  defineStep({
    name: 'openFromNotificationCenter',
    value: undefined,
    doc: 'Open the login notification from Notification Center (after a Focus, or once the banner is gone).',
    example: 'openFromNotificationCenter',
    task: () => openTheNotificationFromNotificationCenter(),
  }),
  defineStep({
    name: 'approve',
    value: undefined,
    doc: 'Tap Approve and confirm with Face ID, Touch ID or the passcode.',
    example: 'approve',
    task: () => approveTheLogin(),
  }),
  defineStep({
    name: 'deny',
    value: undefined,
    doc: 'Tap Deny on the login request.',
    example: 'deny',
    task: () => denyTheLogin(),
  }),

  // --- recovery and moving to a new phone (KB2748, KB3073) --------------------------------------
  defineStep({
    name: 'startRecovery',
    value: oneOf('recover', 'move'),
    doc: 'In IBKR Mobile, Recover IB Key (same phone) or Move IB Key to this iPhone, with username and password: a code is texted.',
    example: { startRecovery: 'move' },
    badValue: 'startRecovery takes recover or move',
    task: (purpose) => startIbKeyRecovery(purpose),
  }),
  defineStep({
    name: 'smsCode',
    value: oneOf('right', 'wrong'),
    doc: 'Type the code the SMS brought (right), or another one (wrong), and tap Continue.',
    example: { smsCode: 'right' },
    badValue: 'smsCode takes right or wrong',
    task: (which) => (which === 'right' ? typeTheTextedCode() : typeAWrongTextedCode()),
  }),
];

function describeFault(fault: 'no-answer' | { status: number; reason: string }): string {
  return fault === 'no-answer' ? 'no answer' : `${fault.status} ${fault.reason}`;
}
