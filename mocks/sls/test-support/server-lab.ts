// The server tests' lab, built with the one Lab builder: the portal on a fresh database of a
// store already running (Vitest's, or the bench's), pushing to an APNs simulator that gives up
// quickly and texting through the third-party gateway, with a cheap password hash.

import { Lab, type PortalOptions, type StartedLab } from '../../../lab/index.ts';

export function startServerLab(
  storeUrl: string,
  label: string,
  config: PortalOptions['config'] = {},
): Promise<StartedLab> {
  return new Lab()
    .withStore({ url: storeUrl })
    .withPortal({ label, seed: 42, config: { scryptLogN: 10, ...config } })
    .withApns({ requestTimeoutMs: 500 })
    .withGateway()
    .start();
}
