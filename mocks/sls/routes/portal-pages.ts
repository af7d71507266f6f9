// The Client Portal as a browser sees it: login, the IB Key activation gate, the second factor
// (push or challenge/response), the home page and logout.

import type { FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { Type } from 'typebox';
import { faultOn, isLocale, type Locale, pickLocale, portalText } from '../../../product/index.ts';
import { activationGateState, issueActivation, showActivation } from '../activations.ts';
import type { SlsApp } from '../app-type.ts';
import { recordAudit } from '../audit.ts';
import type { SlsContext } from '../context.ts';
import {
  loginStatusNow,
  loginTransaction,
  pollLoginStatus,
  sendLoginPush,
  startLoginTransaction,
  submitChallengeResponse,
} from '../login-transactions.ts';
import { checkPassword } from '../password-check.ts';
import {
  createSession,
  csrfMatches,
  endSession,
  loadSession,
  type PortalSession,
  SESSION_COOKIE,
  type SessionStage,
  setSessionStage,
  useLoginForm,
} from '../sessions.ts';
import { preferredWaitMs } from '../state-changes.ts';
import { findActiveDevice, findUserById } from '../users.ts';
import { challengePage, checkPhonePage, gatePage, homePage, loginPage, messagePage } from '../views/pages.ts';

const LANG_COOKIE = 'ibkl_lang';
const STAGE_HOME: Record<SessionStage, string> = {
  anonymous: '/login',
  gate: '/ibkey/gate',
  second_factor: '/login/check-phone',
  authenticated: '/portal',
};

const LoginForm = Type.Object(
  {
    _csrf: Type.String({ maxLength: 64 }),
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
);
const CsrfForm = Type.Object({ _csrf: Type.String({ maxLength: 64 }) }, { additionalProperties: false });
const ResponseForm = Type.Object(
  { _csrf: Type.String({ maxLength: 64 }), response: Type.String({ maxLength: 32 }) },
  { additionalProperties: false },
);

export function localeOf(request: FastifyRequest): Locale {
  const cookie = request.cookies[LANG_COOKIE];
  return pickLocale(isLocale(cookie) ? cookie : undefined, request.headers['accept-language']);
}

function html(reply: FastifyReply, body: string, status = 200): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);
}

/**
 * The path as a Location that stays on this site. Parsing folds "/./" and "/../" and reads a
 * backslash as a slash, so "/.//evil.example/" becomes "//evil.example/", which a browser would
 * follow to another host: leading slashes are folded into one.
 */
function pathOnThisSite(pathname: string): string {
  return `/${pathname.replace(/^[/\\]+/, '')}`;
}

function setSessionCookie(reply: FastifyReply, value: string): void {
  reply.setCookie(SESSION_COOKIE, value, { path: '/', httpOnly: true, sameSite: 'lax' });
}

/** The longest a status poll is held (long poll); the page asks again straight after. */
const LONG_POLL_CAP_SECONDS = 20;

export function registerPortalPages(app: SlsApp, context: SlsContext): void {
  const pollIntervalMs = context.config.ttl.pollIntervalSeconds * 1000;

  /**
   * Long poll: with `Prefer: wait=N` a status request that would answer `unchanged` is held until
   * the state changes or N seconds pass (at most LONG_POLL_CAP_SECONDS). It looks again at each
   * notice of a write and at least once per poll interval (a write by another process sends no
   * notice). Without the header it answers at once, as before.
   */
  async function heldUntilChanged<S>(
    request: FastifyRequest,
    reply: FastifyReply,
    look: () => Promise<S>,
    unchanged: S,
  ): Promise<S> {
    const waitMs = preferredWaitMs(request.headers.prefer, LONG_POLL_CAP_SECONDS);
    let state = await look();
    if (waitMs === 0) return state;
    reply.header('preference-applied', `wait=${waitMs / 1000}`);
    const gone = new AbortController();
    // The response's 'close' also fires when the client goes away while the request is held.
    reply.raw.once('close', () => gone.abort());
    const deadline = performance.now() + waitMs;
    while (state === unchanged && !gone.signal.aborted) {
      const left = deadline - performance.now();
      if (left <= 0) break;
      await context.changes.nextChange(Math.min(left, pollIntervalMs), gone.signal);
      if (context.changes.closed) break;
      state = await look();
    }
    return state;
  }
  /** Loads the session, moving it on when its second factor finished elsewhere (a phone, another tab). */
  async function sessionOf(request: FastifyRequest): Promise<PortalSession | undefined> {
    const session = await loadSession(context, request.cookies[SESSION_COOKIE]);
    if (
      session?.stage === 'gate' &&
      passesGate(await activationGateState(context, session.activationSerial!))
    ) {
      await setSessionStage(context, session, 'authenticated');
    }
    if (
      session?.stage === 'second_factor' &&
      (await loginTransaction(context, session.txid!))?.state === 'approved'
    ) {
      await setSessionStage(context, session, 'authenticated');
    }
    return session;
  }

  /** Loads the session and sends the visitor where their stage says when it is not `stage`. */
  async function requireStage(
    request: FastifyRequest,
    reply: FastifyReply,
    stage: SessionStage,
  ): Promise<PortalSession | undefined> {
    const session = await sessionOf(request);
    if (session?.stage === stage) return session;
    await reply.redirect(STAGE_HOME[session?.stage ?? 'anonymous'], 303);
    return undefined;
  }

  // ?lang=fr-FR on any page sets the language and comes back without the parameter.
  app.addHook('onRequest', async (request, reply) => {
    // Read as a path on this site: `//host/…` would otherwise parse as another host (or throw).
    const url = new URL(`http://portal${request.url}`);
    const lang = url.searchParams.get('lang');
    if (lang === null || request.method !== 'GET' || url.pathname.startsWith('/sls/')) return;
    const locale = pickLocale(lang, undefined);
    url.searchParams.delete('lang');
    reply.setCookie(LANG_COOKIE, locale, { path: '/', sameSite: 'lax' });
    await reply.redirect(`${pathOnThisSite(url.pathname)}${url.search}`, 303);
  });

  app.get('/', async (request, reply) =>
    reply.redirect(STAGE_HOME[(await sessionOf(request))?.stage ?? 'anonymous'], 303),
  );

  app.get('/login', async (request, reply) => {
    const session = await sessionOf(request);
    if (session && session.stage !== 'anonymous') return reply.redirect(STAGE_HOME[session.stage], 303);
    const usable = session ?? (await startAnonymous(reply));
    const loggedOut = (request.query as { loggedOut?: string }).loggedOut === '1';
    const locale = localeOf(request);
    return html(
      reply,
      loginPage(
        locale,
        usable.csrfToken,
        loggedOut ? { kind: 'info', text: portalText(locale, 'loggedOut') } : undefined,
      ),
    );
  });

  async function startAnonymous(reply: FastifyReply): Promise<PortalSession> {
    const { cookieValue, session } = await createSession(context);
    setSessionCookie(reply, cookieValue);
    return session;
  }

  app.post('/login', { schema: { body: LoginForm } }, async (request, reply) => {
    const locale = localeOf(request);
    const session = await sessionOf(request);
    // The form is used once: of several submissions of it, one goes on to the password check.
    const nextForm = session && (await useLoginForm(context, session, request.body._csrf));
    if (!session || !nextForm) {
      const fresh = await startAnonymous(reply);
      return html(
        reply,
        loginPage(locale, fresh.csrfToken, { kind: 'error', text: portalText(locale, 'formExpired') }),
        403,
      );
    }
    const check = await checkPassword(
      context,
      { username: request.body.username, password: request.body.password, client: request.ip },
      'login',
    );
    if (check.outcome === 'locked') {
      const minutes = Math.ceil(check.retryAfterSeconds / 60);
      return html(
        reply,
        loginPage(locale, nextForm, { kind: 'error', text: portalText(locale, 'loginLocked', { minutes }) }),
        429,
      );
    }
    if (check.outcome === 'wrong') {
      return html(
        reply,
        loginPage(locale, nextForm, { kind: 'error', text: portalText(locale, 'badLogin') }),
        401,
      );
    }
    const { user } = check;
    // One transaction for the whole login: the anonymous session goes, and the second factor (or the
    // gate's activation) comes with the new session and their audit events, all or nothing.
    const loggedIn = await context.db.transaction(async (tx) => {
      await endSession(context, session, tx);
      const device = await findActiveDevice(tx, user.id);
      if (device) {
        const started = await startLoginTransaction(context, tx, user, device);
        const { cookieValue } = await createSession(
          context,
          { userId: user.id, stage: 'second_factor', txid: started.txid },
          tx,
        );
        return { cookieValue, next: '/login/check-phone', started };
      }
      const activation = await issueActivation(context, user.id, tx);
      const { cookieValue } = await createSession(
        context,
        { userId: user.id, stage: 'gate', activationSerial: activation.serial },
        tx,
      );
      await recordAudit(tx, {
        at: context.clock.now(),
        kind: 'login',
        outcome: 'GATE_SHOWN',
        userId: user.id,
        serial: activation.serial,
      });
      return { cookieValue, next: '/ibkey/gate' };
    });
    if (loggedIn.started) sendLoginPush(context, loggedIn.started);
    // A new session id after login, so a session fixed before login is worth nothing.
    setSessionCookie(reply, loggedIn.cookieValue);
    return reply.redirect(loggedIn.next, 303);
  });

  app.get('/ibkey/gate', async (request, reply) => {
    const session = await requireStage(request, reply, 'gate');
    if (!session) return reply;
    const activation = await showActivation(context, session.activationSerial!);
    // The figure around it is the image for assistive technology; the SVG itself is hidden from it.
    const svg = await QRCode.toString(activation.link, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
    const qrSvg = svg.replace('<svg ', '<svg aria-hidden="true" focusable="false" ');
    return html(
      reply,
      gatePage({
        locale: localeOf(request),
        csrfToken: session.csrfToken,
        qrSvg,
        link: activation.link,
        code: activation.code,
        state: activation.state,
        pollIntervalMs,
      }),
    );
  });

  app.get('/ibkey/gate/status', async (request, reply) => {
    const session = await sessionOf(request);
    if (!session?.activationSerial || (session.stage !== 'gate' && session.stage !== 'authenticated')) {
      return reply.code(401).send({ status: 'logged_out', final: true, next: '/login' });
    }
    const serial = session.activationSerial;
    const state = await heldUntilChanged(
      request,
      reply,
      () => activationGateState(context, serial),
      'pending',
    );
    if (state === 'active' && session.stage === 'gate')
      await setSessionStage(context, session, 'authenticated');
    return {
      status: state,
      final: state !== 'pending',
      ...(state === 'active' ? { reveal: 'continue' } : {}),
    };
  });

  app.get('/login/check-phone', async (request, reply) => {
    const session = await requireStage(request, reply, 'second_factor');
    if (!session) return reply;
    const transaction = await loginTransaction(context, session.txid!);
    // A login no push was sent for (the device has no APNs token, or this user's logins sent many
    // pushes lately): offer challenge/response straight away.
    if (transaction?.push_outcome === 'no_token' || transaction?.push_outcome === 'rate_limited')
      return reply.redirect('/login/challenge', 303);
    // A device whose key can no longer be used gets no push: the customer is sent to recovery,
    // and this login waits for the recovered key (challenge/response needs the old key too).
    const keyInvalidated = transaction?.push_outcome === 'key_invalidated';
    return html(
      reply,
      checkPhonePage(localeOf(request), session.csrfToken, pollIntervalMs, { keyInvalidated }),
    );
  });

  app.get('/login/status', async (request, reply) => {
    const session = await sessionOf(request);
    if (!session?.txid) return reply.code(401).send({ status: 'expired_token', final: true });
    if (session.stage === 'authenticated') return { status: 'approved', final: true, next: '/portal' };
    const txid = session.txid;
    // The first look is the poll RFC 8628 counts (slow_down); a held request looks again freely.
    let status = await pollLoginStatus(context, txid);
    if (status === 'authorization_pending')
      status = await heldUntilChanged(request, reply, () => loginStatusNow(context, txid), status);
    if (status === 'approved') await setSessionStage(context, session, 'authenticated');
    return {
      status,
      final: status !== 'authorization_pending' && status !== 'slow_down',
      ...(status === 'approved' ? { next: '/portal' } : {}),
    };
  });

  app.get('/login/challenge', async (request, reply) => {
    const session = await requireStage(request, reply, 'second_factor');
    if (!session) return reply;
    const transaction = await loginTransaction(context, session.txid!);
    return html(reply, challengePage(localeOf(request), session.csrfToken, transaction!.challenge));
  });

  app.post('/login/challenge', { schema: { body: ResponseForm } }, async (request, reply) => {
    const locale = localeOf(request);
    const session = await requireStage(request, reply, 'second_factor');
    if (!session) return reply;
    const transaction = await loginTransaction(context, session.txid!);
    if (!csrfMatches(session, request.body._csrf) && !faultOn('challenge-form-without-csrf')) {
      return html(
        reply,
        challengePage(locale, session.csrfToken, transaction!.challenge, portalText(locale, 'formExpired')),
        403,
      );
    }
    const outcome = await submitChallengeResponse(
      context,
      session.txid!,
      request.body.response.replace(/\s/g, ''),
    );
    if (outcome === 'approved') {
      await setSessionStage(context, session, 'authenticated');
      return reply.redirect('/portal', 303);
    }
    const messageKey = {
      bad_response: 'badResponse',
      answered: 'responseUsed',
      expired: 'loginExpired',
      locked: 'tooManyResponses',
    } as const;
    const status = { bad_response: 401, answered: 409, expired: 410, locked: 429 } as const;
    return html(
      reply,
      challengePage(
        locale,
        session.csrfToken,
        transaction!.challenge,
        portalText(locale, messageKey[outcome]),
      ),
      status[outcome],
    );
  });

  app.get('/portal', async (request, reply) => {
    const session = await requireStage(request, reply, 'authenticated');
    if (!session) return reply;
    const user = await findUserById(context.db.pool, session.userId!);
    return html(reply, homePage(localeOf(request), session.csrfToken, user!.display_name));
  });

  app.post('/logout', { schema: { body: CsrfForm } }, async (request, reply) => {
    const session = await sessionOf(request);
    // A logout not sent by this session's own page (a forged form, an old tab) changes nothing.
    if (session && !csrfMatches(session, request.body._csrf)) {
      const locale = localeOf(request);
      return html(
        reply,
        messagePage(locale, portalText(locale, 'logOut'), portalText(locale, 'formExpired')),
        403,
      );
    }
    if (session && !faultOn('logout-keeps-session')) {
      await context.db.transaction(async (tx) => {
        await endSession(context, session, tx);
        await recordAudit(tx, {
          at: context.clock.now(),
          kind: 'logout',
          outcome: 'LOGGED_OUT',
          userId: session.userId,
        });
      });
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/login?loggedOut=1', 303);
  });
}

/** Whether a session at the gate goes on to the portal: once IB Key is active there. */
function passesGate(state: string): boolean {
  // The fault portal-open-after-failed-gate lets an expired or used QR through as well.
  return faultOn('portal-open-after-failed-gate') ? state !== 'pending' : state === 'active';
}
