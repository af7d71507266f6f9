// `npm run lab:merge`: builds the HTML report, the JUnit XML and the sign-off report from the
// blobs that shards wrote (lab-output/blob by default), as if the shards had been one run.

import { defineConfig } from '@playwright/test';
import { labOutputPaths, labReporters } from './output-paths.ts';

export default defineConfig({
  testDir: '../scenarios',
  reporter: labReporters(labOutputPaths(), { merging: true }),
});
