// The server tests' lab, built with the one Lab builder: the portal on a fresh database of a
// store already running (Vitest's, or the bench's), pushing to an APNs simulator that gives up
// quickly and texting through the third-party gateway, with a cheap password hash.

import { Lab, type PortalOptions, type StartedLab } from '../../../lab/index.ts';
import type { Locale } from '../../../product/index.ts';

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

/** A new user logged in at the gate: the portal session that shows the QR, and the QR's link. */
export async function userAtTheGate(lab: StartedLab, locale: Locale = 'en-US') {
  const { user } = await lab.createUser({ locale });
  const portal = lab.portal(locale);
  const landing = await portal.logIn(user.username, user.password);
  if (landing.location !== '/ibkey/gate')
    throw new Error(
      `The login of the new user ${user.username} answered ${landing.status} ${landing.location ? `to ${landing.location}` : 'without a redirect'}, not a redirect to the gate.`,
    );
  return { user, portal, link: await portal.gateLink() };
}

/** The gate's link with another activation credential in it (27 times `letter`): a guessed QR. */
export function forgedLink(link: string, letter = 'C'): string {
  const url = new URL(link);
  url.searchParams.set('c', letter.repeat(27));
  return url.toString();
}

/**
 * POSTs a JSON body (a value, or text already serialised so that racing requests leave together)
 * and answers `okAs` when it was accepted, else the protocol's error code.
 */
export async function postedOutcome(url: string, body: unknown, okAs = 'OK'): Promise<string> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return response.ok ? okAs : ((await response.json()) as { error: string }).error;
}
