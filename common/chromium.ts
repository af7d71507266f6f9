// Which Chromium the lab drives: Playwright's own when installed, else the system's.

import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { SYSTEM_CHROMIUMS } from './system-chromiums.mjs';

/** Flags for a closed network and a root user: no sandbox, no GPU, no background calls home. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export class NoChromiumError extends Error {
  override name = 'NoChromiumError';
}

/** The executable to launch, or undefined to let Playwright use its own download. */
export function findChromium(): string | undefined {
  const fromEnv = process.env.LAB_CHROMIUM;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new NoChromiumError(`LAB_CHROMIUM=${fromEnv} does not exist.`);
    return fromEnv;
  }
  try {
    if (existsSync(chromium.executablePath())) return undefined;
  } catch {
    // Playwright has no browser of its own here; fall through to the system's.
  }
  const system = SYSTEM_CHROMIUMS.find((path) => existsSync(path));
  if (system) return system;
  throw new NoChromiumError(
    'No Chromium found: install one with "npx playwright install chromium" or "apt-get install chromium-headless-shell" (or set LAB_CHROMIUM to its path).',
  );
}
