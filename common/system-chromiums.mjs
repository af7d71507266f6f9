// The system Chromiums the lab drives when Playwright has none of its own, in the order it prefers
// them. Plain JavaScript: scripts/ready.mjs reads it before the dependencies (and TypeScript) exist.
// The headless shell first (Debian's chromium-headless-shell, what Playwright's own download runs
// headless): without the full browser's windowing layer it takes about half the CPU per journey.
export const SYSTEM_CHROMIUMS = [
  '/usr/bin/chromium-headless-shell',
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
];
