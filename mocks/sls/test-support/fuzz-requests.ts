// The requests the route fuzz sends (fast-check arbitraries): every route of the portal pages, the
// mobile API, the lab control API and the well-known files, with the right method most of the
// time; bodies that start from a valid request of this lab (real serial, device, transaction,
// session and CSRF token, so the server's checks get past the schema) and are then bent: a field
// removed, replaced by a hostile value, added; and the hostile request as a whole (wrong method,
// media type, Host, Origin, token or cookie, NUL bytes, bad percent-encoding, big headers and bodies).

import { Agent, request as httpRequest } from 'node:http';
import fc from 'fast-check';
import type pg from 'pg';

/** What the fuzz knows of its lab: real identifiers and valid bodies to bend. */
export interface FuzzTargets {
  /** host:port of the portal. */
  host: string;
  controlToken: string;
  /** Session cookies of visitors at each stage, each with its CSRF token. */
  sessions: { cookie: string; csrf: string }[];
  usernames: string[];
  serial: string;
  credential: string;
  deviceId: string;
  txid: string;
  /** Valid JSON bodies, by path. */
  mobileBodies: Record<string, Record<string, unknown>>;
}

export interface FuzzRequest {
  method: string;
  /** As sent on the wire: ASCII and percent-encodings only, or Latin-1 bytes when `rawLatin1`. */
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface FuzzAnswer {
  status: number;
  contentType: string;
  body: string;
}

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'TRACE', 'PROPFIND'];

/** encodeURIComponent that takes lone surrogates too (as U+FFFD, as a browser sends them). */
function percentEncoded(text: string): string {
  return encodeURIComponent(Buffer.from(text, 'utf8').toString('utf8'));
}

/** `arbitrary` once in `oneIn` draws, else undefined. */
function sometimes<T>(arbitrary: fc.Arbitrary<T>, oneIn: number): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight: oneIn - 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary });
}

/** Strings a careless parser chokes on. */
const hostileText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '%00',
    '%',
    '%zz',
    '%C0%AE',
    '\uD800',
    '\uFFFF',
    '𝕏',
    'x'.repeat(65),
    'x'.repeat(300),
    '../../etc/passwd',
    '//evil.test',
    '<script>alert(1)</script>',
    "'; DROP TABLE users; --",
    '__proto__',
    'constructor',
    'NaN',
    '-1',
    '1e309',
    '0x10',
  ),
);

const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  hostileText,
  fc.constantFrom(null, true, false, 0, -1, 1.5, 2 ** 53, -(2 ** 63), 1e308, [], {}),
  fc.jsonValue({ maxDepth: 3 }),
  fc.array(hostileText, { maxLength: 3 }),
);

/** A valid body with one thing changed, or left as it is. */
function bent(template: Record<string, unknown>): fc.Arbitrary<unknown> {
  const keys = Object.keys(template);
  const nested = keys.filter((key) => typeof template[key] === 'object' && template[key] !== null);
  const variants: fc.Arbitrary<unknown>[] = [
    fc.constant(template),
    fc
      .record({ key: fc.constantFrom(...keys), value: hostileJson })
      .map(({ key, value }) => ({ ...template, [key]: value })),
    fc
      .constantFrom(...keys)
      .map((key) => Object.fromEntries(Object.entries(template).filter(([k]) => k !== key))),
    fc
      .record({ key: hostileText, value: hostileJson })
      .map(({ key, value }) => ({ ...template, [key]: value })),
    hostileJson,
  ];
  if (nested.length)
    variants.push(
      fc
        .record({ key: fc.constantFrom(...nested), field: hostileText, value: hostileJson })
        .map(({ key, field, value }) => ({
          ...template,
          [key]: { ...(template[key] as object), [field]: value },
        })),
    );
  return fc.oneof(...variants);
}

/** How a JSON value goes on the wire: as JSON mostly, else broken, padded past the limit, or as a form. */
function jsonBody(value: fc.Arbitrary<unknown>): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 8, arbitrary: value.map((v) => JSON.stringify(v) ?? 'undefined') },
    { weight: 1, arbitrary: value.map((v) => (JSON.stringify(v) ?? '').slice(0, -1)) },
    { weight: 1, arbitrary: value.map((v) => `${JSON.stringify(v)}${' '.repeat(17 * 1024)}`) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '',
        '{',
        '{"__proto__":{"admin":true}}',
        '[]',
        'null',
        '"x"',
        '{"v":1,"v":2}',
      ),
    },
  );
}

function formBody(fields: fc.Arbitrary<Record<string, string>>): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: fields.map((f) => new URLSearchParams(f).toString()) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('', '=', '&&', '_csrf', '%', '%zz=1', 'a=%00', `a=${'x'.repeat(17 * 1024)}`),
    },
  );
}

interface Route {
  method: string;
  path: fc.Arbitrary<string>;
  kind: 'json' | 'form' | 'none';
  body?: fc.Arbitrary<string>;
}

export function fuzzRequest(targets: FuzzTargets): fc.Arbitrary<FuzzRequest> {
  const session = fc.constantFrom(...targets.sessions);
  const username = fc.oneof(fc.constantFrom(...targets.usernames), hostileText);
  const fixedPaths = [
    '/',
    '/login',
    '/login?loggedOut=1',
    '/ibkey/gate',
    '/ibkey/gate/status',
    '/login/check-phone',
    '/login/status',
    '/login/challenge',
    '/portal',
    '/health',
    '/.well-known/apple-app-site-association',
    '/assets/portal.js',
    '/assets/portal.css',
  ];
  const pageForms = (extra: Record<string, fc.Arbitrary<string>>) =>
    formBody(
      fc.record(
        {
          _csrf: fc.oneof(
            session.map((s) => s.csrf),
            hostileText,
          ),
          ...extra,
        },
        { requiredKeys: [] },
      ),
    );
  const routes: Route[] = [
    ...fixedPaths.map((path): Route => ({ method: 'GET', path: fc.constant(path), kind: 'none' })),
    {
      method: 'GET',
      path: fc
        .record({
          s: fc.oneof(fc.constant(targets.serial), hostileText),
          c: fc.oneof(fc.constant(targets.credential), hostileText),
        })
        .map(({ s, c }) => `/ibkey/activate?v=1&s=${percentEncoded(s)}&c=${percentEncoded(c)}`),
      kind: 'none',
    },
    {
      method: 'POST',
      path: fc.constant('/login'),
      kind: 'form',
      body: pageForms({ username, password: fc.oneof(fc.constant('wrong-password'), hostileText) }),
    },
    {
      method: 'POST',
      path: fc.constant('/login/challenge'),
      kind: 'form',
      body: pageForms({ response: fc.oneof(fc.stringMatching(/^\d{8}$/), hostileText) }),
    },
    { method: 'POST', path: fc.constant('/logout'), kind: 'form', body: pageForms({}) },
    ...Object.entries(targets.mobileBodies).map(
      ([path, template]): Route => ({
        method: 'POST',
        path: fc.constant(path),
        kind: 'json',
        body: jsonBody(bent(template)),
      }),
    ),
    { method: 'GET', path: fc.constant('/lab/endpoints'), kind: 'none' },
    { method: 'GET', path: fc.constant('/lab/clock'), kind: 'none' },
    {
      method: 'POST',
      path: fc.constant('/lab/clock/advance'),
      kind: 'json',
      // Small steps, so that the portal's sessions and QR codes keep working through the run.
      body: jsonBody(bent({ seconds: 1 })),
    },
    {
      method: 'POST',
      path: fc.constant('/lab/users'),
      kind: 'json',
      body: jsonBody(
        bent({
          locale: 'fr-FR',
          displayName: 'Fuzz',
          device: { state: 'active', apnsToken: null, biometry: 'touchId' },
        }),
      ),
    },
    {
      method: 'GET',
      path: username.map((name) => `/lab/users/${percentEncoded(name)}/state`),
      kind: 'none',
    },
  ];

  return fc
    .record({
      route: fc.constantFrom(...routes),
      methodChange: sometimes(fc.constantFrom(...METHODS), 8),
      pathChange: sometimes(
        fc.oneof(
          hostileText.map((text) => `/${text}`),
          hostileText.map((text) => `?lang=${text}`),
          fc.constantFrom(
            '?lang=//evil.test',
            '?lang=fr-FR',
            '/',
            '//',
            '/..',
            '%2F..',
            '%00',
            '%',
            '%zz',
            `/${'a'.repeat(3000)}`,
          ),
        ),
        5,
      ),
      rawLatin1: fc.boolean(),
      host: sometimes(fc.oneof(fc.constantFrom('evil.test', 'localhost', ''), hostileText), 15),
      origin: sometimes(fc.constantFrom('http://evil.test', 'null', `http://${targets.host}`), 6),
      authorization: sometimes(
        fc.oneof(
          fc.constant(''),
          fc.constant('Bearer wrong'),
          hostileText.map((text) => `Bearer ${text}`),
        ),
        8,
      ),
      contentType: sometimes(
        fc.oneof(
          fc.constantFrom(
            'application/json',
            'application/json; charset=utf-8',
            'application/x-www-form-urlencoded',
            'text/plain',
            'multipart/form-data; boundary=x',
            'application/xml',
            'application/json; charset=latin1',
          ),
          hostileText,
        ),
        6,
      ),
      cookie: fc.oneof(
        { weight: 6, arbitrary: session.map((s) => s.cookie) },
        { weight: 1, arbitrary: hostileText.map((text) => `ibkl_sid=${text}`) },
        { weight: 1, arbitrary: hostileText.map((text) => `ibkl_lang=${text}`) },
        { weight: 1, arbitrary: fc.constant('') },
      ),
      padding: fc.oneof(
        { weight: 30, arbitrary: fc.constant(0) },
        { weight: 1, arbitrary: fc.constantFrom(9_000, 20_000) },
      ),
      body: sometimes(fc.oneof(hostileText, jsonBody(hostileJson)), 10),
    })
    .chain((draw) => (draw.route.body ?? fc.constant(undefined)).map((routeBody) => ({ ...draw, routeBody })))
    .chain((draw) => draw.route.path.map((routePath) => ({ ...draw, routePath })))
    .map((draw): FuzzRequest => {
      const { route } = draw;
      const method = draw.methodChange ?? route.method;
      const path = onTheWire(`${draw.routePath}${draw.pathChange ?? ''}`, draw.rawLatin1);
      const contentType =
        draw.contentType ??
        (route.kind === 'json'
          ? 'application/json'
          : route.kind === 'form'
            ? 'application/x-www-form-urlencoded'
            : undefined);
      const body = draw.routeBody ?? draw.body ?? undefined;
      const headers: Record<string, string> = {
        host: headerValue(draw.host ?? targets.host),
        authorization: headerValue(draw.authorization ?? `Bearer ${targets.controlToken}`),
        cookie: headerValue(draw.cookie),
      };
      if (draw.origin) headers.origin = draw.origin;
      if (contentType !== undefined && (body !== undefined || draw.contentType))
        headers['content-type'] = headerValue(contentType);
      if (draw.padding) headers['x-padding'] = 'p'.repeat(draw.padding);
      return {
        method,
        path,
        headers,
        ...(body !== undefined && method !== 'GET' && method !== 'HEAD' ? { body } : {}),
      };
    });
}

/** Percent-encodes what a request line cannot carry (and, unless `rawLatin1`, everything past ASCII). */
function onTheWire(path: string, rawLatin1: boolean): string {
  let wire = '';
  for (const char of path) {
    const code = char.codePointAt(0)!;
    const plain = code >= 0x21 && code <= 0x7e && char !== '#';
    const bytes = [...Buffer.from(char, 'utf8')]; // a lone surrogate becomes U+FFFD
    wire +=
      plain || (rawLatin1 && code >= 0xa0 && code <= 0xff)
        ? char
        : bytes.map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('');
  }
  return wire.startsWith('/') ? wire : `/${wire}`;
}

/** A header value Node will send: visible ASCII, tabs, spaces and Latin-1 only. */
function headerValue(text: string): string {
  return text.replace(/[^\t\x20-\x7e\x80-\xff]/g, '?');
}

/** One request over a real socket, answered or failed within 10 s. */
export function send(baseUrl: string, fuzz: FuzzRequest, agent: Agent): Promise<FuzzAnswer> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method: fuzz.method,
        path: fuzz.path,
        // A body is framed by its length whatever the method (Node would not frame a DELETE's).
        headers:
          fuzz.body === undefined
            ? fuzz.headers
            : { ...fuzz.headers, 'content-length': String(Buffer.byteLength(fuzz.body)) },
        setHost: false,
        agent,
        timeout: 10_000,
        insecureHTTPParser: false,
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () =>
          resolve({
            status: incoming.statusCode ?? 0,
            contentType: String(incoming.headers['content-type'] ?? ''),
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        incoming.on('error', reject);
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error('no answer within 10 s')));
    outgoing.on('error', reject);
    outgoing.end(fuzz.body);
  });
}

const digestStatements = new WeakMap<pg.Client, string>();

/**
 * A digest of every row of every table (all of them, read once from the catalogue), table by
 * table: the row count and the sum of the rows' MD5s, which needs no sort, so it stays cheap as
 * the tables grow during a run.
 */
export async function everyTableDigest(client: pg.Client): Promise<Record<string, string>> {
  let statement = digestStatements.get(client);
  if (!statement) {
    const tables = (
      await client.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
      )
    ).rows.map((row) => row.table_name);
    statement = tables
      .map(
        (table) =>
          `SELECT '${table}' AS name, count(*) || ':' || coalesce(sum(('x' || left(md5(t::text), 16))::bit(64)::bigint)::text, '-') AS digest FROM "${table}" t`,
      )
      .join(' UNION ALL ');
    digestStatements.set(client, statement);
  }
  const { rows } = await client.query<{ name: string; digest: string }>({
    name: 'fuzz-digest',
    text: statement,
  });
  return Object.fromEntries(rows.map((row) => [row.name, row.digest]));
}

/** A connection per request: a refused request may close its socket, and no answer must mean the server's failure. */
export const connectionPerRequest = () => new Agent({ keepAlive: false, maxSockets: 1 });
