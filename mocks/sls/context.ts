import type { SlsConfig } from './config.ts';
import type { Database } from './database.ts';
import type { LabClock } from './lab-clock.ts';
import type { PushSender } from './push-sender.ts';
import { RateLimiter } from './rate-limiter.ts';
import type { ServerKeys } from './server-keys.ts';
import type { SmsSender } from './sms-sender.ts';
import type { StateChanges } from './state-changes.ts';

/** What every service of the server works with; built once at start. */
export interface SlsContext {
  db: Database;
  clock: LabClock;
  config: SlsConfig;
  keys: ServerKeys;
  push: PushSender;
  sms: SmsSender;
  limiters: ReturnType<typeof createLimiters>;
  /** Pushes in flight, so a stopping server can wait for their outcome to be recorded. */
  inFlight: Set<Promise<unknown>>;
  /** When the portal last polled each transaction (monotonic ms), for slow_down. */
  lastPolls: Map<string, number>;
  /** Wakes the portal's long polls when a write commits or the lab clock moves. */
  changes: StateChanges;
  portalBaseUrl: string;
  log: (line: string) => void;
}

export function createLimiters(clock: LabClock, limits: SlsConfig['limits']) {
  return {
    passwordPerClientAndUser: new RateLimiter(clock, limits.passwordFailuresPerClientAndUser),
    passwordPerUser: new RateLimiter(clock, limits.passwordFailuresPerUser),
    passwordPerClient: new RateLimiter(clock, limits.passwordFailuresPerClient),
    enrollPerSerial: new RateLimiter(clock, limits.enrollPerSerial),
    enrollPerClient: new RateLimiter(clock, limits.enrollPerClient),
    recoveryStartsPerUser: new RateLimiter(clock, limits.recoveryStartsPerUser),
    loginPushesPerUser: new RateLimiter(clock, limits.loginPushesPerUser),
  };
}
