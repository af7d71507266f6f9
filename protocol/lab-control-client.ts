// The one client of the lab control API: every test, fixture, bench and tool that makes accounts,
// moves the clock or asks for a user's server state goes through it. Answers are checked against
// the routes' schemas, so a portal that drifts from the contract fails here, by name.

import type { Static, TSchema } from 'typebox';
import { Value } from 'typebox/value';
import {
  type CreatedUser,
  type CreateUserRequest,
  LAB_CONTROL_ROUTES,
  type UserState,
} from './lab-control.ts';

type Routes = typeof LAB_CONTROL_ROUTES;

/** The lab control API could not be used: unreachable, refused, or answered off-contract. */
export class LabControlError extends Error {
  override name = 'LabControlError';
  constructor(
    message: string,
    /** The HTTP status, when the portal answered. */
    readonly status?: number,
  ) {
    super(message);
  }
}

export class LabControlClient {
  readonly #token: string | undefined;

  /**
   * @param portalUrl the portal's origin, e.g. http://127.0.0.1:41234 (a portal in lab mode).
   * @param token the run's control token, which the portal makes at start (`npm run serve` prints
   *   it); by default LAB_CONTROL_TOKEN, as a tool pointed at a portal run elsewhere is given it.
   */
  constructor(
    readonly portalUrl: string,
    token: string | undefined = process.env.LAB_CONTROL_TOKEN,
  ) {
    this.#token = token;
  }

  /** The token this client sends, for a tool started beside it (wdio's workers); never logged. */
  get token(): string | undefined {
    return this.#token;
  }

  /** Where a phone gets this portal's pushes (its APNs simulator's device side), if it has one. */
  endpoints(): Promise<Static<Routes['endpoints']['answer']>> {
    return this.call(LAB_CONTROL_ROUTES.endpoints);
  }

  clock(): Promise<Static<Routes['clock']['answer']>> {
    return this.call(LAB_CONTROL_ROUTES.clock);
  }

  /** Moves the portal's clock forward: activations and login requests age in zero wall time. */
  advanceClock(seconds: number): Promise<Static<Routes['advanceClock']['answer']>> {
    return this.call(LAB_CONTROL_ROUTES.advanceClock, { body: { seconds } });
  }

  /** A fresh user; with `device: {state: 'active'}` one whose IB Key is already active. */
  createUser(request: CreateUserRequest = {}): Promise<CreatedUser> {
    return this.call(LAB_CONTROL_ROUTES.createUser, { body: request });
  }

  /** The user's devices, activations, login requests and audit trail, as support sees them. */
  userState(username: string): Promise<UserState> {
    return this.call(LAB_CONTROL_ROUTES.userState, { params: { username } });
  }

  private async call<Answer extends TSchema>(
    route: { method: string; url: string; status: number; answer: Answer },
    input: { body?: unknown; params?: Record<string, string> } = {},
  ): Promise<Static<Answer>> {
    const path = route.url.replace(/:(\w+)/g, (_, name: string) =>
      encodeURIComponent(input.params?.[name] ?? ''),
    );
    const what = `${route.method} ${path}`;
    let response: Response;
    try {
      response = await fetch(`${this.portalUrl}${path}`, {
        method: route.method,
        headers: {
          ...(this.#token === undefined ? {} : { authorization: `Bearer ${this.#token}` }),
          ...(input.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(input.body === undefined ? {} : { body: JSON.stringify(input.body) }),
      });
    } catch (error) {
      throw new LabControlError(
        `${what} on ${this.portalUrl}: the portal does not answer (${causeOf(error)}).`,
      );
    }
    const text = await response.text();
    if (response.status !== route.status) {
      throw new LabControlError(
        `${what} answered ${response.status}: ${messageOf(text)}${hintFor(response.status, route.url, this.#token)}`,
        response.status,
      );
    }
    const answer: unknown = parseJson(text);
    return checked(route.answer, answer, what);
  }
}

function checked<Schema extends TSchema>(schema: Schema, answer: unknown, what: string): Static<Schema> {
  if (Value.Check(schema, answer)) return answer;
  const [first] = Value.Errors(schema, answer);
  throw new LabControlError(
    `${what} answered off the lab control contract (protocol/lab-control.ts): ` +
      `${first ? `${first.instancePath || 'the answer'} ${first.message}` : 'unexpected shape'}.`,
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function messageOf(text: string): string {
  const body = parseJson(text);
  if (typeof body === 'object' && body !== null && 'message' in body && typeof body.message === 'string')
    return body.message;
  return text.slice(0, 300) || '(no body)';
}

function hintFor(status: number, url: string, token: string | undefined): string {
  if (status === 404 && !url.startsWith('/lab/users/'))
    return ' (is the portal in lab mode? `npm run serve` starts one; the control API answers loopback callers only)';
  if (status === 401)
    return token === undefined
      ? ' (no token was given: set LAB_CONTROL_TOKEN to the token `npm run serve` printed)'
      : ' (LAB_CONTROL_TOKEN must be the token the portal printed at its latest start)';
  return '';
}

function causeOf(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return cause instanceof Error ? cause.message : String(cause);
}
