// The page for a ticket must show every screen when it is opened alone: no image may point at a
// file beside it. index.html, for its part, keeps its screenshots as files in evidence/.

import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evidenceFilesIn } from './evidence-images.ts';
import { renderSignoffHtml } from './render-html.ts';
import { renderSelfContainedHtml } from './render-self-contained.ts';
import { buildReport } from './signoff-model.ts';
import { aTestRecord, RUN_FACTS } from './test-support/signoff-records.ts';

const folder = mkdtempSync(join(tmpdir(), 'self-contained-report-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

// Stand-ins for PNG bytes: the page only carries them.
const portalOnDisk = join(folder, 'scan-portal.png');
writeFileSync(portalOnDisk, 'portal screen after the scan');
const phoneInMemory = Buffer.from('phone screen after the scan');
const failingPortal = Buffer.from('portal screen when it failed');

const report = buildReport(
  [
    aTestRecord({
      steps: [
        { title: 'scan', durationMs: 90, portal: { path: portalOnDisk }, phone: { body: phoneInMemory } },
      ],
    }),
    aTestRecord({
      project: 'touchid-fr-FR',
      outcome: 'failed',
      steps: [
        { title: 'tap Deny', durationMs: 90, error: 'Expected: "Refused"', portal: { body: failingPortal } },
      ],
      failedStep: 0,
      transcript: [{ at: '2025-03-14T09:27:00.000Z', kind: 'screen', text: 'IBKR Mobile: login request' }],
      stateAfter: { audit: [{ kind: 'login', outcome: 'DENIED' }] },
    }),
  ],
  RUN_FACTS,
);
const sources = (page: string) => [...page.matchAll(/\ssrc="([^"]*)"/g)].map((match) => match[1]!);
const dataUri = (bytes: string | Buffer) => `data:image/png;base64,${Buffer.from(bytes).toString('base64')}`;

describe('renderSelfContainedHtml', () => {
  // The run wrote a phone gallery beside its report: the page for a ticket still links only to itself.
  const page = renderSelfContainedHtml({ ...report, phoneGalleryHref: '../phone-gallery/index.html' });

  it('inlines every screenshot, from a file or from memory, and leaves no relative src', () => {
    const found = sources(page);
    // The failing step's portal shows twice: in its step and in the failure box.
    expect(found).toHaveLength(4);
    for (const src of found) expect(src).toMatch(/^data:image\/png;base64,/);
    expect(found).toEqual(
      expect.arrayContaining([
        dataUri('portal screen after the scan'),
        dataUri(phoneInMemory),
        dataUri(failingPortal),
      ]),
    );
  });

  it('links only within itself and keeps the transcript and the server rows it shows', () => {
    const hrefs = [...page.matchAll(/\shref="([^"]*)"/g)].map((match) => match[1]!);
    expect(hrefs, 'the page should link its journeys and failures').not.toEqual([]);
    for (const href of hrefs) expect(href).toMatch(/^#/);
    expect(page).toContain('IBKR Mobile: login request');
    expect(page).toContain('{&quot;kind&quot;:&quot;login&quot;,&quot;outcome&quot;:&quot;DENIED&quot;}');
  });
});

describe('index.html’s link to the phone gallery', () => {
  it('is there when the run wrote one beside the report, and not otherwise', () => {
    const withGallery = renderSignoffHtml(
      { ...report, phoneGalleryHref: '../phone-gallery/index.html' },
      evidenceFilesIn(join(folder, 'with-gallery')),
    );
    expect(withGallery).toContain('<a href="../phone-gallery/index.html">Every phone screen</a>');
    expect(renderSignoffHtml(report, evidenceFilesIn(join(folder, 'without')))).not.toContain(
      'Every phone screen',
    );
  });
});

describe('index.html’s screenshots', () => {
  it('are files in evidence/ beside it, one per distinct screen', () => {
    const signoff = join(folder, 'signoff');
    const page = renderSignoffHtml(report, evidenceFilesIn(signoff));
    const shown = sources(page);
    for (const src of shown) expect(src).toMatch(/^evidence\/[0-9a-f]{40}\.png$/);
    const files = readdirSync(join(signoff, 'evidence'));
    // Every screen the page shows is one of the files, and every file is shown.
    expect([...new Set(shown)].sort()).toEqual(files.map((file) => `evidence/${file}`).sort());
    expect(files.map((file) => readFileSync(join(signoff, 'evidence', file), 'utf8')).sort()).toEqual([
      'phone screen after the scan',
      'portal screen after the scan',
      'portal screen when it failed',
    ]);
  });
});
