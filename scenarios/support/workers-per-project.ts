// How many workers the lab runs (LAB_WORKERS or two per core), and how many a project may have at
// once, read from the run's command line.
// A worker serves one project (a phone and a language): a test of another project needs a new
// worker (a process, its lab, its browser: about 5 s). When a run has several projects, each runs
// in one worker at a time, so that workers start once per project rather than once per project
// and worker. A run narrowed to one project, or to test files, keeps every worker on what it chose.

/** Playwright's options that take a value: the word after them is not a test file. */
const TAKES_A_VALUE = new Set([
  '-c',
  '--config',
  '-g',
  '--grep',
  '-G',
  '--grep-invert',
  '-j',
  '--workers',
  '--add-reporter',
  '--browser',
  '--global-timeout',
  '--last-failed-file',
  '--max-failures',
  '--output',
  '--repeat-each',
  '--reporter',
  '--retries',
  '--run-agents',
  '--shard',
  '--test-list',
  '--test-list-invert',
  '--timeout',
  '--trace',
  '--tsconfig',
  '--ui-host',
  '--ui-port',
  '--update-source-method',
]);

/**
 * The per-project worker limit for `playwright test <args>` (the words after `test`): none when
 * the run names exactly one project (a name with `*` may match several) or, naming none, narrows
 * itself to test files; otherwise 1.
 */
export function workersPerProject(args: readonly string[]): 1 | undefined {
  let projects = 0;
  let wildcard = false;
  let testFiles = 0;
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index]!;
    if (arg === '--project') {
      // Playwright's --project takes every name up to the next option.
      while (index + 1 < args.length && !args[index + 1]!.startsWith('-')) {
        index += 1;
        projects += 1;
        wildcard ||= args[index]!.includes('*');
      }
    } else if (arg.startsWith('--project=')) {
      projects += 1;
      wildcard ||= arg.includes('*');
    } else if (arg.startsWith('-')) {
      if (TAKES_A_VALUE.has(arg)) index += 1;
    } else testFiles += 1;
  }
  if (projects === 1 && !wildcard) return undefined;
  if (projects === 0 && testFiles > 0) return undefined;
  return 1;
}

/** The words after `test` in this process's command line (none in a worker, which has no command). */
export function playwrightTestArgs(argv: readonly string[] = process.argv): string[] {
  const command = argv.indexOf('test');
  return command === -1 ? [] : argv.slice(command + 1);
}

/**
 * The run's worker count: LAB_WORKERS (a whole number, or a share of the cores such as `150%`),
 * or two per core. A test spends much of its time waiting on the processes it drives (the portal,
 * Chromium, the Appium server, PostgreSQL): on 2 cores the whole lab took 2 min 58 s with 4
 * workers, 3 min 30 s with 3, 3 min 41 s to 4 min 8 s with 2 and 3 min 19 s with 6.
 */
export function labWorkers(value = process.env.LAB_WORKERS): number | string {
  if (value === undefined || value === '') return '200%';
  const text = value.trim();
  if (/^\d{1,3}$/.test(text) && Number(text) >= 1) return Number(text);
  if (/^\d{1,4}%$/.test(text) && Number.parseInt(text, 10) >= 1) return text;
  throw new Error(
    `LAB_WORKERS="${value}" is not a worker count: give a whole number from 1 (e.g. LAB_WORKERS=2) or a share of the cores (e.g. LAB_WORKERS=50%).`,
  );
}
