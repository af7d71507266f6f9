// The command line of `npm run appium`: Appium's own server flags, with Appium's defaults except
// the address (loopback, not every interface: the simulated iPhone is for this machine unless
// asked). `npm run appium -- --port 4725`; APPIUM_PORT, APPIUM_ADDRESS and APPIUM_LOG_LEVEL still work.

import { parsePort } from '../common/index.ts';

export interface AppiumCli {
  /** 0: a free port chosen at start. */
  port: number;
  address: string;
  logLevel: string;
  /** Appium's other server flags, passed to it as they are (it says which it does not know). */
  extraArgs: string[];
  help: boolean;
}

export const APPIUM_DEFAULT_PORT = 4723;
export const APPIUM_DEFAULT_ADDRESS = '127.0.0.1';

export const APPIUM_CLI_USAGE = `npm run appium -- [flags]: the Appium server with the simulated iPhone.
  -p, --port <port>         port to listen on (default ${APPIUM_DEFAULT_PORT}, as Appium; 0 lets the system choose)
  -a, --address <address>   address to listen on (default ${APPIUM_DEFAULT_ADDRESS}; Appium's is 0.0.0.0, every interface)
  --log-level <level>       Appium's log level: debug, info, warn or error, or console:file as "info:debug" (default info)
  -h, --help                this text
Other Appium server flags (e.g. --relaxed-security, --base-path /wd/hub) go to Appium as given.
Environment: APPIUM_PORT, APPIUM_ADDRESS, APPIUM_LOG_LEVEL (the flags win).`;

export class AppiumCliError extends Error {
  override name = 'AppiumCliError';
}

const LEVEL = /^(debug|info|warn|error)(:(debug|info|warn|error))?$/;

function port(text: string, from: string): number {
  const parsed = parsePort(text, from);
  if ('problem' in parsed) throw new AppiumCliError(parsed.problem);
  return parsed.port;
}

function level(text: string, from: string): string {
  if (!LEVEL.test(text))
    throw new AppiumCliError(
      `${from} "${text}" is not an Appium log level; use debug, info, warn or error (or two as "info:debug").`,
    );
  return text;
}

export function parseAppiumCli(argv: string[], env: NodeJS.ProcessEnv = {}): AppiumCli {
  const cli: AppiumCli = {
    port: env.APPIUM_PORT ? port(env.APPIUM_PORT, 'APPIUM_PORT') : APPIUM_DEFAULT_PORT,
    address: env.APPIUM_ADDRESS || APPIUM_DEFAULT_ADDRESS,
    logLevel: env.APPIUM_LOG_LEVEL ? level(env.APPIUM_LOG_LEVEL, 'APPIUM_LOG_LEVEL') : 'info',
    extraArgs: [],
    help: false,
  };
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? arg.split(/=(.*)/s) : [arg, undefined];
    const value = () => {
      const given = inline ?? argv[++index];
      if (given === undefined || given === '')
        throw new AppiumCliError(`${flag} needs a value: ${APPIUM_CLI_USAGE.split('\n')[0]}`);
      return given;
    };
    switch (flag) {
      case '-p':
      case '--port':
        cli.port = port(value(), flag);
        break;
      case '-a':
      case '--address':
        cli.address = value();
        break;
      case '--log-level':
        cli.logLevel = level(value(), flag);
        break;
      case '-h':
      case '--help':
        cli.help = true;
        break;
      case '--use-drivers':
      case '--drivers':
        throw new AppiumCliError(
          `${flag} is not taken: this server loads the simulated iPhone's driver (sim-iphone) only.`,
        );
      default:
        if (!flag!.startsWith('-'))
          throw new AppiumCliError(
            `"${arg}" is not a flag; give the port as --port ${arg} (run npm run appium -- --help for the flags).`,
          );
        // Appium's own flag and, when the next word is not a flag, its value.
        cli.extraArgs.push(arg);
        if (inline === undefined && argv[index + 1] !== undefined && !argv[index + 1]!.startsWith('-'))
          cli.extraArgs.push(argv[++index]!);
    }
  }
  return cli;
}
