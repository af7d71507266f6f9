// How `npm run serve` and `npm run appium` end: Ctrl-C (SIGINT), SIGTERM or SIGHUP, sent to the
// process or to its whole process group, stops what they started and exits 0, with one line
// saying how long it took. Nothing they start hears the group's signal itself (PostgreSQL runs in
// a session of its own), so each part is stopped in order, after the parts that use it.

/** The lab a serve script is starting or has started; stopping waits for a start in progress. */
export interface Stoppable {
  stop(): Promise<void>;
}

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Installs the handlers at once, before the lab starts, so a Ctrl-C during the start stops what
 * was started instead of orphaning it. `starting` is the lab's start; `name` names it in the lines.
 */
export function stopOnSignals(
  name: string,
  starting: Promise<Stoppable>,
  { withinMs = 15_000, say = (line: string) => console.log(line) } = {},
): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    // The same Ctrl-C often arrives twice (from the terminal, and relayed by npm): once is enough.
    if (stopping) return;
    stopping = true;
    const began = performance.now();
    const tooLong = setTimeout(() => {
      console.error(
        `${name} did not stop within ${withinMs / 1000} s of ${signal}; exiting anyway. The next start stops a database left running and removes its folder.`,
      );
      process.exit(1);
    }, withinMs);
    void starting
      .then(
        (lab) => lab.stop(),
        // A start that failed has said why and stopped its parts itself.
        () => {},
      )
      .then(
        () => {
          clearTimeout(tooLong);
          say(`${name} stopped (${signal}) in ${Math.round(performance.now() - began)} ms.`);
          process.exit(0);
        },
        (error: Error) => {
          clearTimeout(tooLong);
          console.error(`${name} could not stop cleanly after ${signal}: ${error.message}`);
          process.exit(1);
        },
      );
  };
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
}
