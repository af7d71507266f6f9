// Runs before `npm run lab` and `npm test` on any machine: checks Node, installs the locked
// dependencies when they are missing or stale, and gets a Chromium when there is none. Plain Node,
// no dependencies, because it runs before they exist. Fails with a sentence saying what to install.

import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SYSTEM_CHROMIUMS } from '../common/system-chromiums.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Debian's packages, the one to prefer first: the headless shell (Chromium without its windowing
 * layer, what Playwright's own download runs headless) draws the lab's pages for about half the CPU.
 */
const DEBIAN_CHROMIUMS = ['chromium-headless-shell', 'chromium'];
export const APT_GET = '/usr/bin/apt-get';
/** Playwright prints a line per 10% of a download: this long without one means it is stuck. */
export const PLAYWRIGHT_IDLE_MS = 60_000;
/** apt-get prints a line per package; one large package on a slow mirror can take minutes. */
export const APT_IDLE_MS = 600_000;

export const NO_CHROMIUM =
  'No Chromium found: install one with "apt-get install chromium-headless-shell" (Debian, as root; or chromium) or "npx playwright install chromium" (where downloads are allowed), or set LAB_CHROMIUM to a Chromium executable.';

/** Where Playwright keeps its browsers, decided as Playwright decides it. */
function playwrightBrowsersFolder(machine) {
  const configured = machine.vars.PLAYWRIGHT_BROWSERS_PATH;
  if (configured === '0') return join(root, 'node_modules', 'playwright-core', '.local-browsers');
  if (configured) return resolve(configured);
  if (machine.platform === 'darwin') return join(machine.home, 'Library', 'Caches', 'ms-playwright');
  return join(machine.vars.XDG_CACHE_HOME || join(machine.home, '.cache'), 'ms-playwright');
}

/** The file Playwright writes once its Chromium for this version of Playwright is complete. */
export function playwrightChromiumMarker(machine) {
  if (!machine.playwrightRevision) return undefined;
  return join(
    playwrightBrowsersFolder(machine),
    `chromium-${machine.playwrightRevision}`,
    'INSTALLATION_COMPLETE',
  );
}

/** The Chromium the lab would drive: Playwright's, else the system's; undefined when there is none. */
export function installedChromium(machine) {
  const marker = playwrightChromiumMarker(machine);
  if (marker && machine.exists(marker)) return "Playwright's Chromium";
  return SYSTEM_CHROMIUMS.find((path) => machine.exists(path));
}

/**
 * Makes sure the lab has a Chromium, installing one when it can: Playwright's download first, then
 * Debian's package when running as root. Says each thing it does in one line and returns those
 * lines; `problem` is the sentence to stop with when there is still no Chromium.
 */
export async function ensureChromium(machine) {
  const said = [];
  const say = (line) => {
    said.push(line);
    machine.say(line);
  };
  const chosen = machine.vars.LAB_CHROMIUM;
  if (chosen) {
    if (machine.exists(chosen)) return { ready: true, said };
    return {
      ready: false,
      said,
      problem: `LAB_CHROMIUM=${chosen} does not exist: point it at a Chromium executable, or unset it and the lab gets a Chromium itself.`,
    };
  }
  if (installedChromium(machine)) return { ready: true, said };

  say(
    `Getting a Chromium for the lab: none found (LAB_CHROMIUM unset, no Chromium in /usr/bin, no Playwright browser).`,
  );
  const logs = machine.newLogFolder();
  const canUseApt = machine.uid === 0 && machine.exists(APT_GET);

  const playwrightLog = join(logs, 'playwright.log');
  say(
    `Chromium: npx playwright install chromium (stops after ${PLAYWRIGHT_IDLE_MS / 1000} s without progress)…`,
  );
  const download = await machine.run('npx', ['--no', 'playwright', 'install', 'chromium'], {
    log: playwrightLog,
    idleMs: PLAYWRIGHT_IDLE_MS,
    env: {
      PLAYWRIGHT_DOWNLOAD_CONNECTION_TIMEOUT: machine.vars.PLAYWRIGHT_DOWNLOAD_CONNECTION_TIMEOUT || '15000',
    },
  });
  if (download.ok && installedChromium(machine)) {
    say("Chromium: Playwright's Chromium is installed.");
    if (canUseApt) {
      say('Chromium: npx playwright install-deps chromium (its system libraries, as root)…');
      const libraries = await machine.run('npx', ['--no', 'playwright', 'install-deps', 'chromium'], {
        log: playwrightLog,
        idleMs: APT_IDLE_MS,
        env: { DEBIAN_FRONTEND: 'noninteractive' },
      });
      if (!libraries.ok)
        say(
          `Chromium: its system libraries were not installed: ${libraries.summary} (log: ${playwrightLog}).`,
        );
    }
    return { ready: true, said };
  }
  const downloadFailure = download.ok ? 'it ended without installing Chromium' : download.summary;
  say(`Chromium: Playwright's download failed: ${downloadFailure} (log: ${playwrightLog}).`);

  if (!canUseApt) {
    say(
      machine.uid === 0
        ? `Chromium: no Debian package tried, since there is no ${APT_GET}.`
        : 'Chromium: no Debian package tried, since apt-get needs root.',
    );
    return { ready: false, said, problem: NO_CHROMIUM };
  }
  const aptLog = join(logs, 'apt-get.log');
  const apt = { log: aptLog, idleMs: APT_IDLE_MS, env: { DEBIAN_FRONTEND: 'noninteractive' } };
  say(`Chromium: apt-get update, then apt-get install -y ${DEBIAN_CHROMIUMS[0]} (as root; log: ${aptLog})…`);
  const update = await machine.run(APT_GET, ['update'], apt);
  if (!update.ok)
    say(
      `Chromium: apt-get update failed (${update.summary}); installing from the package lists already here.`,
    );
  for (const [tried, name] of DEBIAN_CHROMIUMS.entries()) {
    if (tried > 0) say(`Chromium: apt-get install -y ${name} instead…`);
    const install = await machine.run(
      APT_GET,
      ['install', '-y', '--no-upgrade', '-o', 'DPkg::Lock::Timeout=120', name],
      apt,
    );
    const installed = installedChromium(machine);
    if (install.ok && installed) {
      say(`Chromium: Debian's ${name} is installed (${installed}).`);
      return { ready: true, said };
    }
    const aptFailure = install.ok ? 'it ended without a Chromium in /usr/bin' : install.summary;
    say(`Chromium: apt-get install ${name} failed: ${aptFailure} (log: ${aptLog}).`);
  }
  return { ready: false, said, problem: NO_CHROMIUM };
}

/** Colour and weight escapes (ESC [ … m), which Playwright puts around its download URL. */
const TERMINAL_STYLES = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

/** The one line of a failed command's output that says why: its first error, else its last line. */
export function causeOf(output, exitCode) {
  const lines = output
    .replace(TERMINAL_STYLES, '')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const error = lines.find((line) => /^(Error:|E:|error:|ERR!)/.test(line));
  const cause = (error ?? lines.at(-1) ?? `exit code ${exitCode}, no output`).replace(/^Error:\s*/, '');
  return cause.length > 200 ? `${cause.slice(0, 199)}…` : cause;
}

/**
 * Runs a command with its output going to a log file, and stops it (its whole process group) when it
 * prints nothing for `idleMs`. Resolves to { ok, summary }, the summary being one line for a person.
 */
export function runLogged(command, args, { log, idleMs, env }) {
  return new Promise((settle) => {
    appendFileSync(log, `$ ${[command, ...args].join(' ')}\n`);
    const child = spawn(command, args, {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let tail = '';
    let stalled = false;
    let idleTimer;
    let killTimer;
    const stopGroup = (signal) => {
      try {
        process.kill(-child.pid, signal);
      } catch {
        // The group has already ended.
      }
    };
    const watchForProgress = () => {
      clearTimeout(idleTimer);
      idleTimer = setTimeout(() => {
        stalled = true;
        stopGroup('SIGTERM');
        killTimer = setTimeout(() => stopGroup('SIGKILL'), 5_000);
      }, idleMs);
    };
    const interrupted = () => {
      stopGroup('SIGTERM');
      process.exit(130);
    };
    const finish = (result) => {
      clearTimeout(idleTimer);
      clearTimeout(killTimer);
      process.off('SIGINT', interrupted);
      settle(result);
    };
    const record = (chunk) => {
      appendFileSync(log, chunk);
      tail = (tail + chunk).slice(-65_536);
      watchForProgress();
    };
    process.on('SIGINT', interrupted);
    child.stdout.on('data', record);
    child.stderr.on('data', record);
    watchForProgress();
    child.on('error', (error) =>
      finish({
        ok: false,
        summary: error.code === 'ENOENT' ? `${command} is not installed` : error.message,
      }),
    );
    child.on('close', (code) => {
      if (stalled) finish({ ok: false, summary: `no progress for ${idleMs / 1000} s, stopped` });
      else if (code === 0) finish({ ok: true, summary: '' });
      else finish({ ok: false, summary: causeOf(tail, code) });
    });
  });
}

/** The revision of Chromium the installed Playwright wants, from its browsers.json. */
function installedPlaywrightRevision() {
  try {
    const { browsers } = JSON.parse(
      readFileSync(join(root, 'node_modules', 'playwright-core', 'browsers.json'), 'utf8'),
    );
    return browsers.find((browser) => browser.name === 'chromium')?.revision;
  } catch {
    return undefined;
  }
}

/** This machine, as ensureChromium sees it; a test passes its own. */
export function thisMachine() {
  return {
    vars: process.env,
    home: homedir(),
    platform: process.platform,
    uid: process.getuid?.(),
    playwrightRevision: installedPlaywrightRevision(),
    exists: existsSync,
    run: runLogged,
    newLogFolder: () => mkdtempSync(join(tmpdir(), 'ibkey-lab-chromium-')),
    say: (line) => console.log(line),
  };
}

function fail(sentence) {
  console.error(`\n${sentence}\n`);
  process.exit(1);
}

function checkNode() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19)) {
    fail(
      `ibkey-lab needs Node.js 20.19 or newer; this is ${process.version}. Install a newer Node.js (e.g. from nodesource or nvm).`,
    );
  }
}

function installDependencies() {
  const lock = join(root, 'package-lock.json');
  const installed = join(root, 'node_modules', '.package-lock.json');
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(lock).mtimeMs) return;
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

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  checkNode();
  installDependencies();
  const chromium = await ensureChromium(thisMachine());
  if (!chromium.ready) fail(chromium.problem);
}
