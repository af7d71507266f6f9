// `npm run lab` and `npm run lab:merge`: Playwright's CLI refuses flags it does not know, so this
// takes the lab's own `--baseline <ctrf.json>` out of the arguments (as LAB_BASELINE, for the
// sign-off reporter) and runs `playwright test` or `playwright merge-reports` with the rest.

import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const playwrightCli = join(root, 'node_modules/@playwright/test/cli.js');
// npm runs scripts from the project's folder; a relative path is the caller's, from where npm was run.
const callerFolder = process.env.INIT_CWD || process.cwd();

function fail(sentence) {
  console.error(`\n${sentence}\n`);
  process.exit(2);
}

/** Splits `--baseline <file>` or `--baseline=<file>` off the arguments meant for Playwright. */
function takeBaseline(args) {
  const rest = [];
  let baseline;
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index];
    if (arg === '--baseline') {
      baseline = args[index + 1];
      index += 1;
      if (!baseline || baseline.startsWith('-'))
        fail(
          '--baseline needs the ctrf.json of an earlier run after it, e.g. npm run lab -- --baseline old/ctrf.json',
        );
    } else if (arg.startsWith('--baseline=')) {
      baseline = arg.slice('--baseline='.length);
    } else rest.push(arg);
  }
  return { baseline: baseline && resolve(callerFolder, baseline), rest };
}

const COMMANDS = {
  test: (args) => ['test', ...args],
  // Without a folder of blobs, the one a sharded run writes to.
  merge: (args) => [
    'merge-reports',
    '--config',
    'reports/merge.config.ts',
    ...(args.length > 0 ? args : [join(process.env.LAB_OUTPUT_DIR || 'lab-output', 'blob')]),
  ],
};

const [command, ...args] = process.argv.slice(2);
if (!Object.hasOwn(COMMANDS, command))
  fail(
    `scripts/lab.mjs runs "test" or "merge", not "${command ?? ''}": use npm run lab or npm run lab:merge.`,
  );
const { baseline, rest } = takeBaseline(args);
const child = spawn(process.execPath, [playwrightCli, ...COMMANDS[command](rest)], {
  cwd: root,
  stdio: 'inherit',
  env: baseline ? { ...process.env, LAB_BASELINE: baseline } : process.env,
});
// Ctrl-C reaches Playwright too, which stops cleanly: wait for it. A SIGTERM is passed on.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
