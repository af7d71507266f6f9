// The lab's layers and who may import whom, checked on every `npm run lint` and by a unit test.
// A layer is a top folder; a module's `lib/` is its own business, and `test-support/` is for
// tests only. Imports are read as text (static, dynamic and re-exports), so the check needs no
// compiler and runs in well under a second.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';

/** Each layer and the layers its product code may import (its tests may also import the lab). */
export const LAYER_RULES: Record<string, readonly string[]> = {
  common: [],
  product: ['common'],
  protocol: ['common', 'product'],
  mocks: ['common', 'product', 'protocol'],
  drivers: ['common', 'product', 'protocol'],
  reports: ['common', 'product', 'protocol'],
  lab: ['common', 'product', 'protocol', 'mocks', 'drivers'],
  scenarios: ['common', 'product', 'protocol', 'lab', 'drivers', 'reports'],
  bench: ['common', 'product', 'protocol', 'lab', 'mocks', 'drivers', 'reports', 'scenarios'],
  scripts: ['common'],
};

/** Folders whose modules must stay apart though they share a layer: the screen objects work on any phone. */
const SEPARATE_MODULES: readonly [from: string, to: string, why: string][] = [
  [
    'drivers/phone',
    'drivers/sim-iphone',
    'the screen objects speak XCUITest only, so they run on a real iPhone too',
  ],
];

export interface Violation {
  file: string;
  line: number;
  imported: string;
  why: string;
}

const IMPORT =
  /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

const isTestFile = (file: string) => /\.(test|spec|e2e)\.ts$/.test(file);
/** Tests, their support code and the benchmarks may use test-support/ and the lab. */
const isTest = (file: string) =>
  isTestFile(file) || file.split('/').includes('test-support') || file.startsWith('bench/');
const layerOf = (file: string) => (file.includes('/') ? file.split('/')[0]! : '(root)');
/** The module a file belongs to: its layer's folder one level down (drivers/sim-iphone). */
const moduleOf = (file: string) => file.split('/').slice(0, 2).join('/');

/** Checks one file's imports; `file` and the answers are paths relative to the project root. */
export function checkImports(file: string, source: string): Violation[] {
  const violations: Violation[] = [];
  const from = layerOf(file);
  for (const match of source.matchAll(IMPORT)) {
    const specifier = match[1] ?? match[2]!;
    if (!specifier.startsWith('.')) continue;
    const target = normalize(join(dirname(file), specifier))
      .split(sep)
      .join('/');
    const line = source.slice(0, match.index).split('\n').length + (match[0].startsWith('\n') ? 1 : 0);
    const to = layerOf(target);
    const report = (why: string) => violations.push({ file, line, imported: target, why });
    if (target.startsWith('..')) {
      report('it reaches outside the project');
      continue;
    }
    const allowed = LAYER_RULES[from];
    const crossesLayer = from !== to && from !== '(root)';
    if (crossesLayer && allowed && !allowed.includes(to) && !(isTest(file) && to === 'lab'))
      report(
        `${from}/ may import ${allowed.length ? `${allowed.join(', ')}` : 'nothing of the project'}, not ${to}/`,
      );
    const sameModule = moduleOf(target) === moduleOf(file);
    if (!sameModule && target.split('/').slice(2).includes('lib'))
      report(
        `${moduleOf(target)}/lib/ is that module's own; import its entry point (${moduleOf(target)}/index.ts)`,
      );
    if (!sameModule && target.split('/').includes('test-support') && !isTest(file))
      report('test-support/ is for tests only');
    if (isTestFile(target)) report('a test file is not a module to import');
    for (const [separate, other, why] of SEPARATE_MODULES)
      if (moduleOf(file) === separate && moduleOf(target) === other)
        report(`${separate} may not import ${other}: ${why}`);
  }
  return violations;
}

const SKIP = new Set(['node_modules', 'lab-output', 'test-results', 'playwright-report', 'blob-report']);

function* sourceFiles(root: string, folder = root): Generator<string> {
  for (const name of readdirSync(folder)) {
    if (SKIP.has(name) || name.startsWith('.')) continue;
    const path = join(folder, name);
    if (statSync(path).isDirectory()) yield* sourceFiles(root, path);
    else if (/\.(ts|mjs)$/.test(name)) yield relative(root, path).split(sep).join('/');
  }
}

export function checkProject(root: string): Violation[] {
  return [...sourceFiles(root)].flatMap((file) => checkImports(file, readFileSync(join(root, file), 'utf8')));
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split(sep).join('/'))) {
  const root = join(dirname(new URL(import.meta.url).pathname), '..');
  const violations = checkProject(root);
  for (const { file, line, imported, why } of violations)
    console.error(`${file}:${line} imports ${imported}: ${why}.`);
  if (violations.length) {
    console.error(
      `\n${violations.length} import(s) cross the lab's layers; see the table in README.md ("Where to change what").`,
    );
    process.exit(1);
  }
}
