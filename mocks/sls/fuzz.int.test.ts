// A property-based fuzz of every route (issue 14 item 10), with fast-check, on one server lab on
// 127.0.0.1: the portal pages, the mobile API, the lab control API and the well-known files, from
// valid requests bent out of shape and hostile ones (fuzz-requests.ts). For every request:
//   - no 5xx (but SMS_FAILED, the one 502 the protocol names);
//   - a 4xx of the JSON APIs (/sls/, /lab/) is the protocol's {error, message}: a CODE and a sentence;
//   - a refused request (4xx) leaves every table as it was, but for what the protocol writes on
//     purpose when it refuses (DESIGNED_WRITES: an audit event, a consumed QR, a counted try).
// About 2,000 cases in `npm test`; `npm run fuzz` runs 20,000 (LAB_FUZZ_CASES sets the number,
// LAB_FUZZ_SEED replays a run, LAB_FUZZ_SURVEY=1 goes on after a failure and lists them all).
// Failures already filed and being fixed are KNOWN_FINDINGS: each is matched narrowly, counted,
// and has a test below that expects it to fail still, so its fix tells to remove it from the list.

import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { StartedLab } from '../../lab/index.ts';
import { MOBILE_API, PhoneClient, pendingString, signString } from '../../protocol/index.ts';
import {
  connectionPerRequest,
  everyTableDigest,
  type FuzzAnswer,
  type FuzzRequest,
  type FuzzTargets,
  fuzzRequest,
  send,
} from './test-support/fuzz-requests.ts';
import { activatedPhone, lastSmsCode, serverNow } from './test-support/phones.ts';
import { startServerLab } from './test-support/server-lab.ts';

const CASES = Number(process.env.LAB_FUZZ_CASES ?? 2_000);
const SEED = process.env.LAB_FUZZ_SEED ? Number(process.env.LAB_FUZZ_SEED) : Date.now() % 2 ** 31;
const SURVEY = process.env.LAB_FUZZ_SURVEY === '1';

/**
 * What the protocol writes when it refuses a request, on purpose (protocol/README.md), by the
 * error code of the answer (JSON) or the status of the page (portal): the only tables that may
 * change. Anything else a refused request changes is a finding.
 */
const DESIGNED_WRITES: Record<string, { tables: string[]; why: string }> = {
  'page 403': {
    tables: ['portal_sessions'],
    why: 'a form whose session or CSRF token does not match is shown again, fresh, on a new anonymous session',
  },
  'page 401': {
    tables: ['audit_events', 'portal_sessions'],
    why: 'a wrong password is audited, and the login form, used once, comes back with a new token',
  },
  'page 429': {
    tables: ['audit_events', 'portal_sessions'],
    why: 'a login refused by a limit is audited, and the login form, used once, comes back with a new token',
  },
  BAD_LOGIN: { tables: ['audit_events'], why: 'a wrong password is audited (D.3)' },
  BAD_SMS_CODE: { tables: ['recoveries', 'audit_events'], why: 'a wrong SMS code counts a try (D.3)' },
  TOO_MANY_ATTEMPTS: {
    tables: ['recoveries', 'audit_events'],
    why: 'the last wrong try consumes the recovery (D.3)',
  },
  RECOVERY_USED: { tables: ['audit_events'], why: 'every outcome of a recovery completion is audited (D.3)' },
  SMS_CODE_EXPIRED: {
    tables: ['recoveries', 'audit_events'],
    why: 'a try past the expiry consumes the recovery, audited (D.3)',
  },
  BAD_CREDENTIAL: {
    tables: ['activations', 'audit_events'],
    why: 'an attempt consumes the QR whatever follows (A.4)',
  },
  EXPIRED: {
    tables: ['activations', 'audit_events'],
    why: 'an attempt consumes the QR whatever follows (A.4)',
  },
  ALREADY_ACTIVE: {
    tables: ['activations', 'audit_events'],
    why: 'an attempt consumes the QR whatever follows (A.4)',
  },
  CREDENTIAL_USED: { tables: ['audit_events'], why: 'every outcome of an enrolment is audited (A.4)' },
  BAD_SIGNATURE: {
    tables: ['audit_events'],
    why: "a forged signature for a real device is audited (the device's trail)",
  },
  RATE_LIMITED: {
    tables: ['audit_events'],
    why: 'a try refused by a limit is audited, so support sees the lock',
  },
};

interface KnownFinding {
  /** Where it is filed, and what is wrong. */
  issue: string;
  matches(request: FuzzRequest, answer: FuzzAnswer): boolean;
  /** A request that still shows it (the test below expects it to go wrong until it is fixed). */
  example: FuzzRequest;
}

const KNOWN_FINDINGS: KnownFinding[] = [];

/** Findings fixed since (issue 14 item 9): each must stay fixed. */
const FIXED_FINDINGS: { issue: string; example: FuzzRequest }[] = [
  {
    issue: 'GET // (and every path starting with //) answered 500 from the ?lang= hook',
    example: { method: 'GET', path: '//', headers: {} },
  },
  {
    issue: 'the 431 to a HEAD with big headers carried a body, read as a broken next answer',
    example: { method: 'HEAD', path: '/health', headers: { 'x-padding': 'p'.repeat(20_000) } },
  },
];

interface Problem {
  kind: string;
  request: FuzzRequest;
  answer: FuzzAnswer;
}

let lab: StartedLab;
let targets: FuzzTargets;
let database: pg.Client;

beforeAll(async () => {
  lab = await startServerLab(inject('storeUrl'), 'fuzz');
  targets = await fuzzTargets(lab);
  database = new pg.Client({ connectionString: lab.database.url });
  await database.connect();
}, 120_000);
afterAll(async () => {
  await database?.end();
  await lab?.stop();
});

describe('every route, fuzzed', () => {
  it(`answers ${CASES} hostile requests with no 5xx, {error, message} refusals and nothing written by a refusal`, async () => {
    const agent = connectionPerRequest();
    const figures = {
      cases: 0,
      fiveHundreds: 0,
      knownFiveHundreds: 0,
      knownFindings: 0,
      refused: 0,
      byStatus: new Map<number, number>(),
    };
    const problems: Problem[] = [];
    let digest = await everyTableDigest(database);
    const started = performance.now();
    try {
      await fc.assert(
        fc.asyncProperty(fuzzRequest(targets), async (request) => {
          figures.cases += 1;
          const answer = await send(lab.server.url, request, agent).catch(
            (error: Error): FuzzAnswer => ({
              status: 0,
              contentType: '',
              body: `no answer: ${error.message}`,
            }),
          );
          const written = await everyTableDigest(database);
          const changed = Object.keys(written).filter((table) => written[table] !== digest[table]);
          digest = written;
          figures.byStatus.set(answer.status, (figures.byStatus.get(answer.status) ?? 0) + 1);
          if (answer.status >= 500) figures.fiveHundreds += 1;
          if (answer.status >= 400 && answer.status < 500) figures.refused += 1;
          const found = problemsWith(request, answer, changed);
          if (found.length === 0) return;
          // A known finding excuses how the request was answered, never what it wrote.
          const known = KNOWN_FINDINGS.some((finding) => finding.matches(request, answer));
          const unexplained = known ? found.filter((problem) => problem.includes(' wrote ')) : found;
          if (known) figures.knownFindings += 1;
          if (known && answer.status >= 500) figures.knownFiveHundreds += 1;
          if (unexplained.length === 0) return;
          problems.push(...unexplained.map((kind) => ({ kind, request, answer })));
          if (!SURVEY) throw new Error(unexplained.join('; '));
        }),
        { numRuns: CASES, seed: SEED, endOnFailure: SURVEY },
      );
    } finally {
      agent.destroy();
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const statuses = [...figures.byStatus]
        .sort(([a], [b]) => a - b)
        .map(([status, count]) => `${status}: ${count}`);
      console.log(
        `fuzz: ${figures.cases} cases in ${seconds} s (seed ${SEED}; replay with LAB_FUZZ_SEED=${SEED}); ` +
          `5xx seen: ${figures.fiveHundreds} (${figures.knownFiveHundreds} of them known findings); ` +
          `answers matching known findings: ${figures.knownFindings}; refused (4xx): ${figures.refused}; ` +
          `statuses ${statuses.join(', ')}`,
      );
      for (const line of summarised(problems)) console.log(`fuzz finding: ${line}`);
    }
    expect(summarised(problems)).toEqual([]);
  }, 1_800_000);
});

describe('findings of the fuzz that were fixed', () => {
  for (const fixed of FIXED_FINDINGS)
    it(`stays fixed: ${fixed.issue}`, async () => {
      const answer = await send(lab.server.url, withTargets(fixed.example), connectionPerRequest());
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
      expect(problemsWith(fixed.example, answer, [])).toEqual([]);
    });
});

describe.runIf(KNOWN_FINDINGS.length > 0)(
  'known findings of the fuzz (each expected to fail until it is fixed; then remove it from KNOWN_FINDINGS)',
  () => {
    for (const known of KNOWN_FINDINGS)
      it.fails(known.issue, async () => {
        const answer = await send(lab.server.url, withTargets(known.example), connectionPerRequest());
        expect(problemsWith(known.example, answer, [])).toEqual([]);
      });
  },
);

/** What is wrong with this answer (and the tables it changed), by the properties above. */
function problemsWith(request: FuzzRequest, answer: FuzzAnswer, changed: string[]): string[] {
  const problems: string[] = [];
  const json = parsed(answer.body);
  const isJsonApi = /^\/(sls|lab)\//.test(request.path);
  const designedFiveHundred = answer.status === 502 && json?.error === 'SMS_FAILED';
  if (answer.status === 0) problems.push(answer.body);
  else if (answer.status >= 500 && !designedFiveHundred) problems.push(`${answer.status}`);
  const refused = answer.status >= 400 && answer.status < 500;
  if (refused && isJsonApi && request.method !== 'HEAD') {
    const shaped =
      answer.contentType.startsWith('application/json') &&
      typeof json?.error === 'string' &&
      /^[A-Z][A-Z0-9_]+$/.test(json.error) &&
      typeof json.message === 'string' &&
      json.message.length > 10;
    if (!shaped) problems.push(`${answer.status} not shaped {error, message}`);
  }
  if (refused && changed.length) {
    const refusal = typeof json?.error === 'string' ? json.error : `page ${answer.status}`;
    const allowed = DESIGNED_WRITES[refusal]?.tables ?? [];
    const unexpected = changed.filter((table) => !allowed.includes(table));
    if (unexpected.length) problems.push(`${answer.status} ${refusal} wrote ${unexpected.join(', ')}`);
  }
  return problems;
}

function parsed(body: string): { error?: unknown; message?: unknown } | undefined {
  try {
    const value: unknown = JSON.parse(body);
    return typeof value === 'object' && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}

/** One line per kind of problem and route, with its shortest example. */
function summarised(problems: Problem[]): string[] {
  const byKind = new Map<string, Problem>();
  for (const problem of problems) {
    const route = problem.request.path
      .split(/[?]/)[0]!
      .replace(/^(\/lab\/users\/)[^/]*/, '$1:username')
      .slice(0, 60);
    const key = `${problem.kind} | ${problem.request.method} ${route}`;
    const shortest = byKind.get(key);
    if (!shortest || size(problem.request) < size(shortest.request)) byKind.set(key, problem);
  }
  return [...byKind].map(
    ([key, { request, answer }]) =>
      `${key} | e.g. ${JSON.stringify({ ...request, headers: { ...request.headers, authorization: '…' } }).slice(0, 400)} -> ${answer.body.slice(0, 200)}`,
  );
}

const size = (request: FuzzRequest) =>
  request.path.length + (request.body?.length ?? 0) + JSON.stringify(request.headers).length;

/** A known finding's example, addressed to this lab (its Host and token). */
function withTargets(request: FuzzRequest): FuzzRequest {
  return {
    ...request,
    headers: { host: targets.host, authorization: `Bearer ${targets.controlToken}`, ...request.headers },
  };
}

/** Users at every stage, their sessions and valid bodies of every mobile request, for the fuzz to bend. */
async function fuzzTargets(lab: StartedLab): Promise<FuzzTargets> {
  const sessions: FuzzTargets['sessions'] = [];
  const sessionOf = async (portal: ReturnType<StartedLab['portal']>, page: string) => {
    const csrf = /name="_csrf" value="([^"]+)"/.exec((await portal.get(page)).body)?.[1] ?? '';
    sessions.push({ cookie: `ibkl_sid=${portal.cookie('ibkl_sid')}`, csrf });
  };
  const anonymous = lab.portal();
  await sessionOf(anonymous, '/login');

  const atTheGate = await lab.createUser();
  const gatePortal = lab.portal();
  await gatePortal.logIn(atTheGate.user.username, atTheGate.user.password);
  const link = await gatePortal.gateLink();
  await sessionOf(gatePortal, '/ibkey/gate');

  const withDevice = await lab.createUser({ device: { state: 'active', apnsToken: null } });
  const phone = activatedPhone(lab, withDevice.device!);
  const secondFactor = lab.portal();
  await secondFactor.logIn(withDevice.user.username, withDevice.user.password);
  await sessionOf(secondFactor, '/login/check-phone');
  const [transaction] = await phone.pending(serverNow(lab));
  const { deviceId } = withDevice.device!;

  const recovering = await lab.createUser({ device: { state: 'active', apnsToken: null } });
  const newPhone = await PhoneClient.create();
  const { recoveryId } = await newPhone.startRecovery(lab.portalUrl, {
    purpose: 'move',
    username: recovering.user.username,
    password: recovering.user.password,
  });
  const rightCode = lastSmsCode(lab, recovering.user.phone!);
  const wrongCode = rightCode === '000000' ? '111111' : '000000';

  const ts = serverNow(lab);
  const activation = new URL(link).searchParams;
  return {
    host: new URL(lab.server.url).host,
    controlToken: lab.control.token!,
    sessions,
    usernames: [atTheGate.user.username, withDevice.user.username, recovering.user.username],
    serial: activation.get('s')!,
    credential: activation.get('c')!,
    deviceId,
    txid: transaction!.txid,
    mobileBodies: {
      [MOBILE_API.enroll]: { ...(await (await PhoneClient.create()).enrollRequest(link, null)) },
      [MOBILE_API.pending]: {
        v: 1,
        deviceId,
        ts,
        sig: await signString(phone.key.privateJwk, pendingString({ deviceId, ts })),
      },
      [MOBILE_API.answer]: { ...(await phone.answerRequest(transaction!.txid, transaction!.nonce, 'deny')) },
      [MOBILE_API.restore]: { ...(await phone.restoreRequest(null, ts)) },
      [MOBILE_API.keyInvalidated]: { v: 1, deviceId, txid: transaction!.txid, nonce: 'A'.repeat(43) },
      [MOBILE_API.recoveryStart]: {
        v: 1,
        purpose: 'recover',
        username: withDevice.user.username,
        password: 'not-the-password',
      },
      [MOBILE_API.recoveryComplete]: {
        ...(await newPhone.completeRecoveryRequest(recoveryId, wrongCode, null)),
      },
    },
  };
}
