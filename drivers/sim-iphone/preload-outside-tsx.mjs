// Loaded by the Appium child before tsx registers its loader hooks (appium-server.ts), and by the
// lab's own preload (lab/preload-outside-tsx.mjs): typebox is about 700 ES modules, and through
// tsx's hooks each costs a round trip to the hooks thread (1.5 s instead of 0.5 s). Loaded here
// first, they are in the module cache when the driver imports them. Plain JavaScript, since it
// runs before TypeScript can be loaded.

await import('typebox');
await import('typebox/value');
