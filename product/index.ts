// The product contract: what the server, the simulated iPhone, the screen objects and the case
// format agree on (app identity, languages, the portal's and the phone's strings, settings).

export { IBKR_BUNDLE_ID, IBKR_MOBILE } from './app.ts';
export {
  activeFaults,
  checkedByOf,
  FAULT_LAYERS,
  FAULT_NAMES,
  FAULTS,
  type FaultDefinition,
  type FaultLayer,
  type FaultName,
  faultOn,
  parseFaultSwitch,
  readCheckedBy,
  UnknownFaultError,
} from './faults.ts';
export { fillPlaceholders, isLocale, LOCALES, type Locale, pickLocale } from './locales.ts';
export { PHONE_STRINGS, type PhoneStringKey, phoneText } from './phone-strings.ts';
export { PORTAL_MESSAGES, type PortalMessageKey, portalText } from './portal-strings.ts';
export { isPhoneSetting, PHONE_SETTINGS, type PhoneSetting } from './settings.ts';
