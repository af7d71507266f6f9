// A portal and an Appium server run elsewhere (a staging portal, a shared Appium host, a Mac with
// a real iOS Simulator), named by LAB_PORTAL_URL, LAB_APPIUM_URL and LAB_APNS_DEVICE_URL; the
// portal's control token (printed by `npm run serve`) by LAB_CONTROL_TOKEN.

export interface ExternalTargets {
  portalUrl?: string;
  /** The token the portal's lab control API asks for (Authorization: Bearer). */
  controlToken?: string;
  appiumUrl?: string;
  apnsDeviceUrl?: string;
}

export function externalTargetsFromEnvironment(env = process.env): ExternalTargets {
  const url = (name: string): string | undefined => {
    const value = env[name];
    if (!value) return undefined;
    const parsed = URL.canParse(value) ? new URL(value) : undefined;
    if (parsed?.protocol !== 'http:' && parsed?.protocol !== 'https:')
      throw new Error(`${name}="${value}" is not an http(s) URL; give it as http://host:port.`);
    return parsed.toString().replace(/\/$/, '');
  };
  const targets: ExternalTargets = {};
  const portalUrl = url('LAB_PORTAL_URL');
  const appiumUrl = url('LAB_APPIUM_URL');
  const apnsDeviceUrl = url('LAB_APNS_DEVICE_URL');
  if (portalUrl) targets.portalUrl = portalUrl;
  if (env.LAB_CONTROL_TOKEN) targets.controlToken = env.LAB_CONTROL_TOKEN;
  if (appiumUrl) targets.appiumUrl = appiumUrl;
  if (apnsDeviceUrl) targets.apnsDeviceUrl = apnsDeviceUrl;
  return targets;
}

/** An Appium server given from outside must answer its status. */
export async function checkAppiumAnswers(appiumUrl: string): Promise<void> {
  const response = await fetch(`${appiumUrl}/status`).catch((error: unknown) => {
    throw new Error(`it does not answer (${error instanceof Error ? error.message : String(error)}).`);
  });
  if (!response.ok) throw new Error(`GET /status answered ${response.status}; is it an Appium server?`);
}
