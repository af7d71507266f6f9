// The lab's own Playwright reporter: writes the sign-off report (index.html with its evidence
// images beside it, summary.md, ctrf.json) after every run, and after a merge of shard blobs;
// given a baseline (a previous run's ctrf.json), it also says what changed since; asked for it
// (`npm run case`), also the same page as one self-contained file for a ticket.

import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { FullConfig, FullResult, Reporter, Suite } from '@playwright/test/reporter';
import { FAULT_NAMES } from '../product/index.ts';
import { currentCommit } from './current-commit.ts';
import { evidenceFilesIn } from './evidence-images.ts';
import { type KillMatrixSummary, readKillMatrix, summarizeKillMatrix } from './kill-matrix.ts';
import { labOutputPaths } from './output-paths.ts';
import { renderCtrf } from './render-ctrf.ts';
import { renderSignoffHtml } from './render-html.ts';
import { renderSignoffMarkdown } from './render-markdown.ts';
import { renderSelfContainedHtml, SELF_CONTAINED_REPORT } from './render-self-contained.ts';
import { buildReport, type RunFacts, recordTest } from './signoff-model.ts';
import { sinceBaseline } from './since-baseline.ts';

const require = createRequire(import.meta.url);
const PROJECT_ROOT = resolve(import.meta.dirname, '..');

function packageVersion(name: string): string {
  try {
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** A path from the current folder when it is inside it, else absolute (no "../../tmp/…"). */
function shown(path: string): string {
  const fromHere = relative(process.cwd(), path);
  return fromHere.startsWith('..') || isAbsolute(fromHere) ? path : fromHere;
}

export interface SignoffReporterOptions {
  outputFolder?: string;
  /** A previous run's ctrf.json to compare this run with (`--baseline`, or LAB_BASELINE). */
  baseline?: string;
  /** Also write the page as one file with its screenshots inlined (or LAB_REPORT_SELF_CONTAINED=1). */
  selfContained?: boolean;
}

/** The last `npm run mutants` kill matrix of this output folder, if there is one. */
function whatThisLabWouldCatch(): KillMatrixSummary | undefined {
  try {
    const matrix = readKillMatrix();
    return matrix && summarizeKillMatrix(matrix, FAULT_NAMES);
  } catch (error) {
    console.error(`The kill matrix is left out of the report: ${(error as Error).message}`);
    return undefined;
  }
}

export default class SignoffReporter implements Reporter {
  private suite?: Suite;
  private readonly outputFolder: string;
  private readonly baseline?: string;
  private readonly selfContained: boolean;

  constructor(options: SignoffReporterOptions = {}) {
    this.outputFolder = resolve(options.outputFolder ?? 'lab-output/signoff');
    const baseline = options.baseline ?? process.env.LAB_BASELINE;
    this.baseline = baseline ? resolve(baseline) : undefined;
    this.selfContained = options.selfContained ?? process.env.LAB_REPORT_SELF_CONTAINED === '1';
  }

  /** The phone gallery beside this run's report (npm run phone:gallery), as a link from its page. */
  private phoneGalleryHref(): string | undefined {
    const gallery = join(labOutputPaths().root, 'phone-gallery', 'index.html');
    return existsSync(gallery) ? relative(this.outputFolder, gallery).split(sep).join('/') : undefined;
  }

  printsToStdio(): boolean {
    return false;
  }

  onBegin(_config: FullConfig, suite: Suite): void {
    this.suite = suite;
  }

  onEnd(result: FullResult): void {
    if (!this.suite) return;
    const tests = this.suite.allTests();
    const distinct = (type: string) => [
      ...new Set(
        tests.flatMap((test) =>
          [...test.annotations, ...test.results.flatMap((run) => run.annotations)]
            .filter((note) => note.type === type && note.description)
            .map((note) => note.description!),
        ),
      ),
    ];
    // Shards given the same LAB_SEED share one; otherwise each shard's is listed.
    const seed = distinct('seed').join(', ') || process.env.LAB_SEED || 'unknown';
    const facts: RunFacts = {
      startedAt: result.startTime.toISOString(),
      durationMs: result.duration,
      commit: currentCommit(PROJECT_ROOT),
      seed,
      storeModes: distinct('store'),
      versions: {
        'Node.js': process.version,
        Playwright: packageVersion('@playwright/test'),
        Chromium: distinct('chromium').join(', ') || 'unknown (no phone journey ran)',
        Appium: packageVersion('appium'),
        'sim-iphone driver': (
          JSON.parse(readFileSync(join(PROJECT_ROOT, 'drivers/sim-iphone/package.json'), 'utf8')) as {
            version: string;
          }
        ).version,
        PostgreSQL: distinct('postgres').join(', ') || 'unknown (no phone journey ran)',
      },
    };
    const built = buildReport(
      tests.map((test) => recordTest(test, seed)),
      facts,
    );
    const ctrf = renderCtrf(built, facts.versions.Playwright!);
    const since = this.baseline ? sinceBaseline(this.baseline, ctrf) : undefined;
    if (since && 'problem' in since) console.error(since.problem);
    const report = {
      ...built,
      sinceBaseline: since,
      wouldCatch: whatThisLabWouldCatch(),
      phoneGalleryHref: this.phoneGalleryHref(),
    };

    rmSync(this.outputFolder, { recursive: true, force: true });
    mkdirSync(this.outputFolder, { recursive: true });
    const page = (name: string) => join(this.outputFolder, name);
    writeFileSync(page('index.html'), renderSignoffHtml(report, evidenceFilesIn(this.outputFolder)));
    writeFileSync(page('summary.md'), renderSignoffMarkdown(report));
    writeFileSync(page('ctrf.json'), `${JSON.stringify(ctrf, null, 2)}\n`);
    console.log(`Sign-off report: ${shown(page('index.html'))}`);
    if (this.selfContained) {
      writeFileSync(page(SELF_CONTAINED_REPORT), renderSelfContainedHtml(report));
      console.log(`The same in one file, to attach: ${shown(page(SELF_CONTAINED_REPORT))}`);
    }
  }
}
