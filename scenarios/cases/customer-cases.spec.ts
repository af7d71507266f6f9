// Runs customer cases: the repository's (scenarios/cases/customer-cases/), or the files and folders
// LAB_CASE_PATHS names (`npm run case -- <file or folder>`). Every step and expectation comes from
// the registry; a new case needs a new file, not new code. `npm run lab -- --grep <case id>` runs one.

import { delimiter } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from '../fixtures/index.ts';
import { loadCases } from './case-file.ts';
import { declareCase } from './case-test.ts';

const REPOSITORY_CASES = fileURLToPath(new URL('./customer-cases/', import.meta.url));
const casePaths = process.env.LAB_CASE_PATHS?.split(delimiter).filter(Boolean) ?? [REPOSITORY_CASES];

for (const loaded of loadCases(...casePaths)) {
  if (loaded.data) {
    const data = loaded.data;
    test.describe(data.id, () => declareCase(data));
    continue;
  }
  const error = loaded.error!;
  test(`${error.path} is a valid case file`, {
    annotation: {
      type: 'bad-case-file',
      description: JSON.stringify({ path: error.path, problems: error.problemLines }),
    },
  }, () => {
    throw error;
  });
}
