// A customer case as data: what support engineers write when a customer reports a problem. A
// file is read and checked against the step registry; every problem in it is reported at once,
// each with its line and column, and a bad file does not stop the other cases.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { type Static, Type } from 'typebox';
import { Value } from 'typebox/value';
import { isMap, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { explainSchemaIssues, type SchemaIssue } from '../../common/index.ts';
import { PROFILE_NAMES } from '../../drivers/sim-iphone/profiles.ts';
import { LOCALES, PHONE_SETTINGS } from '../../product/index.ts';
import { oneOf } from './registry/define.ts';
import { EXPECTATIONS, type ExpectationDefinition, STEPS, type StepDefinition } from './registry/index.ts';

const PROJECT_ROOT = resolve(import.meta.dirname, '../..');
const strict = { additionalProperties: false } as const;

export const PHONE_NAME = '^[a-z][a-z0-9-]{0,19}$';
/** The phone of a case that names only one (`phone:` rather than `phones:`). */
export const SOLE_PHONE = 'phone';

export const PhoneSpec = Type.Object(
  {
    profile: oneOf(...PROFILE_NAMES),
    locale: oneOf(...LOCALES),
    appInstalled: Type.Boolean(),
    settings: Type.Optional(
      Type.Object(
        Object.fromEntries(PHONE_SETTINGS.map((name) => [name, Type.Optional(Type.Boolean())])),
        strict,
      ),
    ),
    passcode: Type.Optional(Type.String({ pattern: '^\\d{4,6}$' })),
  },
  strict,
);

/** Everything but the steps and expectations, which the registry checks one by one. */
export const CaseHeader = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    id: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{2,60}$' }),
    title: Type.String({ minLength: 5, maxLength: 200 }),
    reported: Type.Optional(Type.String({ maxLength: 2000 })),
    covers: Type.Array(Type.String({ pattern: '^(kb\\d{4}|step-\\d{1,2}(\\.\\d)?|cause-[a-z-]+)$' }), {
      minItems: 1,
    }),
    phone: Type.Optional(PhoneSpec),
    phones: Type.Optional(
      Type.Record(Type.String({ pattern: PHONE_NAME }), PhoneSpec, { minProperties: 1, maxProperties: 4 }),
    ),
    account: Type.Object(
      {
        state: Type.Union([Type.Literal('no-device'), Type.Literal('activated')]),
        /** Which phone IB Key is set up on first (the first phone by default). */
        activatedOn: Type.Optional(Type.String({ pattern: PHONE_NAME })),
      },
      strict,
    ),
    steps: Type.Array(Type.Unknown(), { minItems: 1 }),
    expect: Type.Optional(Type.Unknown()),
  },
  strict,
);

export type PhoneSpec = Static<typeof PhoneSpec>;

export interface StepCall {
  /** Counted from 1, as the error messages and the report count them. */
  number: number;
  definition: StepDefinition;
  value: unknown;
  /** The phone that takes the step (the case's first when absent). */
  phone?: string;
}

export interface ExpectationCall {
  definition: ExpectationDefinition;
  value: unknown;
}

export interface ExpectCall {
  number: number;
  expectations: ExpectationCall[];
  phone?: string;
}

export interface CustomerCase {
  file: string;
  id: string;
  title: string;
  reported?: string;
  covers: string[];
  /** The phones by name, the first acting by default. */
  phones: [string, PhoneSpec][];
  account: { state: 'no-device' | 'activated'; activatedOn: string };
  steps: (StepCall | ExpectCall)[];
  /** The closing checks, on the first phone unless they name one. */
  finally?: ExpectCall;
}

export interface CaseProblem {
  line: number;
  column: number;
  message: string;
}

export class CaseFileError extends Error {
  override name = 'CaseFileError';

  constructor(
    /** The file as the report shows it: relative to the project, or absolute when outside it. */
    readonly path: string,
    readonly problems: CaseProblem[],
  ) {
    super(
      `${path} has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}:\n${problems
        .map((problem) => `  ${path}:${problem.line}:${problem.column}: ${problem.message}`)
        .join('\n')}`,
    );
  }

  /** "12:5 step 3 (biometrics): …", as the report's bad-file section lists them. */
  get problemLines(): string[] {
    return this.problems.map((problem) => `${problem.line}:${problem.column} ${problem.message}`);
  }
}

export function displayPath(file: string): string {
  const inside = relative(PROJECT_ROOT, resolve(file));
  return inside.startsWith('..') || isAbsolute(inside) ? resolve(file) : inside;
}

const STEP_BY_NAME = new Map(STEPS.map((step) => [step.name, step]));
const EXPECTATION_BY_NAME = new Map(EXPECTATIONS.map((expectation) => [expectation.name, expectation]));
const stepNames = () => [...STEP_BY_NAME.keys(), 'expect'].join(', ');
const show = (value: unknown) => JSON.stringify(value);

/** Reads and checks one case file; a CaseFileError lists every problem with its line and column. */
export function readCase(file: string): CustomerCase {
  const path = displayPath(file);
  const lines = new LineCounter();
  const document = parseDocument(readFileSync(file, 'utf8'), { lineCounter: lines, prettyErrors: false });
  const problems: CaseProblem[] = [];
  const at = (offset: number | undefined, message: string) => {
    const position = lines.linePos(offset ?? 0);
    problems.push({ line: position.line, column: position.col, message });
  };
  for (const syntax of document.errors)
    at(syntax.pos[0], `this is not valid YAML: ${syntax.message.split('\n')[0]}`);
  if (problems.length) throw new CaseFileError(path, problems);

  const data = document.toJS() as Record<string, unknown> | null;
  const nodeAt = (segments: readonly (string | number)[]): Node | undefined => {
    let node: unknown = document.contents;
    let deepest = node as Node | undefined;
    for (const segment of segments) {
      if (isMap(node)) node = node.get(segment, true);
      else if (isSeq(node)) node = node.get(Number(segment), true);
      else break;
      if ((node as Node | undefined)?.range) deepest = node as Node;
    }
    return deepest;
  };
  const offsetOf = (segments: readonly (string | number)[]) => nodeAt(segments)?.range?.[0];
  /** Where a map's key is written (an unknown field is pointed at by its name, not its value). */
  const keyOffsetOf = (segments: readonly (string | number)[]) => {
    const parent = nodeAt(segments.slice(0, -1));
    const name = segments.at(-1);
    const pair = isMap(parent)
      ? parent.items.find((item) => (item.key as { value?: unknown } | null)?.value === name)
      : undefined;
    return (pair?.key as Node | undefined)?.range?.[0] ?? offsetOf(segments);
  };

  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    at(0, 'a case is a map with id, title, covers, phone (or phones), account and steps');
    throw new CaseFileError(path, problems);
  }
  for (const { path: where, at: place, text } of headerIssues(data))
    at(
      place.length > where.length ? keyOffsetOf(place) : offsetOf(place),
      `${where.length ? where.join('.') : 'the case'} ${text}`,
    );

  const phones = phonesOf(data);
  if (data.phone !== undefined && data.phones !== undefined)
    at(offsetOf(['phones']), 'write either phone (one phone) or phones (several by name), not both');
  if (data.phone === undefined && data.phones === undefined)
    at(0, 'the case is missing the field "phone" (one phone) or "phones" (several by name)');
  const phoneNames = phones.map(([name]) => name);
  const checkPhone = (phone: unknown, where: (string | number)[], what: string) => {
    if (phone === undefined) return undefined;
    if (typeof phone === 'string' && phoneNames.includes(phone)) return phone;
    at(
      offsetOf(where),
      `${what}: phone ${show(phone)} is not a phone of this case (${phoneNames.join(', ')})`,
    );
    return undefined;
  };
  const account = (data.account ?? {}) as { state?: string; activatedOn?: string };
  checkPhone(account.activatedOn, ['account', 'activatedOn'], 'account.activatedOn');

  const steps: (StepCall | ExpectCall)[] = [];
  (Array.isArray(data.steps) ? data.steps : []).forEach((item: unknown, index: number) => {
    const number = index + 1;
    const where = ['steps', index];
    const call = readStep(item, number, (segments, message, atKey) => {
      const place = [...where, ...segments];
      at(atKey ? keyOffsetOf(place) : offsetOf(place), message);
    });
    if (!call) return;
    if (call.phone !== undefined)
      call.phone = checkPhone(call.phone, [...where, 'phone'], `step ${number}`) ?? call.phone;
    steps.push(call);
  });

  let closing: ExpectCall | undefined;
  if (data.expect !== undefined) {
    closing = readExpectations(data.expect, 0, 'expect', (segments, message, atKey) => {
      const place = ['expect', ...segments];
      at(atKey ? keyOffsetOf(place) : offsetOf(place), message);
    });
    if (closing?.phone !== undefined) checkPhone(closing.phone, ['expect', 'phone'], 'expect');
  }

  if (problems.length) {
    problems.sort((a, b) => a.line - b.line || a.column - b.column);
    throw new CaseFileError(path, problems);
  }
  const header = data as Static<typeof CaseHeader>;
  return {
    file,
    id: header.id,
    title: header.title,
    reported: header.reported,
    covers: header.covers,
    phones,
    account: { state: header.account.state, activatedOn: header.account.activatedOn ?? phoneNames[0]! },
    steps,
    finally: closing,
  };
}

function phonesOf(data: Record<string, unknown>): [string, PhoneSpec][] {
  if (data.phone !== undefined) return [[SOLE_PHONE, data.phone as PhoneSpec]];
  if (typeof data.phones === 'object' && data.phones !== null && !Array.isArray(data.phones))
    return Object.entries(data.phones as Record<string, PhoneSpec>);
  return [];
}

/** The header's problems, one sentence per place (a union's many branch errors become one). */
function headerIssues(data: unknown): { path: string[]; at: string[]; text: string }[] {
  const byPlace = new Map<string, SchemaIssue[]>();
  const unknownFields: { path: string[]; at: string[]; text: string }[] = [];
  for (const error of Value.Errors(CaseHeader, data)) {
    const issue = error as unknown as SchemaIssue;
    const path = issue.instancePath.split('/').filter(Boolean);
    if (issue.keyword === 'additionalProperties') {
      // One problem per unknown field, pointing at the field itself.
      const names = [issue.params.additionalProperties ?? issue.params.additionalProperty].flat();
      for (const name of names)
        unknownFields.push({ path, at: [...path, String(name)], text: `has an unknown field "${name}"` });
      continue;
    }
    if (issue.schemaPath?.endsWith('/additionalProperties')) continue; // the same field, said again
    byPlace.set(issue.instancePath, [...(byPlace.get(issue.instancePath) ?? []), issue]);
  }
  const explained = [...byPlace.values()].map((issues) => {
    const { path, text } = explainSchemaIssues(issues);
    return { path, at: path, text };
  });
  return [...unknownFields, ...explained];
}

/** Reports a problem at a place; `atKey` points at a map key's name rather than its value. */
type Report = (segments: (string | number)[], message: string, atKey?: boolean) => void;

/** One item of `steps:`: a one-word step, `name: value` (with `phone:` beside it), or `expect: {...}`. */
function readStep(item: unknown, number: number, report: Report): StepCall | ExpectCall | undefined {
  if (typeof item === 'string') {
    const definition = STEP_BY_NAME.get(item);
    if (!definition) {
      report([], `step ${number}: ${show(item)} is not a step the lab knows; the steps are: ${stepNames()}`);
      return undefined;
    }
    if (definition.value && !Value.Check(definition.value, null)) {
      report([], `step ${number} (${item}) needs a value: ${definition.badValue ?? item}`);
      return undefined;
    }
    return { number, definition, value: definition.value ? null : undefined };
  }
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    report([], `step ${number} is not a step: write a step's name (logIn) or name: value (biometrics: pass)`);
    return undefined;
  }
  const { phone, ...rest } = item as Record<string, unknown>;
  const names = Object.keys(rest);
  if (names.length !== 1) {
    report(
      [],
      names.length === 0
        ? `step ${number} names only a phone: say what it does (one of ${stepNames()})`
        : `step ${number} has ${names.map(show).join(' and ')}: write one step per item`,
    );
    return undefined;
  }
  const name = names[0]!;
  if (phone !== undefined && typeof phone !== 'string') {
    report(['phone'], `step ${number}: phone takes the name of one of the case's phones`);
    return undefined;
  }
  if (name === 'expect') {
    const call = readExpectations(
      rest.expect,
      number,
      `step ${number} (expect)`,
      (segments, message, atKey) => report(['expect', ...segments], message, atKey),
    );
    return call && { ...call, phone: phone ?? call.phone };
  }
  const definition = STEP_BY_NAME.get(name);
  if (!definition) {
    report(
      [name],
      `step ${number}: ${show(name)} is not a step the lab knows; the steps are: ${stepNames()}`,
      true,
    );
    return undefined;
  }
  if (phone !== undefined && definition.browserOnly) {
    report(
      ['phone'],
      `step ${number} (${name}) happens in the browser or the network, not on a phone: remove phone`,
    );
    return undefined;
  }
  const value = rest[name];
  if (!definition.value) {
    if (value !== null) {
      report([name], `step ${number} (${name}) takes no value: write "- ${name}"`);
      return undefined;
    }
    return { number, definition, value: undefined, phone };
  }
  if (!Value.Check(definition.value, value)) {
    report(
      [name],
      `step ${number} (${name}): ${definition.badValue ?? `${name} is not valid`}, not ${show(value)}`,
    );
    return undefined;
  }
  return { number, definition, value, phone };
}

/** `expect: { portal: gateActivated, activeDevices: 1, phone: new }`: each name checked on its own. */
function readExpectations(
  block: unknown,
  number: number,
  label: string,
  report: Report,
): ExpectCall | undefined {
  const names = () => [...EXPECTATION_BY_NAME.keys(), 'phone'].join(', ');
  if (typeof block !== 'object' || block === null || Array.isArray(block)) {
    report([], `${label} takes a map of expectations (${names()})`);
    return undefined;
  }
  const { phone, ...rest } = block as Record<string, unknown>;
  if (phone !== undefined && typeof phone !== 'string')
    report(['phone'], `${label}: phone takes a phone's name`);
  const expectations: ExpectationCall[] = [];
  let valid = true;
  for (const [name, value] of Object.entries(rest)) {
    const definition = EXPECTATION_BY_NAME.get(name);
    if (!definition) {
      report(
        [name],
        `${label}: ${show(name)} is not an expectation the lab knows; the expectations are: ${names()}`,
        true,
      );
      valid = false;
    } else if (!Value.Check(definition.value, value)) {
      report([name], `${label}: ${definition.badValue ?? `${name} is not valid`}, not ${show(value)}`);
      valid = false;
    } else expectations.push({ definition, value });
  }
  if (Object.keys(rest).length === 0) {
    report([], `${label} names nothing to check: give one or more of ${names()}`);
    valid = false;
  }
  return valid ? { number, expectations, phone: phone as string | undefined } : undefined;
}

export interface LoadedCase {
  file: string;
  data?: CustomerCase;
  error?: CaseFileError;
}

/** The case files a path names: the file itself, or a folder's *.yaml and *.yml (its subfolders too). */
export function caseFilesIn(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const full = join(path, entry.name);
      if (entry.isDirectory()) return caseFilesIn(full);
      return /\.ya?ml$/.test(entry.name) ? [full] : [];
    });
}

export function loadCases(...paths: string[]): LoadedCase[] {
  return paths.flatMap(caseFilesIn).map((file) => {
    try {
      return { file, data: readCase(file) };
    } catch (error) {
      return {
        file,
        error:
          error instanceof CaseFileError
            ? error
            : new CaseFileError(displayPath(file), [
                { line: 1, column: 1, message: (error as Error).message },
              ]),
      };
    }
  });
}
