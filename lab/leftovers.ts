// What a test can leave behind in its worker's lab for the next test of that worker to inherit:
// the portal, the APNs simulator, the third-party gateway and the Appium server outlive a test, so
// a fault not undone or a phone session not closed would change what the next test sees. Each test
// ends with this check (scenarios/fixtures/lab.fixtures.ts), after its own fixtures are undone.

import type { StartedLab } from './lab.ts';

/**
 * The lab's own Appium servers lets this check list their sessions (Appium 3 keeps session
 * discovery off unless allowed; they listen on loopback only).
 */
export const SESSION_DISCOVERY_FLAGS = ['--allow-insecure', '*:session_discovery'];

/** One sentence per thing left behind; none when the lab is as the test found it. */
export async function leftoversOf(lab: StartedLab): Promise<string[]> {
  const found: string[] = [];
  const overrides = lab.gateway.overrideCount();
  if (overrides > 0)
    found.push(
      `${overrides} third-party handler(s) added to the gateway with use() and never reset (App Store, SMS)`,
    );
  const apnsFaults = [...(lab.parts.apns?.faults() ?? new Map())];
  if (apnsFaults.length > 0)
    found.push(
      `APNs still fails pushes to ${apnsFaults.length} device token(s) (${apnsFaults.map(([, fault]) => (fault === 'no-answer' ? 'no answer' : `${fault.status} ${fault.reason}`)).join(', ')})`,
    );
  const sessions = await phoneSessionsOf(lab);
  if (sessions.length > 0)
    found.push(`${sessions.length} phone session(s) still open on Appium (${sessions.join(', ')})`);
  return found;
}

/**
 * The Appium sessions of phones wired to this lab's portal (the run's Appium server is shared by
 * every worker, each with its own portal). An Appium server that cannot list its sessions is not
 * checked: a real one run elsewhere may not allow it.
 */
async function phoneSessionsOf(lab: StartedLab): Promise<string[]> {
  const answer = await fetch(new URL('appium/sessions', withSlash(lab.appiumUrl)), {
    signal: AbortSignal.timeout(5_000),
  }).catch(() => undefined);
  if (!answer?.ok) return [];
  const body = (await answer.json().catch(() => undefined)) as
    | { value?: { id: string; capabilities?: Record<string, unknown> }[] }
    | undefined;
  return (body?.value ?? [])
    .filter((session) => {
      const capabilities = session.capabilities ?? {};
      return (capabilities['appium:portalUrl'] ?? capabilities.portalUrl) === lab.portalUrl;
    })
    .map((session) => session.id);
}

const withSlash = (url: string) => (url.endsWith('/') ? url : `${url}/`);
