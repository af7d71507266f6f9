// The lab: one builder for every part, and the failure that says the lab, not the product, broke.

export type { ApnsFault } from '../mocks/apns/apns-simulator.ts';
/** Third parties' faults a scenario can switch on for itself (through its `network` fixture). */
export {
  appStoreProductMissing,
  appStoreUnavailable,
  smsGatewayDown,
} from '../mocks/handlers/index.ts';
export { type ExternalTargets, externalTargetsFromEnvironment } from './external-targets.ts';
export {
  type ApnsOptions,
  type AppiumOptions,
  Lab,
  type LabParts,
  type PortalOptions,
  StartedLab,
  type StoreChoice,
  wholeLab,
} from './lab.ts';
export { LabFailure } from './lab-failure.ts';
export { leftoversOf } from './leftovers.ts';
export { type SharedParts, sharedPartsFromEnvironment, startSharedParts } from './run-shared-parts.ts';
