// Every string the portal shows, in French (the article's language) and English.

import { type Locale, textLookup } from './locales.ts';

const en = {
  portalName: 'Client Portal',
  switchLanguage: 'Français',
  loginHeading: 'Log in to the Client Portal',
  username: 'Username',
  password: 'Password',
  logIn: 'Log in',
  badLogin: 'The username or password is not correct.',
  loginLocked: 'Too many failed attempts. Try again in {minutes} minutes.',
  sessionExpired: 'Your session has expired. Please log in again.',
  formExpired: 'This form has expired. Please try again.',
  gateHeading: 'Activate IBKR Mobile authentication (IB Key)',
  gateInstructions:
    "Scan this QR code with your iPhone's Camera app. You don't need to take a photo: when the code is sharp, it is read automatically.",
  qrAlt: 'QR code to activate IB Key',
  activationCode: 'Activation code',
  gateWaiting: 'Waiting for your phone…',
  gateActivated: 'IB Key activated on your phone.',
  gateExpired: 'This QR code has expired. Log out and log in again to get a new one.',
  gateUsed: 'This QR code can no longer be used. Log out and log in again to get a new one.',
  continue: 'Continue to the Client Portal',
  checkPhoneHeading: 'Check your phone',
  checkPhoneInstructions:
    'We sent a notification to IBKR Mobile. Tap it and confirm with Face ID, Touch ID or your passcode.',
  checkPhoneWaiting: 'Waiting for your approval…',
  loginDenied: 'The login was refused on your phone.',
  loginExpired: 'The login request has expired. Log in again.',
  noNotification: "Didn't receive a notification?",
  challengeHeading: 'Challenge/Response',
  challengeInstructions:
    'Open IBKR Mobile, tap IB Key, type this challenge, tap Generate Response, and enter the response below.',
  challenge: 'Challenge',
  response: 'Response',
  submit: 'Submit',
  badResponse: 'This response is not correct.',
  responseUsed: 'This login request was already answered.',
  tooManyResponses: 'Too many wrong responses. Log in again.',
  homeHeading: 'Welcome, {name}',
  homeBody: 'You are logged in to the Client Portal.',
  logOut: 'Log out',
  loggedOut: 'You have logged out.',
  pushTitle: 'IBKR Mobile',
  pushBody: 'Login request: tap to approve with IB Key.',
  notFound: 'This page does not exist.',
  smsRecoveryCode: 'IBKR: your IB Key code is {code}',
  keyInvalidatedRecover:
    'IB Key can no longer be used on your phone (Face ID or Touch ID changed). Open IBKR Mobile and tap Recover IB Key: this login waits for it.',
};

const fr: typeof en = {
  portalName: 'Portail Client',
  switchLanguage: 'English',
  loginHeading: 'Connexion au Portail Client',
  username: "Nom d'utilisateur",
  password: 'Mot de passe',
  logIn: 'Se connecter',
  badLogin: "Le nom d'utilisateur ou le mot de passe est incorrect.",
  loginLocked: 'Trop de tentatives échouées. Réessayez dans {minutes} minutes.',
  sessionExpired: 'Votre session a expiré. Veuillez vous reconnecter.',
  formExpired: 'Ce formulaire a expiré. Veuillez réessayer.',
  gateHeading: "Activer l'authentification IBKR Mobile (IB Key)",
  gateInstructions:
    "Scannez ce QR code avec l'appli Appareil photo de votre iPhone. Vous n'aurez pas besoin de « prendre une photo » : lorsque le code sera net, il sera pris automatiquement.",
  qrAlt: 'QR code pour activer IB Key',
  activationCode: "Code d'activation",
  gateWaiting: 'En attente de votre téléphone…',
  gateActivated: 'IB Key activée sur votre téléphone.',
  gateExpired: 'Ce QR code a expiré. Déconnectez-vous puis reconnectez-vous pour en obtenir un nouveau.',
  gateUsed:
    'Ce QR code ne peut plus être utilisé. Déconnectez-vous puis reconnectez-vous pour en obtenir un nouveau.',
  continue: 'Continuer vers le Portail Client',
  checkPhoneHeading: 'Vérifiez votre téléphone',
  checkPhoneInstructions:
    'Nous avons envoyé une notification à IBKR Mobile. Touchez-la et confirmez avec Face ID, Touch ID ou votre code.',
  checkPhoneWaiting: 'En attente de votre approbation…',
  loginDenied: 'La connexion a été refusée sur votre téléphone.',
  loginExpired: 'La demande de connexion a expiré. Reconnectez-vous.',
  noNotification: "Vous n'avez pas reçu de notification ?",
  challengeHeading: 'Challenge/Réponse',
  challengeInstructions:
    'Ouvrez IBKR Mobile, touchez IB Key, saisissez ce challenge, touchez Générer une réponse, puis saisissez la réponse ci-dessous.',
  challenge: 'Challenge',
  response: 'Réponse',
  submit: 'Valider',
  badResponse: "Cette réponse n'est pas correcte.",
  responseUsed: 'Cette demande de connexion a déjà reçu une réponse.',
  tooManyResponses: 'Trop de réponses incorrectes. Reconnectez-vous.',
  homeHeading: 'Bienvenue, {name}',
  homeBody: 'Vous êtes connecté au Portail Client.',
  logOut: 'Se déconnecter',
  loggedOut: 'Vous êtes déconnecté.',
  pushTitle: 'IBKR Mobile',
  pushBody: "Demande de connexion : touchez pour l'approuver avec IB Key.",
  notFound: "Cette page n'existe pas.",
  smsRecoveryCode: 'IBKR : votre code IB Key est {code}',
  keyInvalidatedRecover:
    'IB Key ne peut plus être utilisée sur votre téléphone (Face ID ou Touch ID a changé). Ouvrez IBKR Mobile et touchez Récupérer IB Key : cette connexion vous attend.',
};

export type PortalMessageKey = keyof typeof en;
export const PORTAL_MESSAGES: Record<Locale, typeof en> = { 'en-US': en, 'fr-FR': fr };
export const portalText = textLookup(PORTAL_MESSAGES);
