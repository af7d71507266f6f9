// `npm run case -- <file or folder> [more...] [--output <folder>]`: runs customer case files kept
// anywhere (a ticket's attachment) on the lab's `cases` project, and leaves one self-contained
// report to attach back to the ticket. Every path is checked before anything starts, so a typo
// costs a sentence, not a lab start.

import { spawn } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { delimiter, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const playwrightCli = join(root, 'node_modules/@playwright/test/cli.js');
// npm runs scripts from the project's folder; the paths given are the caller's, from where npm was run.
const callerFolder = process.env.INIT_CWD || process.cwd();
// The sign-off reporter's one-file page (reports/render-self-contained.ts, SELF_CONTAINED_REPORT).
const SELF_CONTAINED_REPORT = 'self-contained.html';
const CASE_FILE = /\.ya?ml$/i;
// In a folder the spec takes the lowercase extensions only (scenarios/cases/case-file.ts, caseFilesIn).
const FOLDER_CASE_FILE = /\.ya?ml$/;
const USAGE = 'npm run case -- <case file or folder> [more...] [--output <folder>]';

function fail(sentence) {
  console.error(`\n${sentence}\n`);
  process.exit(2);
}

/** The case paths and the output folder; anything else is refused with a sentence. */
function readArguments(args) {
  const paths = [];
  let output;
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index];
    if (arg === '--help' || arg === '-h') {
      console.log(
        `${USAGE}\nRuns the case files on the lab's "cases" project and writes one report to attach.`,
      );
      process.exit(0);
    } else if (arg === '--output') {
      output = args[index + 1];
      index += 1;
      if (!output || output.startsWith('-'))
        fail(`--output needs the folder to write the report to after it, e.g. ${USAGE}`);
    } else if (arg.startsWith('--output=')) {
      output = arg.slice('--output='.length);
    } else if (arg.startsWith('-')) {
      fail(`npm run case takes case files, folders of them and --output <folder>, not "${arg}": ${USAGE}`);
    } else paths.push(arg);
  }
  if (paths.length === 0) fail(`Give npm run case at least one case file or folder: ${USAGE}`);
  return { paths, output };
}

/** The absolute path of a case file or folder, or the sentence that says why it cannot be run. */
function checkCasePath(given) {
  const path = resolve(callerFolder, given);
  const shown = given === path ? path : `${given} (${path})`;
  if (!existsSync(path)) return { problem: `There is no case file or folder at ${shown}; nothing was run.` };
  const stats = statSync(path);
  if (stats.isDirectory()) {
    // The case spec reads a folder's .yaml and .yml files, its subfolders' too.
    const cases = readdirSync(path, { recursive: true }).filter((name) =>
      FOLDER_CASE_FILE.test(String(name)),
    );
    return cases.length > 0
      ? { path }
      : {
          problem: `The folder ${shown} holds no .yaml or .yml case file, nor do its subfolders; nothing was run.`,
        };
  }
  if (stats.isFile() && CASE_FILE.test(extname(path))) return { path };
  return {
    problem: `${shown} is not a case file: give .yaml or .yml files, or folders that hold them; nothing was run.`,
  };
}

/** "20250314-092653", local time: folders of runs sort by when they ran. */
function timestamp(date = new Date()) {
  const two = (number) => String(number).padStart(2, '0');
  return (
    `${date.getFullYear()}${two(date.getMonth() + 1)}${two(date.getDate())}-` +
    `${two(date.getHours())}${two(date.getMinutes())}${two(date.getSeconds())}`
  );
}

/** A path as the caller reads it best: from their folder when it is inside it. */
function forTheCaller(path) {
  const fromCaller = relative(callerFolder, path);
  return fromCaller && !fromCaller.startsWith('..') ? fromCaller : path;
}

const { paths, output } = readArguments(process.argv.slice(2));
const checked = paths.map(checkCasePath);
const problem = checked.find((entry) => entry.problem)?.problem;
if (problem) fail(problem);

const outputFolder = resolve(callerFolder, output ?? join('case-reports', timestamp()));
const report = join(outputFolder, 'signoff', SELF_CONTAINED_REPORT);
// One left by an earlier run into the same folder must not pass for this run's.
rmSync(report, { force: true });
// The customer-case spec only (named before --project, which takes every name after it): the
// project also holds the case runner's own checks, not the user's cases.
const CUSTOMER_CASES_SPEC = 'scenarios/cases/customer-cases.spec.ts';
const child = spawn(process.execPath, [playwrightCli, 'test', CUSTOMER_CASES_SPEC, '--project', 'cases'], {
  cwd: root,
  stdio: 'inherit',
  env: {
    ...process.env,
    LAB_CASE_PATHS: checked.map((entry) => entry.path).join(delimiter),
    LAB_OUTPUT_DIR: outputFolder,
    LAB_REPORT_SELF_CONTAINED: '1',
  },
});
// Ctrl-C reaches Playwright too, which stops cleanly: wait for it. A SIGTERM is passed on.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code, signal) => {
  if (existsSync(report)) console.log(`\nReport: ${forTheCaller(report)}`);
  else console.error('\nNo report was written: Playwright stopped before its reporters ran (see above).');
  process.exit(code ?? (signal ? 1 : 0));
});
