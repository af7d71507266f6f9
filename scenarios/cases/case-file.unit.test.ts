import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaseFileError, loadCases, readCase } from './case-file.ts';

const folder = mkdtempSync(join(tmpdir(), 'ibkey-lab-cases-'));
const VALID = `id: case-ok
title: A valid case
covers: [kb2260]
phone: { profile: iPhone 15 (Face ID), locale: en-US, appInstalled: true }
account: { state: no-device }
steps:
  - logIn
  - scan: { distanceCm: 20 }
  - expect: { portal: gateHeading }
expect: { activeDevices: 0 }
`;

function write(name: string, text: string): string {
  const file = join(folder, name);
  writeFileSync(file, text);
  return file;
}

function problemsOf(name: string, text: string): string[] {
  try {
    readCase(write(name, text));
  } catch (error) {
    if (error instanceof CaseFileError) return error.problemLines;
    throw error;
  }
  throw new Error(`${name} was read without a problem`);
}

describe('customer case files', () => {
  it('reads a valid case: steps numbered from 1, expectations among them, the closing block', () => {
    const data = readCase(write('ok.yaml', VALID));
    expect(data).toMatchObject({
      id: 'case-ok',
      phones: [['phone', { profile: 'iPhone 15 (Face ID)' }]],
      account: { state: 'no-device', activatedOn: 'phone' },
    });
    expect(
      data.steps.map((step) => [step.number, 'definition' in step ? step.definition.name : 'expect']),
    ).toEqual([
      [1, 'logIn'],
      [2, 'scan'],
      [3, 'expect'],
    ]);
    expect(data.finally?.expectations.map((check) => [check.definition.name, check.value])).toEqual([
      ['activeDevices', 0],
    ]);
  });

  it('reads several named phones and which phone takes each step', () => {
    const data = readCase(
      write(
        'two-phones.yaml',
        VALID.replace(
          'phone: { profile: iPhone 15 (Face ID), locale: en-US, appInstalled: true }',
          'phones:\n  old: { profile: iPhone 15 (Face ID), locale: en-US, appInstalled: true }\n  new: { profile: iPhone SE (Touch ID), locale: fr-FR, appInstalled: false }',
        ).replace(
          '  - logIn\n',
          '  - logIn\n  - openApp:\n    phone: new\n  - expect: { phone: old, screen: springboard }\n',
        ),
      ),
    );
    expect(data.phones.map(([name]) => name)).toEqual(['old', 'new']);
    expect(data.steps.map((step) => step.phone)).toEqual([undefined, 'new', 'old', undefined, undefined]);
  });

  it('gives every problem of a file at once, in line order, each with line and column', () => {
    const text = VALID.replace('  - logIn', '  - logIn\n  - biometrics: maybe\n  - dance').replace(
      'account:',
      'colour: red\naccount:',
    );
    const problems = problemsOf('many.yaml', text);
    expect(problems).toEqual([
      expect.stringMatching(/^5:1 the case has an unknown field "colour"$/),
      expect.stringMatching(
        /^9:17 step 2 \(biometrics\): biometrics takes pass, fail or cancel, not "maybe"$/,
      ),
      expect.stringMatching(
        /^10:5 step 3: "dance" is not a step the lab knows; the steps are: logIn, logOut, /,
      ),
    ]);
  });

  it('names the file relative to the project in its message, with line:column for an editor', () => {
    expect(() => readCase(write('bad-step.yaml', VALID.replace('- logIn', '- logn')))).toThrow(
      /bad-step\.yaml:7:5: step 1: "logn" is not a step the lab knows/,
    );
  });

  it.each([
    ['an unknown profile', VALID.replace('iPhone 15 (Face ID)', 'Pixel 8'), /^4:\d+ phone\.profile /],
    [
      'a distance out of range',
      VALID.replace('distanceCm: 20', 'distanceCm: 2000'),
      /^8:\d+ step 2 \(scan\): scan takes nothing, or some of/,
    ],
    ['a missing id', VALID.replace('id: case-ok\n', ''), /the case is missing the field "id"/],
    ['broken YAML', VALID.replace('steps:', 'steps: [oops'), /^6:\d+ this is not valid YAML/],
    [
      'an unknown expectation',
      VALID.replace('activeDevices: 0', 'devices: 0'),
      /^10:11 expect: "devices" is not an expectation the lab knows; the expectations are: portal, /,
    ],
    [
      'an unknown expectation in the steps, pointed at by its name',
      VALID.replace('portal: gateHeading', 'portl: gateHeading'),
      /^9:15 step 3 \(expect\): "portl" is not an expectation the lab knows/,
    ],
    [
      'a value on a one-word step',
      VALID.replace('- logIn', '- logIn: now'),
      /^7:\d+ step 1 \(logIn\) takes no value: write "- logIn"$/,
    ],
    [
      'two steps in one item',
      VALID.replace('- logIn', '- { logIn: null, logOut: null }'),
      /step 1 has "logIn" and "logOut": write one step per item/,
    ],
    [
      'both phone and phones',
      VALID.replace(
        'account:',
        'phones: { a: { profile: iPhone 15 (Face ID), locale: en-US, appInstalled: true } }\naccount:',
      ),
      /write either phone \(one phone\) or phones/,
    ],
  ])('explains %s', (_label, text, message) => {
    expect(problemsOf(`bad-${_label.replaceAll(' ', '-')}.yaml`, text)).toEqual(
      expect.arrayContaining([expect.stringMatching(message)]),
    );
  });

  it('keeps going past a bad file, and reads a folder with its subfolders', () => {
    const tree = mkdtempSync(join(tmpdir(), 'ibkey-lab-case-tree-'));
    mkdirSync(join(tree, 'ticket-4711'));
    writeFileSync(join(tree, 'a.yaml'), VALID);
    writeFileSync(join(tree, 'ticket-4711', 'b.yml'), VALID.replace('- logIn', '- dance'));
    writeFileSync(join(tree, 'notes.txt'), 'not a case');
    const loaded = loadCases(tree);
    expect(loaded.map((entry) => [entry.file.slice(tree.length + 1), !!entry.data])).toEqual([
      ['a.yaml', true],
      ['ticket-4711/b.yml', false],
    ]);
    expect(loaded[1]!.error!.path).toBe(join(tree, 'ticket-4711', 'b.yml'));
  });

  it('accepts every case the lab ships', () => {
    const shipped = loadCases(new URL('./customer-cases/', import.meta.url).pathname);
    expect(shipped.length).toBeGreaterThanOrEqual(6);
    expect(shipped.filter((entry) => entry.error).map((entry) => entry.error!.message)).toEqual([]);
  });
});
