// `npm run appium`: the Appium server with the simulated iPhone, for a person or another tool
// (a lab run pointed at it with LAB_APPIUM_URL, or WebdriverIO). It takes Appium's CLI flags
// (`npm run appium -- --port 4725 --log-level debug`, see lab/appium-cli.ts), listens on 4723 by
// default as Appium does (on 127.0.0.1, not Appium's 0.0.0.0) and shows Appium's log. Ctrl-C or
// SIGTERM (to the process or its group) stops the Appium server and exits 0.

import { AppiumFlagError, AppiumPortInUseError } from '../drivers/sim-iphone/appium-server.ts';
import { APPIUM_CLI_USAGE, type AppiumCli, AppiumCliError, parseAppiumCli } from './appium-cli.ts';
import { Lab } from './lab.ts';
import { stopOnSignals } from './stop-on-signals.ts';

let cli: AppiumCli;
try {
  cli = parseAppiumCli(process.argv.slice(2), process.env);
} catch (error) {
  if (!(error instanceof AppiumCliError)) throw error;
  console.error(error.message);
  process.exit(2);
}
if (cli.help) {
  console.log(APPIUM_CLI_USAGE);
  process.exit(0);
}
if (cli.address !== '127.0.0.1' && cli.address !== 'localhost' && cli.address !== '::1')
  console.log(
    `Listening on ${cli.address}: other machines that reach this address can drive the simulated iPhone.`,
  );

const starting = new Lab()
  .withAppium({
    ...(cli.port ? { port: cli.port } : {}),
    address: cli.address,
    logLevel: cli.logLevel,
    extraArgs: cli.extraArgs,
    onOutput: (text) => process.stdout.write(text),
  })
  .start();
stopOnSignals('Appium', starting);

const lab = await starting.catch((error: Error) => {
  const cause = error.cause;
  if (cause instanceof AppiumPortInUseError)
    console.error(
      `Port ${cause.port} is in use: another Appium server or program listens on ${cause.address}:${cause.port}; stop it, or use another port with --port (npm run appium -- --port ${cause.port + 2}) or APPIUM_PORT.`,
    );
  else if (cause instanceof AppiumFlagError) console.error(cause.message);
  else console.error(error.message);
  process.exit(1);
});
console.log(`Appium with the simulated iPhone: ${lab.appiumUrl}`);
console.log(
  'Capabilities: {"platformName": "iOS", "appium:automationName": "SimIPhone", "appium:deviceName": "iPhone 15 (Face ID)"}',
);
