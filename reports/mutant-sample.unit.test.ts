import { describe, expect, it } from 'vitest';
import {
  drawSample,
  type InventoriedMutant,
  inventoryOf,
  isLeftOutOfMutation,
  mutantKey,
  mutateRangeOf,
  scoreOfSample,
  sourcesUnder,
  wilsonInterval,
} from './mutant-sample.ts';

const ROOT = new URL('..', import.meta.url).pathname;

function mutant(fileName: string, line: number, mutatorName = 'EqualityOperator'): InventoriedMutant {
  return {
    fileName,
    mutatorName,
    replacement: '!==',
    location: { start: { line, column: 4 }, end: { line, column: 11 } },
  };
}

/** A report mutant is placed from 1 where the instrumenter places it from 0. */
function reported(of: InventoriedMutant, status: string) {
  const { start, end } = of.location;
  return {
    mutatorName: of.mutatorName,
    replacement: of.replacement,
    status,
    location: {
      start: { line: start.line + 1, column: start.column + 1 },
      end: { line: end.line + 1, column: end.column + 1 },
    },
  };
}

describe('the inventory', () => {
  it("lists the scope's source files without tests, test support or assets", () => {
    const files = sourcesUnder(ROOT, ['mocks/sls']);
    expect(files).toContain('mocks/sls/sessions.ts');
    expect(files).toContain('mocks/sls/routes/portal-pages.ts');
    expect(files.filter(isLeftOutOfMutation)).toEqual([]);
    expect(files.some((file) => file.includes('test-support') || file.endsWith('.test.ts'))).toBe(false);
  });

  it("holds the mutants Stryker's instrumenter makes, each with its place", async () => {
    const mutants = await inventoryOf(ROOT, ['protocol/base64url.ts']);
    expect(mutants.length).toBeGreaterThan(10);
    for (const each of mutants) {
      expect(each.fileName).toBe('protocol/base64url.ts');
      expect(each.mutatorName).not.toBe('');
      expect(each.location.end.line).toBeGreaterThanOrEqual(each.location.start.line);
    }
    expect(new Set(mutants.map(mutantKey)).size).toBe(mutants.length);
  });
});

describe('the draw', () => {
  const population = Array.from({ length: 200 }, (_, line) => mutant(`f${line % 7}.ts`, line));

  it('is the same for the same seed, another for another, without repeats', () => {
    const first = drawSample(population, 30, '7').map(mutantKey);
    expect(drawSample(population, 30, '7').map(mutantKey)).toEqual(first);
    expect(drawSample(population, 30, '8').map(mutantKey)).not.toEqual(first);
    expect(new Set(first).size).toBe(30);
  });

  it('takes the whole population when asked for more', () => {
    expect(drawSample(population, 500, '1')).toHaveLength(200);
  });

  it('gives Stryker a range with lines from 1 and columns as they are', () => {
    expect(mutateRangeOf(mutant('mocks/sls/sessions.ts', 9))).toBe('mocks/sls/sessions.ts:10:4-10:11');
  });
});

describe('the score of a sample', () => {
  const a1 = mutant('mocks/sls/a.ts', 1);
  const a2 = mutant('mocks/sls/a.ts', 2);
  const b3 = mutant('mocks/sls/routes/b.ts', 3);
  const b4 = mutant('mocks/sls/routes/b.ts', 4);
  const b5 = mutant('mocks/sls/routes/b.ts', 5);
  const sample = [a1, a2, b3, b4, b5];
  const nested = mutant('mocks/sls/a.ts', 1, 'BooleanLiteral');

  it('counts only the sampled mutants, per folder and in all, killed and timed out as caught', () => {
    const report = {
      files: {
        'mocks/sls/a.ts': {
          mutants: [reported(a1, 'Killed'), reported(a2, 'Survived'), reported(nested, 'Survived')],
        },
        'mocks/sls/routes/b.ts': {
          mutants: [reported(b3, 'Timeout'), reported(b4, 'NoCoverage'), reported(b5, 'Ignored')],
        },
      },
    };
    const scores = scoreOfSample(sample, report);
    expect(scores.map((line) => line.folder)).toEqual(['all', 'mocks/sls', 'mocks/sls/routes']);
    expect(scores[0]).toMatchObject({
      sampled: 5,
      detected: 2,
      undetected: 2,
      notCounted: 1,
      missing: 0,
      score: 50,
    });
    expect(scores[1]).toMatchObject({ sampled: 2, detected: 1, undetected: 1, score: 50 });
    expect(scores[2]).toMatchObject({ sampled: 3, detected: 1, undetected: 1, notCounted: 1, score: 50 });
  });

  it('says which sampled mutants the report lacks, and gives no score when none counts', () => {
    const scores = scoreOfSample([a1], { files: {} });
    expect(scores[0]).toMatchObject({ missing: 1, score: undefined, interval: undefined });
  });
});

describe("Wilson's interval", () => {
  it('matches the textbook values and stays within 0-100%', () => {
    const [low, high] = wilsonInterval(80, 100);
    expect(low).toBeCloseTo(71.1, 1);
    expect(high).toBeCloseTo(86.7, 1);
    expect(wilsonInterval(0, 10)[0]).toBe(0);
    expect(wilsonInterval(10, 10)[1]).toBeCloseTo(100, 6);
    expect(wilsonInterval(10, 10)[0]).toBeGreaterThan(65);
  });
});
