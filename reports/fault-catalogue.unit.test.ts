// The fault catalogue (product/faults.ts) holds together: every fault says what it breaks in the
// report's own coverage ids, has a switch somewhere in the code, and names test files that exist;
// LAB_FAULT refuses a name it does not know, with the names it knows.

import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkedByOf,
  FAULT_LAYERS,
  FAULTS,
  parseFaultSwitch,
  readCheckedBy,
  UnknownFaultError,
} from '../product/index.ts';
import { ARTICLE_COVERAGE } from './article-coverage.ts';

const ROOT = join(import.meta.dirname, '..');
const SKIP = new Set(['node_modules', 'lab-output', '.git']);

function sourceOf(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    if (SKIP.has(name)) return [];
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return sourceOf(path);
    return /\.ts$/.test(name) && !/\.test\.ts$/.test(name) ? [readFileSync(path, 'utf8')] : [];
  });
}

/** The text test titles come from: the spec, or for the customer cases their YAML files. */
function titlesIn(file: string): string {
  if (!file.endsWith('customer-cases.spec.ts')) return readFileSync(join(ROOT, file), 'utf8');
  const cases = join(ROOT, 'scenarios/cases/customer-cases');
  return readdirSync(cases)
    .map((name) => readFileSync(join(cases, name), 'utf8'))
    .join('\n');
}

describe('the fault catalogue', () => {
  it('has at least 40 faults, each with a unique name, a known layer and a one-line description', () => {
    expect(FAULTS.length).toBeGreaterThanOrEqual(40);
    expect(new Set(FAULTS.map((fault) => fault.name)).size).toBe(FAULTS.length);
    for (const fault of FAULTS) {
      expect(FAULT_LAYERS, fault.name).toContain(fault.layer);
      expect(fault.description, fault.name).toMatch(/^\S.*\.$/);
      expect(fault.description, fault.name).not.toContain('\n');
    }
  });

  it('says what each fault breaks in the ids the report covers, or names the tests that check it', () => {
    const known = new Set(ARTICLE_COVERAGE.map((item) => item.id));
    for (const fault of FAULTS) {
      for (const id of fault.breaks) expect(known, `${fault.name} breaks ${id}`).toContain(id);
      const checkedBy = checkedByOf(fault);
      expect(fault.breaks.length + checkedBy.length, fault.name).toBeGreaterThan(0);
      for (const entry of checkedBy) {
        const { file, titleWords } = readCheckedBy(entry);
        expect(existsSync(join(ROOT, file)), `${fault.name}: ${file}`).toBe(true);
        if (titleWords) expect(titlesIn(file), `${fault.name}: ${entry}`).toContain(titleWords);
      }
    }
  });

  it('has a switch in the code for every fault, and no switch for a fault it does not list', () => {
    const code = ['mocks', 'drivers', 'reports', 'scenarios', 'product'].flatMap((folder) =>
      sourceOf(join(ROOT, folder)),
    );
    const switched = new Set(
      code.flatMap((text) => [...text.matchAll(/faultOn\('([a-z0-9-]+)'\)/g)].map((m) => m[1])),
    );
    expect([...switched].sort()).toEqual(FAULTS.map((fault) => fault.name).sort());
  });
});

describe('LAB_FAULT', () => {
  it('reads several names, with spaces and empty parts left out', () => {
    expect([...parseFaultSwitch(' done-does-nothing, ,gate-never-advances')]).toEqual([
      'done-does-nothing',
      'gate-never-advances',
    ]);
    expect(parseFaultSwitch(undefined).size).toBe(0);
    expect(Object.isFrozen(parseFaultSwitch('done-does-nothing'))).toBe(true);
  });

  it('refuses an unknown name with a sentence that lists the known ones', () => {
    expect(() => parseFaultSwitch('done-does-nothing,no-such-fault')).toThrow(UnknownFaultError);
    expect(() => parseFaultSwitch('no-such-fault')).toThrow(
      /LAB_FAULT names "no-such-fault", which is not a known fault; the known faults are: .*done-does-nothing/,
    );
  });

  it('stops a process that starts with an unknown name, saying why', () => {
    const run = () =>
      execFileSync(process.execPath, ['--import', 'tsx', '-e', "await import('./product/index.ts')"], {
        cwd: ROOT,
        env: { ...process.env, LAB_FAULT: 'gate-never-advance' },
        stdio: 'pipe',
      });
    expect(run).toThrow(/LAB_FAULT names "gate-never-advance", which is not a known fault/);
  });
});
