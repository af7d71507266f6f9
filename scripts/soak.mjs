// `npm run soak -- N [playwright flags]`: runs every test of the lab N times (Playwright's
// --repeat-each, no retries) and lists the tests that failed some runs (flaky) or all (broken).
// Only the soak tally is written (lab-output/soak/soak.json), not N sign-off reports.

import { spawn } from 'node:child_process';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const [times, ...rest] = process.argv.slice(2);
const repeats = Number(times);
if (!Number.isInteger(repeats) || repeats < 1 || repeats > 100) {
  console.error(
    `\nnpm run soak takes how many times to run the lab, a whole number from 1 to 100 (e.g. npm run soak -- 10), not "${times ?? ''}".\n`,
  );
  process.exit(2);
}
const child = spawn(
  process.execPath,
  [
    join(root, 'node_modules/@playwright/test/cli.js'),
    'test',
    `--repeat-each=${repeats}`,
    '--retries=0',
    `--reporter=dot,${join(root, 'reports/soak-reporter.ts')}`,
    ...rest,
  ],
  { cwd: root, stdio: 'inherit' },
);
process.on('SIGINT', () => {});
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
