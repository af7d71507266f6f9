// The lab's own Playwright reporter: writes the sign-off report (index.html with its evidence
// images beside it, summary.md, ctrf.json) after every run, and after a merge of shard blobs;
// given a baseline (a previous run's ctrf.json), it also says what changed since.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import type { FullConfig, FullResult, Reporter, Suite } from '@playwright/test/reporter';
import { renderCtrf } from './render-ctrf.ts';
import { renderSignoffHtml } from './render-html.ts';
import { renderSignoffMarkdown } from './render-markdown.ts';
import { buildReport, type Evidence, type RunFacts, recordTest } from './signoff-model.ts';
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

function currentCommit(): string {
  try {
    const git = (args: string[]) =>
      execFileSync('git', args, {
        cwd: PROJECT_ROOT,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim();
    const commit = git(['rev-parse', '--short=12', 'HEAD']);
    return git(['status', '--porcelain', '--untracked-files=no'])
      ? `${commit} (with uncommitted changes)`
      : commit;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

export interface SignoffReporterOptions {
  outputFolder?: string;
  /** A previous run's ctrf.json to compare this run with (`--baseline`, or LAB_BASELINE). */
  baseline?: string;
}

export default class SignoffReporter implements Reporter {
  private suite?: Suite;
  private readonly outputFolder: string;
  private readonly baseline?: string;

  constructor(options: SignoffReporterOptions = {}) {
    this.outputFolder = resolve(options.outputFolder ?? 'lab-output/signoff');
    const baseline = options.baseline ?? process.env.LAB_BASELINE;
    this.baseline = baseline ? resolve(baseline) : undefined;
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
      commit: currentCommit(),
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
    const report = { ...built, sinceBaseline: since };

    rmSync(this.outputFolder, { recursive: true, force: true });
    mkdirSync(join(this.outputFolder, 'evidence'), { recursive: true });
    const written = new Set<string>();
    const imageSrc = (evidence: Evidence): string | undefined => {
      const bytes =
        evidence.body ??
        (evidence.path && existsSync(evidence.path) ? readFileSync(evidence.path) : undefined);
      if (!bytes) return undefined;
      const name = `evidence/${createHash('sha1').update(bytes).digest('hex')}.png`;
      if (!written.has(name)) {
        if (evidence.body) writeFileSync(join(this.outputFolder, name), bytes);
        else copyFileSync(evidence.path!, join(this.outputFolder, name));
        written.add(name);
      }
      return name;
    };
    writeFileSync(join(this.outputFolder, 'index.html'), renderSignoffHtml(report, imageSrc));
    writeFileSync(join(this.outputFolder, 'summary.md'), renderSignoffMarkdown(report));
    writeFileSync(join(this.outputFolder, 'ctrf.json'), `${JSON.stringify(ctrf, null, 2)}\n`);
    console.log(`Sign-off report: ${relative(process.cwd(), join(this.outputFolder, 'index.html'))}`);
  }
}
