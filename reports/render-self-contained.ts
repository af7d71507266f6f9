// The sign-off page as one file to attach to a ticket (`npm run case`, LAB_REPORT_SELF_CONTAINED=1):
// the same page as index.html, with every screenshot inlined, so it shows everything when it is
// opened alone, far from the run's folder.

import { inlineEvidence } from './evidence-images.ts';
import { renderSignoffHtml } from './render-html.ts';
import type { SignoffReport } from './signoff-model.ts';

/** Its name in the sign-off folder, beside index.html (scripts/case.mjs prints its path). */
export const SELF_CONTAINED_REPORT = 'self-contained.html';

// Opened alone, it links to nothing outside itself (the phone gallery stays with the run's folder).
export const renderSelfContainedHtml = (report: SignoffReport): string =>
  renderSignoffHtml({ ...report, phoneGalleryHref: undefined }, inlineEvidence);
