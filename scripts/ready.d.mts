// Types for scripts/ready.mjs, which stays plain JavaScript because it runs before the
// dependencies (TypeScript among them) are installed; its unit test imports it through these.

export interface RunResult {
  ok: boolean;
  /** One line for a person: why the command failed ('' when it succeeded). */
  summary: string;
}

export interface RunOptions {
  /** The file the command's output goes to. */
  log: string;
  /** The command is stopped when it prints nothing for this long. */
  idleMs: number;
  env: Record<string, string>;
}

/** What ensureChromium needs from the machine: thisMachine() is the real one. */
export interface Machine {
  vars: Record<string, string | undefined>;
  home: string;
  platform: string;
  uid: number | undefined;
  /** The Chromium revision the installed Playwright wants; undefined before npm ci. */
  playwrightRevision: string | undefined;
  exists(path: string): boolean;
  run(command: string, args: string[], options: RunOptions): Promise<RunResult>;
  newLogFolder(): string;
  say(line: string): void;
}

export interface ChromiumOutcome {
  ready: boolean;
  /** Every line said, in order. */
  said: string[];
  /** The sentence to stop with when there is no Chromium. */
  problem?: string;
}

export const SYSTEM_CHROMIUMS: string[];
export const APT_GET: string;
export const PLAYWRIGHT_IDLE_MS: number;
export const APT_IDLE_MS: number;
export const NO_CHROMIUM: string;

export function playwrightChromiumMarker(machine: Machine): string | undefined;
export function installedChromium(machine: Machine): string | undefined;
export function ensureChromium(machine: Machine): Promise<ChromiumOutcome>;
export function causeOf(output: string, exitCode: number | null): string;
export function runLogged(command: string, args: string[], options: RunOptions): Promise<RunResult>;
export function thisMachine(): Machine;
