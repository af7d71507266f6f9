// Runs before `npm run lab` and `npm test` on any machine: checks Node, installs the locked
// dependencies when they are missing or stale, and checks for a Chromium. Plain Node, no
// dependencies, because it runs before they exist. Fails with a sentence saying what to install.

import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

function fail(sentence) {
  console.error(`\n${sentence}\n`);
  process.exit(1);
}

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  fail(
    `ibkey-lab needs Node.js 20.19 or newer; this is ${process.version}. Install a newer Node.js (e.g. from nodesource or nvm).`,
  );
}

const lock = join(root, 'package-lock.json');
const installed = join(root, 'node_modules', '.package-lock.json');
if (!existsSync(installed) || statSync(installed).mtimeMs < statSync(lock).mtimeMs) {
  console.log('Installing the locked dependencies (npm ci)…');
  const npm = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (npm.status !== 0)
    fail(
      '"npm ci" failed (see above). Check that the npm registry is reachable, then run the command again.',
    );
}

function playwrightChromium() {
  const cache = process.env.PLAYWRIGHT_BROWSERS_PATH || join(homedir(), '.cache', 'ms-playwright');
  try {
    return readdirSync(cache).some((entry) => entry.startsWith('chromium'));
  } catch {
    return false;
  }
}
const systemChromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].some(
  (path) => existsSync(path),
);
if (!process.env.LAB_CHROMIUM && !systemChromium && !playwrightChromium()) {
  fail(
    'No Chromium found: install one with "apt-get install chromium" (Debian/Ubuntu) or "npx playwright install chromium", or set LAB_CHROMIUM to a Chromium executable.',
  );
}
