// `npm run case` checks every path it is given before it starts anything: a path that is missing,
// not a case file, or a folder without one is named in one sentence, with exit code 2, and no
// Playwright run (so no output folder) follows.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const CASE_SCRIPT = resolve(import.meta.dirname, 'case.mjs');
const folder = mkdtempSync(join(tmpdir(), 'case-command-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const goodCase = join(folder, 'ticket-4711.yaml');
writeFileSync(goodCase, 'id: case-ticket-4711\n');
const notACase = join(folder, 'notes.txt');
writeFileSync(notACase, 'the customer says');
const emptyFolder = join(folder, 'empty');
mkdirSync(emptyFolder);

/** Runs scripts/case.mjs as npm would from `callerFolder`, into an output folder of its own. */
function runCase(args: string[], callerFolder = folder) {
  const output = join(folder, `output-${Math.random().toString(36).slice(2)}`);
  const run = spawnSync(process.execPath, [CASE_SCRIPT, ...args, '--output', output], {
    cwd: callerFolder,
    env: { ...process.env, INIT_CWD: callerFolder },
    encoding: 'utf8',
    // Refusing takes milliseconds; a Playwright run would not end this soon.
    timeout: 20_000,
  });
  return { ...run, startedPlaywright: existsSync(output) || /Running \d+ tests?/.test(run.stdout) };
}

describe('scripts/case.mjs refuses, before running anything,', () => {
  it('a path that does not exist, named as given and as it was looked for', () => {
    const run = runCase([goodCase, 'tickets/missing.yaml']);
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toBe(
      `There is no case file or folder at tickets/missing.yaml (${join(folder, 'tickets/missing.yaml')}); nothing was run.`,
    );
    expect(run.startedPlaywright).toBe(false);
  });

  it('a file that is not .yaml or .yml, and a folder that holds no case file', () => {
    const notYaml = runCase([notACase]);
    expect(notYaml.status).toBe(2);
    expect(notYaml.stderr.trim()).toBe(
      `${notACase} is not a case file: give .yaml or .yml files, or folders that hold them; nothing was run.`,
    );
    const empty = runCase(['empty']);
    expect(empty.status).toBe(2);
    expect(empty.stderr.trim()).toBe(
      `The folder empty (${emptyFolder}) holds no .yaml or .yml case file, nor do its subfolders; nothing was run.`,
    );
    expect(notYaml.startedPlaywright || empty.startedPlaywright).toBe(false);
  });

  it('no case at all, and an option it does not know', () => {
    const none = runCase([]);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('Give npm run case at least one case file or folder');
    const unknown = runCase([goodCase, '--grep', 'x']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain(
      'npm run case takes case files, folders of them and --output <folder>, not "--grep"',
    );
    expect(none.startedPlaywright || unknown.startedPlaywright).toBe(false);
  });
});
