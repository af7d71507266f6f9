// `npm run appium`: the Appium server with the simulated iPhone, for a person or another tool
// (a lab run pointed at it with LAB_APPIUM_URL, or WebdriverIO). Ctrl-C or SIGTERM (to the process
// or its group) stops the Appium server and exits 0.

import { Lab } from './lab.ts';
import { stopOnSignals } from './stop-on-signals.ts';

const port = process.env.APPIUM_PORT ? Number(process.env.APPIUM_PORT) : undefined;
if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65_535)) {
  console.error(`APPIUM_PORT="${process.env.APPIUM_PORT}" is not a port number (1-65535).`);
  process.exit(2);
}
const starting = new Lab()
  .withAppium({ ...(port ? { port } : {}), logLevel: process.env.APPIUM_LOG_LEVEL ?? 'info' })
  .start();
stopOnSignals('Appium', starting);

const lab = await starting.catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
console.log(`Appium with the simulated iPhone: ${lab.appiumUrl}`);
console.log(
  'Capabilities: {"platformName": "iOS", "appium:automationName": "SimIPhone", "appium:deviceName": "iPhone 15 (Face ID)"}',
);
