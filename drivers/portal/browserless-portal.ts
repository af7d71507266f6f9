// A portal visitor over plain HTTP (cookies, CSRF, redirects by hand): the protocol-level stand-in
// for a browser, for tests and for driving the phone without a real browser.

export interface PortalPage {
  status: number;
  location?: string;
  body: string;
}

export class BrowserlessPortal {
  readonly #cookies = new Map<string, string>();

  constructor(
    readonly baseUrl: string,
    readonly acceptLanguage = 'en-US',
  ) {}

  cookie(name: string): string | undefined {
    return this.#cookies.get(name);
  }

  async get(path: string): Promise<PortalPage> {
    return this.request('GET', path);
  }

  async request(method: 'GET' | 'POST', path: string, form?: Record<string, string>): Promise<PortalPage> {
    const response = await fetch(new URL(path, this.baseUrl), {
      method,
      redirect: 'manual',
      headers: {
        'accept-language': this.acceptLanguage,
        cookie: [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: form ? new URLSearchParams(form).toString() : undefined,
    });
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const [name, ...value] = pair!.split('=');
      if (/Expires=Thu, 01 Jan 1970/i.test(header) || value.join('=') === '')
        this.#cookies.delete(name!.trim());
      else this.#cookies.set(name!.trim(), value.join('='));
    }
    return {
      status: response.status,
      location: response.headers.get('location') ?? undefined,
      body: await response.text(),
    };
  }

  csrfOf(page: PortalPage): string {
    const match = /name="_csrf" value="([^"]+)"/.exec(page.body);
    if (!match)
      throw new Error(`No CSRF token on the page (status ${page.status}): ${page.body.slice(0, 200)}`);
    return match[1]!;
  }

  /** Logs in and returns where the portal sent the user: /ibkey/gate or /login/check-phone. */
  async logIn(username: string, password: string): Promise<PortalPage> {
    const form = await this.get('/login');
    return this.request('POST', '/login', { _csrf: this.csrfOf(form), username, password });
  }

  /** The universal link the gate's QR holds (also in the figure's data attribute). */
  async gateLink(): Promise<string> {
    const gate = await this.get('/ibkey/gate');
    const match = /data-activation-link="([^"]+)"/.exec(gate.body);
    if (!match)
      throw new Error(`The gate shows no QR (status ${gate.status}, location ${gate.location ?? 'none'})`);
    return match[1]!.replaceAll('&amp;', '&');
  }

  async json<T>(path: string): Promise<T> {
    return JSON.parse((await this.get(path)).body) as T;
  }

  async challenge(): Promise<string> {
    const page = await this.get('/login/challenge');
    const match = /<output[^>]*>(\d{6})<\/output>/.exec(page.body);
    if (!match) throw new Error(`The challenge page shows no challenge (status ${page.status})`);
    return match[1]!;
  }

  async submitResponse(response: string): Promise<PortalPage> {
    const page = await this.get('/login/challenge');
    return this.request('POST', '/login/challenge', { _csrf: this.csrfOf(page), response });
  }

  async logOut(): Promise<PortalPage> {
    const page = await this.get('/portal');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? (await this.csrfFromAnyPage());
    return this.request('POST', '/logout', { _csrf: csrf });
  }

  private async csrfFromAnyPage(): Promise<string> {
    for (const path of ['/ibkey/gate', '/login/check-phone', '/login/challenge']) {
      const page = await this.get(path);
      const match = /name="_csrf" value="([^"]+)"/.exec(page.body);
      if (match) return match[1]!;
    }
    throw new Error('No page of this session carries a CSRF token');
  }
}
