import { describe, expect, it } from 'vitest';
import { labWorkers, playwrightTestArgs, workersPerProject } from './workers-per-project.ts';

describe('workersPerProject', () => {
  it('gives each project one worker when the run takes several projects', () => {
    expect(workersPerProject([])).toBe(1);
    expect(workersPerProject(['--grep', '@cause-qr-used'])).toBe(1);
    expect(workersPerProject(['--project', 'faceid-fr-FR', 'cases'])).toBe(1);
    expect(workersPerProject(['--project=faceid-fr-FR', '--project=cases'])).toBe(1);
    // A wildcard may match several projects.
    expect(workersPerProject(['--project', 'faceid-*'])).toBe(1);
    expect(workersPerProject(['--project', 'faceid-fr-FR', '--project', 'cases', '--workers', '2'])).toBe(1);
    expect(workersPerProject(['--repeat-each=10', '--retries=0', '--reporter=dot'])).toBe(1);
    // The value of --reporter is not a test file, even when it is a path.
    expect(workersPerProject(['--reporter', 'reports/soak-reporter.ts'])).toBe(1);
  });

  it('keeps every worker on one project, and on a run narrowed to test files', () => {
    expect(workersPerProject(['--project', 'faceid-fr-FR'])).toBeUndefined();
    expect(workersPerProject(['--project=faceid-fr-FR', '--grep', 'Deny'])).toBeUndefined();
    expect(workersPerProject(['scenarios/cases'])).toBeUndefined();
    expect(workersPerProject(['-g', 'tap', 'scenarios/journeys/recovery.spec.ts'])).toBeUndefined();
  });

  it('reads the words after the test command, and none in a process without one', () => {
    expect(playwrightTestArgs(['node', 'cli.js', 'test', '--project', 'cases'])).toEqual([
      '--project',
      'cases',
    ]);
    expect(playwrightTestArgs(['node', 'workerProcessEntry.js'])).toEqual([]);
  });
});

describe('labWorkers', () => {
  it('is two workers per core unless LAB_WORKERS says otherwise', () => {
    expect(labWorkers(undefined)).toBe('200%');
    expect(labWorkers('')).toBe('200%');
    expect(labWorkers('1')).toBe(1);
    expect(labWorkers(' 3 ')).toBe(3);
    expect(labWorkers('50%')).toBe('50%');
  });

  it('refuses what is not a worker count, naming it', () => {
    for (const wrong of ['0', '0%', 'two', '-1', '1.5', '2 workers', '%', '1000'])
      expect(() => labWorkers(wrong), wrong).toThrow(`LAB_WORKERS="${wrong}" is not a worker count`);
  });
});
