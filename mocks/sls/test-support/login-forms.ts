// Login forms opened and submitted over raw HTTP, so that a test can open many forms first and
// then submit them all at once (a burst of guesses, a double click), each with its own cookie.

export interface OpenedLoginForm {
  /** The session cookie the form came with, as a Cookie header value. */
  cookie: string;
  /** The form's one-time token. */
  csrf: string;
}

export async function openLoginForm(portalUrl: string): Promise<OpenedLoginForm> {
  const response = await fetch(`${portalUrl}/login`, { redirect: 'manual' });
  const cookie = response.headers
    .getSetCookie()
    .find((header) => header.startsWith('ibkl_sid='))
    ?.split(';')[0];
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await response.text())?.[1];
  if (!cookie || !csrf)
    throw new Error(`GET /login gave no session cookie or no form (status ${response.status}).`);
  return { cookie, csrf };
}

/** Submits a login form; answers the status and where it sends the browser. */
export async function submitLoginForm(
  portalUrl: string,
  form: OpenedLoginForm,
  username: string,
  password: string,
): Promise<{ status: number; location?: string; body: string }> {
  const response = await fetch(`${portalUrl}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: form.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: form.csrf, username, password }).toString(),
  });
  return {
    status: response.status,
    location: response.headers.get('location') ?? undefined,
    body: await response.text(),
  };
}

/** How many times each value occurs, keys sorted: one outcome of a race, written as one object. */
export function tally<T extends string | number>(values: T[]): Record<string, number> {
  return Object.fromEntries(
    [...new Set(values)].sort().map((value) => [String(value), values.filter((v) => v === value).length]),
  );
}
