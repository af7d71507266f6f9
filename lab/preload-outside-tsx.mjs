// Loaded by `npm run serve` and `npm run appium` before tsx registers its loader hooks: through
// them each ES module costs a round trip to the hooks thread, and these packages are about 1,100
// modules (typebox, which the driver's preload loads, alone 700). Loaded here first, they are in
// the module cache when the lab imports them: about 0.6 s off each start. Plain JavaScript, since
// it runs before TypeScript can.

await Promise.all([
  import('../drivers/sim-iphone/preload-outside-tsx.mjs'),
  import('msw'),
  import('@faker-js/faker'),
  import('@peculiar/x509'),
]);
