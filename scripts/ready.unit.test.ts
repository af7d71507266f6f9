// How scripts/ready.mjs gets a Chromium on a fresh machine, decided on a pretend machine (which
// paths exist, the user, a fake command runner) so no test installs anything; plus the real runner.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  APT_GET,
  causeOf,
  ensureChromium,
  type Machine,
  NO_CHROMIUM,
  type RunOptions,
  type RunResult,
  runLogged,
} from './ready.mjs';

const PLAYWRIGHT_MARKER = '/home/qa/.cache/ms-playwright/chromium-1255/INSTALLATION_COMPLETE';

interface PretendMachine {
  paths?: string[];
  uid?: number;
  vars?: Record<string, string>;
  /** What each command does, keyed by its first two words ("npx --no" is keyed by its third). */
  commands?: Record<string, { ok: boolean; summary?: string; creates?: string }>;
}

function pretendMachine({ paths = [], uid = 1000, vars = {}, commands = {} }: PretendMachine) {
  const existing = new Set(paths);
  const ran: { command: string; options: RunOptions }[] = [];
  const machine: Machine = {
    vars,
    home: '/home/qa',
    platform: 'linux',
    uid,
    playwrightRevision: '1255',
    exists: (path) => existing.has(path),
    newLogFolder: () => '/tmp/ibkey-lab-chromium-test',
    say: () => {},
    run: async (command, args, options): Promise<RunResult> => {
      const line = [command, ...args].join(' ');
      ran.push({ command: line, options });
      const key =
        command === 'npx'
          ? `npx ${args[2]}`
          : args[0] === 'install'
            ? `apt-get install ${args.at(-1)}`
            : `apt-get ${args[0]}`;
      const outcome = commands[key] ?? { ok: false, summary: `${key} is not scripted` };
      if (outcome.ok && outcome.creates) existing.add(outcome.creates);
      return { ok: outcome.ok, summary: outcome.summary ?? '' };
    },
  };
  return { machine, ran: () => ran.map((entry) => entry.command), options: () => ran.map((r) => r.options) };
}

const downloadFails = { ok: false, summary: 'getaddrinfo ENOTFOUND cdn.playwright.dev' };
const downloadWorks = { ok: true, creates: PLAYWRIGHT_MARKER };

describe('ensureChromium: a Chromium is already there', () => {
  it.each([
    ['the system chromium', { paths: ['/usr/bin/chromium'] }],
    ['google-chrome', { paths: ['/usr/bin/google-chrome'] }],
    ["Playwright's Chromium in its cache", { paths: [PLAYWRIGHT_MARKER] }],
    [
      "Playwright's Chromium under PLAYWRIGHT_BROWSERS_PATH",
      {
        paths: ['/opt/pw/chromium-1255/INSTALLATION_COMPLETE'],
        vars: { PLAYWRIGHT_BROWSERS_PATH: '/opt/pw' },
      },
    ],
    [
      "Playwright's Chromium under XDG_CACHE_HOME",
      {
        paths: ['/var/cache/ms-playwright/chromium-1255/INSTALLATION_COMPLETE'],
        vars: { XDG_CACHE_HOME: '/var/cache' },
      },
    ],
    ['LAB_CHROMIUM', { paths: ['/opt/chrome/chrome'], vars: { LAB_CHROMIUM: '/opt/chrome/chrome' } }],
  ])('finds %s, says nothing and installs nothing', async (_what, setup) => {
    const { machine, ran } = pretendMachine({ ...setup, uid: 0, commands: { 'npx install': downloadWorks } });
    expect(await ensureChromium(machine)).toEqual({ ready: true, said: [] });
    expect(ran()).toEqual([]);
  });

  it("does not count another Playwright version's Chromium or an unfinished download", async () => {
    for (const path of [
      '/home/qa/.cache/ms-playwright/chromium-1100/INSTALLATION_COMPLETE',
      '/home/qa/.cache/ms-playwright/chromium-1255/chrome-linux64/chrome',
    ]) {
      const { machine, ran } = pretendMachine({ paths: [path], commands: { 'npx install': downloadWorks } });
      expect((await ensureChromium(machine)).ready).toBe(true);
      expect(ran()).toEqual(['npx --no playwright install chromium']);
    }
  });

  it('stops without installing when LAB_CHROMIUM names a missing file', async () => {
    const { machine, ran } = pretendMachine({
      uid: 0,
      paths: [APT_GET],
      vars: { LAB_CHROMIUM: '/nowhere/chrome' },
    });
    expect(await ensureChromium(machine)).toEqual({
      ready: false,
      said: [],
      problem:
        'LAB_CHROMIUM=/nowhere/chrome does not exist: point it at a Chromium executable, or unset it and the lab gets a Chromium itself.',
    });
    expect(ran()).toEqual([]);
  });
});

describe('ensureChromium: none is there', () => {
  it("gets Playwright's download first, and says so", async () => {
    const { machine, ran, options } = pretendMachine({ commands: { 'npx install': downloadWorks } });
    const outcome = await ensureChromium(machine);
    expect(outcome.ready).toBe(true);
    expect(ran()).toEqual(['npx --no playwright install chromium']);
    expect(options()[0]).toMatchObject({
      log: '/tmp/ibkey-lab-chromium-test/playwright.log',
      idleMs: 60_000,
      env: { PLAYWRIGHT_DOWNLOAD_CONNECTION_TIMEOUT: '15000' },
    });
    expect(outcome.said).toEqual([
      'Getting a Chromium for the lab: none found (LAB_CHROMIUM unset, no Chromium in /usr/bin, no Playwright browser).',
      'Chromium: npx playwright install chromium (stops after 60 s without progress)…',
      "Chromium: Playwright's Chromium is installed.",
    ]);
  });

  it("adds the download's system libraries when running as root with apt-get", async () => {
    const { machine, ran } = pretendMachine({
      uid: 0,
      paths: [APT_GET],
      commands: { 'npx install': downloadWorks, 'npx install-deps': { ok: true } },
    });
    expect((await ensureChromium(machine)).ready).toBe(true);
    expect(ran()).toEqual([
      'npx --no playwright install chromium',
      'npx --no playwright install-deps chromium',
    ]);
  });

  it("falls back to Debian's headless shell as root when the download fails", async () => {
    const { machine, ran, options } = pretendMachine({
      uid: 0,
      paths: [APT_GET],
      commands: {
        'npx install': downloadFails,
        'apt-get update': { ok: true },
        'apt-get install chromium-headless-shell': { ok: true, creates: '/usr/bin/chromium-headless-shell' },
      },
    });
    const outcome = await ensureChromium(machine);
    expect(outcome.ready).toBe(true);
    expect(ran()).toEqual([
      'npx --no playwright install chromium',
      `${APT_GET} update`,
      `${APT_GET} install -y --no-upgrade -o DPkg::Lock::Timeout=120 chromium-headless-shell`,
    ]);
    expect(options()[1]).toMatchObject({
      log: '/tmp/ibkey-lab-chromium-test/apt-get.log',
      env: { DEBIAN_FRONTEND: 'noninteractive' },
    });
    expect(outcome.said.slice(2)).toEqual([
      "Chromium: Playwright's download failed: getaddrinfo ENOTFOUND cdn.playwright.dev (log: /tmp/ibkey-lab-chromium-test/playwright.log).",
      'Chromium: apt-get update, then apt-get install -y chromium-headless-shell (as root; log: /tmp/ibkey-lab-chromium-test/apt-get.log)…',
      "Chromium: Debian's chromium-headless-shell is installed (/usr/bin/chromium-headless-shell).",
    ]);
  });

  it('installs the full chromium where the distribution has no headless shell', async () => {
    const { machine, ran } = pretendMachine({
      uid: 0,
      paths: [APT_GET],
      commands: {
        'npx install': downloadFails,
        'apt-get update': { ok: true },
        'apt-get install chromium-headless-shell': {
          ok: false,
          summary: 'E: Unable to locate package chromium-headless-shell',
        },
        'apt-get install chromium': { ok: true, creates: '/usr/bin/chromium' },
      },
    });
    const outcome = await ensureChromium(machine);
    expect(outcome.ready).toBe(true);
    expect(ran().slice(2)).toEqual([
      `${APT_GET} install -y --no-upgrade -o DPkg::Lock::Timeout=120 chromium-headless-shell`,
      `${APT_GET} install -y --no-upgrade -o DPkg::Lock::Timeout=120 chromium`,
    ]);
    expect(outcome.said.slice(4)).toEqual([
      'Chromium: apt-get install chromium-headless-shell failed: E: Unable to locate package chromium-headless-shell (log: /tmp/ibkey-lab-chromium-test/apt-get.log).',
      'Chromium: apt-get install -y chromium instead…',
      "Chromium: Debian's chromium is installed (/usr/bin/chromium).",
    ]);
  });

  it('still installs from the package lists already there when apt-get update fails', async () => {
    const { machine } = pretendMachine({
      uid: 0,
      paths: [APT_GET],
      commands: {
        'npx install': downloadFails,
        'apt-get update': {
          ok: false,
          summary: 'E: Failed to fetch http://deb.debian.org/debian/dists/trixie/InRelease',
        },
        'apt-get install chromium-headless-shell': { ok: true, creates: '/usr/bin/chromium-headless-shell' },
      },
    });
    const outcome = await ensureChromium(machine);
    expect(outcome.ready).toBe(true);
    expect(outcome.said).toContain(
      'Chromium: apt-get update failed (E: Failed to fetch http://deb.debian.org/debian/dists/trixie/InRelease); installing from the package lists already here.',
    );
  });

  it('stops with what to install, and each failure in a line, when neither way works', async () => {
    const { machine, ran } = pretendMachine({
      uid: 0,
      paths: [APT_GET],
      commands: {
        'npx install': { ok: false, summary: 'no progress for 60 s, stopped' },
        'apt-get update': { ok: true },
        'apt-get install chromium-headless-shell': {
          ok: false,
          summary: 'E: Unable to locate package chromium-headless-shell',
        },
        'apt-get install chromium': { ok: false, summary: 'E: Unable to locate package chromium' },
      },
    });
    const outcome = await ensureChromium(machine);
    expect(outcome).toMatchObject({ ready: false, problem: NO_CHROMIUM });
    expect(ran()).toHaveLength(4);
    expect(outcome.said.slice(2)).toEqual([
      "Chromium: Playwright's download failed: no progress for 60 s, stopped (log: /tmp/ibkey-lab-chromium-test/playwright.log).",
      'Chromium: apt-get update, then apt-get install -y chromium-headless-shell (as root; log: /tmp/ibkey-lab-chromium-test/apt-get.log)…',
      'Chromium: apt-get install chromium-headless-shell failed: E: Unable to locate package chromium-headless-shell (log: /tmp/ibkey-lab-chromium-test/apt-get.log).',
      'Chromium: apt-get install -y chromium instead…',
      'Chromium: apt-get install chromium failed: E: Unable to locate package chromium (log: /tmp/ibkey-lab-chromium-test/apt-get.log).',
    ]);
    for (const line of outcome.said) expect(line).not.toContain('\n');
    for (const words of ['apt-get install chromium', 'npx playwright install chromium', 'LAB_CHROMIUM'])
      expect(NO_CHROMIUM).toContain(words);
  });

  it('does not try apt-get when not root, and says why', async () => {
    const { machine, ran } = pretendMachine({
      uid: 1000,
      paths: [APT_GET],
      commands: { 'npx install': downloadFails },
    });
    const outcome = await ensureChromium(machine);
    expect(outcome).toMatchObject({ ready: false, problem: NO_CHROMIUM });
    expect(ran()).toEqual(['npx --no playwright install chromium']);
    expect(outcome.said.at(-1)).toBe('Chromium: no Debian package tried, since apt-get needs root.');
  });

  it('does not try apt-get as root on a system without it', async () => {
    const { machine, ran } = pretendMachine({ uid: 0, commands: { 'npx install': downloadFails } });
    expect((await ensureChromium(machine)).ready).toBe(false);
    expect(ran()).toEqual(['npx --no playwright install chromium']);
  });

  it('does not believe an install that ends without a Chromium', async () => {
    const { machine } = pretendMachine({
      uid: 0,
      paths: [APT_GET],
      commands: {
        'npx install': { ok: true },
        'apt-get update': { ok: true },
        'apt-get install chromium-headless-shell': { ok: true },
        'apt-get install chromium': { ok: true },
      },
    });
    const outcome = await ensureChromium(machine);
    expect(outcome.ready).toBe(false);
    expect(outcome.said).toContain(
      "Chromium: Playwright's download failed: it ended without installing Chromium (log: /tmp/ibkey-lab-chromium-test/playwright.log).",
    );
  });
});

describe('causeOf', () => {
  it("picks the first error of Playwright's failed download", () => {
    const output = [
      'Downloading Chrome for Testing 159.0.8154.6 (playwright chromium v1255)\u001b[2m from https://cdn.playwright.dev/x.zip\u001b[22m',
      'Error: getaddrinfo ENOTFOUND cdn.playwright.dev',
      '    at GetAddrInfoReqWrap.onlookupall (node:internal/dns/promises:99:17) {',
      'Failed to install browsers',
      'Error: Failed to download Chrome for Testing 159.0.8154.6 (playwright chromium v1255), caused by',
    ].join('\n');
    expect(causeOf(output, 1)).toBe('getaddrinfo ENOTFOUND cdn.playwright.dev');
  });

  it("picks apt-get's E: line, else the last line, else the exit code", () => {
    expect(causeOf('Reading package lists...\nE: Unable to locate package chromium\n', 100)).toBe(
      'E: Unable to locate package chromium',
    );
    expect(causeOf('one\ntwo\n\n', 2)).toBe('two');
    expect(causeOf('', 3)).toBe('exit code 3, no output');
    expect(causeOf(`Error: ${'x'.repeat(300)}`, 1)).toHaveLength(200);
  });
});

describe('runLogged', () => {
  const logs = mkdtempSync(join(tmpdir(), 'ready-unit-'));
  let runs = 0;
  const logFile = () => {
    runs += 1;
    return join(logs, `run-${runs}.log`);
  };
  afterAll(() => rmSync(logs, { recursive: true, force: true }));
  const node = process.execPath;

  it('writes the command and its output to the log', async () => {
    const log = logFile();
    const result = await runLogged(node, ['-e', 'console.log(process.env.READY_PROBE)'], {
      log,
      idleMs: 10_000,
      env: { READY_PROBE: 'hello' },
    });
    expect(result).toEqual({ ok: true, summary: '' });
    expect(readFileSync(log, 'utf8')).toBe(`$ ${node} -e console.log(process.env.READY_PROBE)\nhello\n`);
  });

  it('sums a failure up in one line', async () => {
    const script = 'console.log("working"); console.error("Error: the mirror said no"); process.exit(4)';
    const result = await runLogged(node, ['-e', script], { log: logFile(), idleMs: 10_000, env: {} });
    expect(result).toEqual({ ok: false, summary: 'the mirror said no' });
  });

  it('stops a command that makes no progress', async () => {
    const result = await runLogged(node, ['-e', 'console.log("started"); setInterval(() => {}, 1000)'], {
      log: logFile(),
      idleMs: 300,
      env: {},
    });
    expect(result).toEqual({ ok: false, summary: 'no progress for 0.3 s, stopped' });
  });

  it('says when the command does not exist', async () => {
    const result = await runLogged('ibkey-lab-no-such-command', [], {
      log: logFile(),
      idleMs: 10_000,
      env: {},
    });
    expect(result).toEqual({ ok: false, summary: 'ibkey-lab-no-such-command is not installed' });
  });
});
