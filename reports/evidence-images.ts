// How a report page points at its evidence screenshots: as files copied beside it (index.html,
// light, opens from its folder), or inlined as data: URIs (one file that still shows every screen
// once copied alone into a ticket).

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Evidence } from './signoff-model.ts';

/** What a page puts in an image's src for a screenshot; undefined leaves the screenshot out. */
export type ImageSource = (evidence: Evidence) => string | undefined;

/** A screenshot's bytes, whether the attachment kept them or only its file's path. */
export function evidenceBytes(evidence: Evidence): Buffer | undefined {
  if (evidence.body) return evidence.body;
  return evidence.path && existsSync(evidence.path) ? readFileSync(evidence.path) : undefined;
}

/**
 * Copies each screenshot once into `<folder>/evidence/<sha1>.png` and answers its path relative
 * to the page (a screen that did not change between steps is one file).
 */
export function evidenceFilesIn(folder: string): ImageSource {
  mkdirSync(join(folder, 'evidence'), { recursive: true });
  const written = new Set<string>();
  return (evidence) => {
    const bytes = evidenceBytes(evidence);
    if (!bytes) return undefined;
    const name = `evidence/${createHash('sha1').update(bytes).digest('hex')}.png`;
    if (!written.has(name)) {
      writeFileSync(join(folder, name), bytes);
      written.add(name);
    }
    return name;
  };
}

/** The screenshot as a data: URI, so the page needs no file beside it. */
export const inlineEvidence: ImageSource = (evidence) => {
  const bytes = evidenceBytes(evidence);
  return bytes ? `data:image/png;base64,${bytes.toString('base64')}` : undefined;
};
