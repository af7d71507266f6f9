// A customer case as data: what support engineers write when a customer reports a problem.
// The schema is checked when the file is read; a bad file is reported with its file, line and
// what is wrong, and the other cases still run.

import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { type Static, type TBoolean, Type } from 'typebox';
import { Value } from 'typebox/value';
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import { explainSchemaIssues } from '../../common/index.ts';
import { PROFILE_NAMES } from '../../drivers/sim-iphone/profiles.ts';
import { LOCALES, PHONE_SETTINGS, type PhoneSetting, PORTAL_MESSAGES } from '../../product/index.ts';

const PortalKey = Type.Union(Object.keys(PORTAL_MESSAGES['en-US']).map((key) => Type.Literal(key)));
const Optics = Type.Object(
  {
    distanceCm: Type.Optional(Type.Number({ minimum: 3, maximum: 500 })),
    focusDistanceCm: Type.Optional(Type.Number({ minimum: 3, maximum: 10_000 })),
    tiltDeg: Type.Optional(Type.Number({ minimum: -80, maximum: 80 })),
    glare: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
  },
  { additionalProperties: false },
);
const strict = { additionalProperties: false } as const;

/** The steps a case can take: the same tasks the journeys use. */
export const Step = Type.Union([
  Type.Literal('logIn'),
  Type.Literal('logOut'),
  Type.Literal('scan'),
  Type.Object({ scan: Optics }, strict),
  Type.Object({ camera: Type.Union([Type.Literal('front'), Type.Literal('back')]) }, strict),
  Type.Literal('turnOnScanQrCodes'),
  Type.Literal('openBanner'),
  Type.Literal('installFromAppStore'),
  Type.Object({ notifications: Type.Union([Type.Literal('allow'), Type.Literal('deny')]) }, strict),
  Type.Object(
    { biometrics: Type.Union([Type.Literal('pass'), Type.Literal('fail'), Type.Literal('cancel')]) },
    strict,
  ),
  Type.Literal('tryAgain'),
  Type.Literal('tapDone'),
  Type.Literal('acknowledgeError'),
  Type.Object({ waitSeconds: Type.Integer({ minimum: 1, maximum: 86_400 }) }, strict),
  Type.Object({ airplaneMode: Type.Union([Type.Literal('on'), Type.Literal('off')]) }, strict),
  Type.Literal('focusOn'),
  Type.Literal('tapNotification'),
  Type.Literal('approve'),
  Type.Literal('deny'),
  Type.Literal('challengeResponse'),
  Type.Object(
    { expectBanner: Type.Union([Type.Literal('app'), Type.Literal('safari'), Type.Literal('none')]) },
    strict,
  ),
  Type.Object(
    {
      expectScanFailure: Type.Union(
        ['front_camera', 'too_small', 'too_blurred', 'out_of_frame', 'glare', 'tilted', 'no_code'].map(
          (reason) => Type.Literal(reason),
        ),
      ),
    },
    strict,
  ),
  Type.Literal('expectErrorAlert'),
  Type.Object({ expectPortal: PortalKey }, strict),
]);

export const CustomerCase = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{2,60}$' }),
    title: Type.String({ minLength: 5, maxLength: 200 }),
    reported: Type.Optional(Type.String({ maxLength: 2000 })),
    covers: Type.Array(Type.String({ pattern: '^(kb\\d{4}|step-\\d{1,2}(\\.\\d)?|cause-[a-z-]+)$' }), {
      minItems: 1,
    }),
    phone: Type.Object(
      {
        profile: Type.Union(PROFILE_NAMES.map((name) => Type.Literal(name))),
        locale: Type.Union(LOCALES.map((locale) => Type.Literal(locale))),
        appInstalled: Type.Boolean(),
        settings: Type.Optional(
          Type.Partial(
            Type.Object(
              Object.fromEntries(PHONE_SETTINGS.map((name) => [name, Type.Boolean()])) as Record<
                PhoneSetting,
                TBoolean
              >,
              strict,
            ),
          ),
        ),
      },
      strict,
    ),
    account: Type.Object(
      { state: Type.Union([Type.Literal('no-device'), Type.Literal('activated')]) },
      strict,
    ),
    steps: Type.Array(Step, { minItems: 1 }),
    expect: Type.Object(
      {
        portal: Type.Optional(PortalKey),
        activeDevices: Type.Optional(Type.Integer({ minimum: 0, maximum: 1 })),
        apnsToken: Type.Optional(Type.Union([Type.Literal('present'), Type.Literal('absent')])),
        audit: Type.Optional(Type.Array(Type.String({ pattern: '^[a-z_]+:[A-Za-z_]+$' }))),
        transcript: Type.Optional(Type.Array(Type.String({ minLength: 3 }))),
      },
      strict,
    ),
  },
  strict,
);

export type CustomerCase = Static<typeof CustomerCase>;
export type CaseStep = Static<typeof Step>;

export class CaseFileError extends Error {
  override name = 'CaseFileError';
}

export interface LoadedCase {
  file: string;
  data?: CustomerCase;
  error?: CaseFileError;
}

/** Reads and checks one case file; errors name the file, the line and what is wrong. */
export function readCase(file: string): CustomerCase {
  const lines = new LineCounter();
  const document = parseDocument(readFileSync(file, 'utf8'), { lineCounter: lines, prettyErrors: false });
  const where = (offset: number | undefined) => {
    const position = offset === undefined ? undefined : lines.linePos(offset);
    return position ? `${basename(file)}:${position.line}` : basename(file);
  };
  const syntax = document.errors[0];
  if (syntax)
    throw new CaseFileError(
      `${where(syntax.pos[0])}: this is not valid YAML: ${syntax.message.split('\n')[0]}`,
    );
  const data: unknown = document.toJS();
  const errors = [...Value.Errors(CustomerCase, data)];
  if (errors.length === 0) return data as CustomerCase;
  const { path, text, allowed } = explainSchemaIssues(errors);
  const isStep = path.length === 2 && path[0] === 'steps';
  const sentence =
    isStep && allowed
      ? `is not a step the lab knows (see scenarios/cases/README.md); the one-word steps are: ${allowed.join(', ')}`
      : text;
  // The deepest node of the path that exists in the file tells the line to point at.
  let node: unknown = document.contents;
  let offset: number | undefined = (node as { range?: number[] })?.range?.[0];
  for (const segment of path) {
    if (isMap(node)) node = node.get(segment, true);
    else if (isSeq(node)) node = node.get(Number(segment), true);
    else break;
    const range = (node as { range?: number[] } | undefined)?.range;
    if (range) offset = range[0];
  }
  throw new CaseFileError(`${where(offset)}: ${path.length ? path.join('.') : 'the case'} ${sentence}`);
}

export function loadCases(folder: string): LoadedCase[] {
  return readdirSync(folder)
    .filter((name) => name.endsWith('.yaml') || name.endsWith('.yml'))
    .sort()
    .map((name) => {
      const file = join(folder, name);
      try {
        return { file, data: readCase(file) };
      } catch (error) {
        return {
          file,
          error:
            error instanceof CaseFileError
              ? error
              : new CaseFileError(`${name}: ${(error as Error).message}`),
        };
      }
    });
}
