// The registry is the one source of the case format: the validation, the dispatch, the README's
// step list and the JSON Schema must all agree with it, and with each other.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { CaseFileError, caseFilesIn, readCase } from './case-file.ts';
import { caseJsonSchema, withStepList } from './case-schema.ts';
import { EXPECTATIONS, STEPS } from './registry/index.ts';

const here = (name: string) => new URL(name, import.meta.url);
const folder = mkdtempSync(join(tmpdir(), 'ibkey-lab-registry-'));
const schema = caseJsonSchema();
const validateWithSchema = new Ajv2020({ allErrors: true, strict: false }).compile(schema);

const HEADER = {
  id: 'case-registry-probe',
  title: 'A probe of one step',
  covers: ['kb2260'],
  phones: {
    old: { profile: 'iPhone 15 (Face ID)', locale: 'en-US', appInstalled: true },
    new: { profile: 'iPhone SE (Touch ID)', locale: 'fr-FR', appInstalled: false },
  },
  account: { state: 'activated' },
};

let written = 0;
function caseWith(steps: unknown[], closing?: unknown): { file: string; data: unknown } {
  const data = { ...HEADER, steps, ...(closing ? { expect: closing } : {}) };
  written += 1;
  const file = join(folder, `probe-${written}.yaml`);
  writeFileSync(file, stringify(data));
  return { file, data };
}

/** Whether both validators accept it: the lab's reader and the JSON Schema editors use. */
function acceptedByBoth(steps: unknown[], closing?: unknown): { reader: string | true; schema: boolean } {
  const { file, data } = caseWith(steps, closing);
  let reader: string | true = true;
  try {
    readCase(file);
  } catch (error) {
    reader = (error as Error).message;
  }
  return { reader, schema: validateWithSchema(data) };
}

describe('the step registry', () => {
  it('has one definition per name, each with a line of documentation and a task', () => {
    const names = [...STEPS.map((step) => step.name), ...EXPECTATIONS.map((expectation) => expectation.name)];
    expect(new Set(STEPS.map((step) => step.name)).size).toBe(STEPS.length);
    expect(new Set(EXPECTATIONS.map((expectation) => expectation.name)).size).toBe(EXPECTATIONS.length);
    expect(names).not.toContain('phone');
    for (const step of STEPS) {
      expect(step.doc, step.name).toMatch(/^[A-Z].{10,}\.?$/);
      expect(typeof step.task, step.name).toBe('function');
    }
    for (const expectation of EXPECTATIONS)
      expect(typeof expectation.check, expectation.name).toBe('function');
  });

  it.each(STEPS.map((step) => [step.name, step] as const))(
    'step %s: its example is a valid step for the reader and the JSON Schema, on either phone',
    (_name, step) => {
      const onAPhone =
        typeof step.example === 'string'
          ? { [step.example]: null, phone: 'new' }
          : { ...(step.example as object), phone: 'new' };
      const examples = step.browserOnly ? [step.example] : [step.example, onAPhone];
      expect(acceptedByBoth(examples)).toEqual({ reader: true, schema: true });
    },
  );

  it.each(STEPS.filter((step) => step.value).map((step) => [step.name, step] as const))(
    'step %s with a bad value: both refuse it, and the reader says the step’s own sentence',
    (name, step) => {
      const verdict = acceptedByBoth(['logIn', { [name]: { nonsense: true } }]);
      expect(verdict.schema).toBe(false);
      expect(verdict.reader).toContain(`step 2 (${name}): ${step.badValue}, not {"nonsense":true}`);
    },
  );

  it.each(EXPECTATIONS.map((expectation) => [expectation.name, expectation] as const))(
    'expectation %s: its example is valid in the steps (naming a phone) and at the end, and a bad value is refused by both',
    (name, expectation) => {
      const inline = { expect: { phone: 'old', [name]: expectation.example } };
      expect(acceptedByBoth(['logIn', inline], { [name]: expectation.example })).toEqual({
        reader: true,
        schema: true,
      });
      const bad = acceptedByBoth(['logIn', { expect: { [name]: { nonsense: true } } }]);
      expect(bad.schema).toBe(false);
      expect(bad.reader).toContain(`step 2 (expect): ${expectation.badValue}`);
    },
  );

  it('refuses an unknown step in both, and the reader lists every step', () => {
    const verdict = acceptedByBoth(['logIn', 'dance']);
    expect(verdict.schema).toBe(false);
    expect(verdict.reader).toContain(
      `step 2: "dance" is not a step the lab knows; the steps are: ${STEPS.map((step) => step.name).join(', ')}, expect`,
    );
  });

  it('refuses a phone the case does not name, and a phone beside a browser step', () => {
    expect(acceptedByBoth([{ openApp: null, phone: 'spare' }]).reader).toContain(
      'step 1: phone "spare" is not a phone of this case (old, new)',
    );
    expect(acceptedByBoth([{ logIn: null, phone: 'new' }])).toMatchObject({
      schema: false,
      reader: expect.stringContaining('step 1 (logIn) happens in the browser or the network, not on a phone'),
    });
  });

  it('dispatches every task the journeys use: each screenplay task is reached by a step', () => {
    const tasks = readFileSync(here('../screenplay/tasks.ts'), 'utf8');
    const exported = [...tasks.matchAll(/^export const (\w+) = /gm)].map((match) => match[1]!);
    const dispatch =
      readFileSync(here('./registry/steps.ts'), 'utf8') + readFileSync(here('./case-test.ts'), 'utf8');
    // Journeys' shortcuts the steps reach through another task (scanQrCodes: on, focus: on).
    const reachedThroughAnother = ['turnOnScanQrCodes', 'turnOnFocus'];
    const unreached = exported.filter(
      (name) => !reachedThroughAnother.includes(name) && !new RegExp(`\\b${name}\\b`).test(dispatch),
    );
    expect(exported.length).toBeGreaterThan(30);
    expect(unreached).toEqual([]);
  });

  it('the questions the journeys ask have expectations', () => {
    const questions = readFileSync(here('../screenplay/questions.ts'), 'utf8');
    const asked = [...questions.matchAll(/^export const (\w+)Of = /gm)].map((match) => match[1]!);
    const answeredBy: Record<string, string> = {
      activeDevices: 'activeDevices',
      activations: 'activation',
      lastLogin: 'lastLogin',
      auditTrail: 'audit',
    };
    expect(asked.sort()).toEqual(Object.keys(answeredBy).sort());
    for (const question of asked)
      expect(EXPECTATIONS.map((expectation) => expectation.name)).toContain(answeredBy[question]);
  });
});

describe('what the registry generates', () => {
  it('the JSON Schema file is the registry’s (run `npm run case:docs` after changing the registry)', () => {
    const onDisk = JSON.parse(readFileSync(here('./case.schema.json'), 'utf8'));
    expect(onDisk).toEqual(schema);
  });

  it('the README’s step list is the registry’s (run `npm run case:docs` after changing the registry)', () => {
    const readme = readFileSync(here('./README.md'), 'utf8');
    expect(readme).toBe(withStepList(readme));
    for (const step of STEPS) expect(readme).toContain(`| \`${step.name}\` |`);
  });

  it('every case the lab ships declares the schema for editors and passes both validators', () => {
    const files = caseFilesIn(here('./customer-cases/').pathname);
    expect(files.length).toBeGreaterThanOrEqual(21);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      expect(text.split('\n')[0], file).toBe('# yaml-language-server: $schema=../case.schema.json');
      expect(() => readCase(file), file).not.toThrow(CaseFileError);
      expect(
        validateWithSchema(parse(text)),
        `${file}: ${JSON.stringify(validateWithSchema.errors?.[0])}`,
      ).toBe(true);
    }
  });
});
