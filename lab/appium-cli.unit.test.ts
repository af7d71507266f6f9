// `npm run appium`'s command line: Appium's flags and defaults (4723, but 127.0.0.1), the
// environment variables it still reads, Appium's other flags passed on, and a sentence per mistake.

import { describe, expect, it } from 'vitest';
import { AppiumCliError, parseAppiumCli } from './appium-cli.ts';

describe('npm run appium -- <flags>', () => {
  it("defaults to Appium's port 4723 on 127.0.0.1 (Appium listens on 0.0.0.0) with the info log", () => {
    expect(parseAppiumCli([])).toEqual({
      port: 4723,
      address: '127.0.0.1',
      logLevel: 'info',
      extraArgs: [],
      help: false,
    });
  });

  it("takes Appium's flags, short and long, with = or a space, over the environment", () => {
    const env = { APPIUM_PORT: '4800', APPIUM_LOG_LEVEL: 'warn' };
    expect(parseAppiumCli(['-p', '4725', '-a', '0.0.0.0', '--log-level=debug'], env)).toMatchObject({
      port: 4725,
      address: '0.0.0.0',
      logLevel: 'debug',
    });
    expect(parseAppiumCli(['--port=4726', '--address', '::1', '--log-level', 'info:debug'])).toMatchObject({
      port: 4726,
      address: '::1',
      logLevel: 'info:debug',
    });
    expect(parseAppiumCli([], env)).toMatchObject({ port: 4800, logLevel: 'warn' });
    expect(parseAppiumCli([], { APPIUM_PORT: '0' }).port).toBe(0);
    expect(parseAppiumCli(['--help']).help).toBe(true);
  });

  it('passes the other flags to Appium, each with its value', () => {
    expect(
      parseAppiumCli(['--relaxed-security', '--base-path', '/wd/hub', '--session-override', '-p', '4730']),
    ).toMatchObject({
      port: 4730,
      extraArgs: ['--relaxed-security', '--base-path', '/wd/hub', '--session-override'],
    });
  });

  it.each([
    [['--port', 'abc'], '--port "abc" is not a port number (0-65535; 0 lets the system choose).'],
    [['-p', '70000'], '-p "70000" is not a port number'],
    [['--port'], '--port needs a value'],
    [['--log-level', 'loud'], '--log-level "loud" is not an Appium log level'],
    [['4725'], '"4725" is not a flag; give the port as --port 4725'],
    [['--use-drivers', 'xcuitest'], '--use-drivers is not taken'],
  ])('says what is wrong with %j', (argv, sentence) => {
    expect(() => parseAppiumCli(argv)).toThrow(AppiumCliError);
    expect(() => parseAppiumCli(argv)).toThrow(sentence);
  });

  it('says what is wrong with APPIUM_PORT', () => {
    expect(() => parseAppiumCli([], { APPIUM_PORT: '47x' })).toThrow(
      'APPIUM_PORT "47x" is not a port number',
    );
  });
});
