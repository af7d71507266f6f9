// `npm run appium -- <flags>` as a person runs it (node with tsx's loader and the script, as
// package.json runs them after the readiness check): the port and address flags, Appium's log on
// the console, and one sentence for a port in use or a flag Appium does not know; and its stop on
// SIGINT to its group or SIGTERM to it, leaving no Appium server. Ports are chosen free at start.

import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { findFreePort } from '../common/index.ts';
import { processesInGroup, type ServeProcess, startServeProcess } from './test-support/serve-process.ts';

const running: ServeProcess[] = [];
const listeners: Server[] = [];

afterEach(async () => {
  for (const run of running.splice(0)) {
    if (run.child.exitCode === null && run.child.signalCode === null) {
      run.child.kill('SIGTERM');
      await run.exited;
    }
  }
  for (const server of listeners.splice(0)) await new Promise((resolve) => server.close(resolve));
});

/** `npm run appium -- <args>`, with Appium's port and log level from the flags, not from this shell. */
function serveAppium(args: string[]): ServeProcess {
  const run = startServeProcess('lab/serve-appium.ts', { APPIUM_PORT: '', APPIUM_LOG_LEVEL: '' }, args);
  running.push(run);
  return run;
}

describe('npm run appium -- <flags>', () => {
  it("listens where --port and --address say, with Appium's log on the console", async () => {
    const port = await findFreePort();
    const run = serveAppium(['--port', String(port), '-a', '127.0.0.1', '--log-level', 'info']);
    const [, url] = (await run.outputMatching(/Appium with the simulated iPhone: (\S+)/)) as [string, string];
    expect(url).toBe(`http://127.0.0.1:${port}`);
    expect((await fetch(`${url}/status`)).ok).toBe(true);
    // Appium's own lines at info level, e.g. its listener and the drivers it loaded.
    expect(run.output()).toMatch(/\[Appium\].*(listener started|Available drivers)/);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  });

  it('says the port is in use and how to choose another', async () => {
    const port = await findFreePort();
    const holder = createServer();
    listeners.push(holder);
    await new Promise<void>((resolve) => holder.listen(port, '127.0.0.1', resolve));
    const run = serveAppium(['-p', String(port)]);
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain(
      `Port ${port} is in use: another Appium server or program listens on 127.0.0.1:${port}; stop it, or use another port with --port`,
    );
    expect(run.output()).not.toMatch(/\n\s+at /);
  });

  it('says which flag Appium does not know, and which value is not a port', async () => {
    const unknown = serveAppium(['--port', '0', '--no-such-flag']);
    expect(await unknown.exited).toBe(1);
    expect(unknown.output()).toContain('Appium does not know --no-such-flag');
    const notAPort = serveAppium(['--port', 'abc']);
    expect(await notAPort.exited).toBe(2);
    expect(notAPort.output().trim()).toBe(
      '--port "abc" is not a port number (0-65535; 0 lets the system choose).',
    );
  });
});

describe('npm run appium stops cleanly', () => {
  it.each([
    ['SIGINT', 'group'],
    ['SIGTERM', 'process'],
  ] as [NodeJS.Signals, 'process' | 'group'][])(
    'on %s to the %s: exit 0, no stack trace, no Appium server left',
    async (signal, to) => {
      const serve = startServeProcess('lab/serve-appium.ts', {
        APPIUM_LOG_LEVEL: 'error',
        // npm run appium listens on Appium's 4723 by default; a test takes a free port.
        APPIUM_PORT: '0',
      });
      const appiumUrl = (await serve.lineMatching(/^Appium with the simulated iPhone: /)).split(': ')[1]!;
      expect((await fetch(`${appiumUrl}/status`)).ok).toBe(true);
      const stopped = await serve.stop(signal, to);
      const output = `stdout:\n${serve.stdout()}\nstderr:\n${serve.stderr()}`;
      console.log(`npm run appium, ${signal} to the ${to}: stopped in ${Math.round(stopped.ms)} ms`);
      expect(stopped, output).toMatchObject({ code: 0, signal: null });
      expect(serve.stdout(), output).toMatch(/Appium stopped \(SIG(INT|TERM)\) in \d+ ms\.\n$/);
      expect(serve.stderr(), output).not.toMatch(/^\s+at |Error|Unhandled|Uncaught/m);
      expect(await processesInGroup(serve.pid)).toEqual([]);
      await expect(fetch(`${appiumUrl}/status`)).rejects.toThrow();
    },
    90_000,
  );
});
