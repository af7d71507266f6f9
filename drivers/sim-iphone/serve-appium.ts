// `npm run appium`: the Appium server with the simulated iPhone, for a person or another tool.

import { startAppiumServer } from './appium-server.ts';

const port = process.env.APPIUM_PORT ? Number(process.env.APPIUM_PORT) : undefined;
if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65_535)) {
  console.error(`APPIUM_PORT="${process.env.APPIUM_PORT}" is not a port number (1-65535).`);
  process.exit(2);
}
const appium = await startAppiumServer({ port, logLevel: process.env.APPIUM_LOG_LEVEL ?? 'info' });
console.log(`Appium with the simulated iPhone: ${appium.url}`);
console.log(
  'Capabilities: {"platformName": "iOS", "appium:automationName": "SimIPhone", "appium:deviceName": "iPhone 15 (Face ID)"}',
);
const stop = async () => {
  await appium.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
