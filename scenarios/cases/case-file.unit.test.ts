import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCases, readCase } from './case-file.ts';

const folder = mkdtempSync(join(tmpdir(), 'ibkey-lab-cases-'));
const VALID = `id: case-ok
title: A valid case
covers: [kb2260]
phone: { profile: iPhone 15 (Face ID), locale: en-US, appInstalled: true }
account: { state: no-device }
steps:
  - logIn
  - scan: { distanceCm: 20 }
expect: { activeDevices: 0 }
`;

function write(name: string, text: string): string {
  const file = join(folder, name);
  writeFileSync(file, text);
  return file;
}

describe('customer case files', () => {
  it('reads a valid case', () => {
    expect(readCase(write('ok.yaml', VALID))).toMatchObject({
      id: 'case-ok',
      steps: ['logIn', { scan: { distanceCm: 20 } }],
    });
  });

  it.each([
    ['an unknown profile', VALID.replace('iPhone 15 (Face ID)', 'Pixel 8'), /bad-1\.yaml:4: phone\.profile/],
    [
      'an unknown step',
      VALID.replace('  - logIn', '  - logIn\n  - dance'),
      /bad-2\.yaml:8: steps\.1 is not a step the lab knows .*: logIn, logOut, scan/,
    ],
    [
      'a distance out of range',
      VALID.replace('distanceCm: 20', 'distanceCm: 2000'),
      /bad-3\.yaml:8: steps\.1/,
    ],
    [
      'an unknown field',
      VALID.replace('account:', 'colour: red\naccount:'),
      /bad-4\.yaml:\d+: the case has an unknown field "colour"/,
    ],
    [
      'a missing id',
      VALID.replace('id: case-ok\n', ''),
      /bad-5\.yaml:\d+: the case is missing the field "id"/,
    ],
    ['broken YAML', VALID.replace('steps:', 'steps: [oops'), /bad-6\.yaml:\d+: this is not valid YAML/],
  ])('names the file, the line and what is wrong for %s', (_label, text, message) => {
    const index =
      [
        'an unknown profile',
        'an unknown step',
        'a distance out of range',
        'an unknown field',
        'a missing id',
        'broken YAML',
      ].indexOf(_label) + 1;
    expect(() => readCase(write(`bad-${index}.yaml`, text))).toThrow(message);
  });

  it('keeps going past a bad file: each file is loaded on its own', () => {
    const loaded = loadCases(folder);
    expect(loaded.filter((entry) => entry.data).map((entry) => entry.data!.id)).toEqual(['case-ok']);
    expect(loaded.filter((entry) => entry.error).length).toBeGreaterThanOrEqual(6);
  });

  it('accepts every case the lab ships', () => {
    const shipped = loadCases(new URL('./customer-cases/', import.meta.url).pathname);
    expect(shipped.length).toBeGreaterThanOrEqual(5);
    expect(shipped.filter((entry) => entry.error).map((entry) => entry.error!.message)).toEqual([]);
  });
});
