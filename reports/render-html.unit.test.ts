// The HTML report shows test titles, errors and server rows that tests and the server under test
// wrote: none of it may become markup, whether it lands in text or in an attribute.

import { describe, expect, it } from 'vitest';
import { renderSignoffHtml } from './render-html.ts';
import { buildReport, type RunFacts, type TestRecord } from './signoff-model.ts';

const SCRIPT = '<script>alert(1)</script>';
const ATTRIBUTE_BREAKOUT = '"onmouseover=alert(2) x="';

const hostileTest: TestRecord = {
  key: `faceid-en-US › hostile.spec.ts › ${SCRIPT}`,
  journey: `L'app ${SCRIPT}`,
  title: SCRIPT,
  file: 'hostile.spec.ts',
  project: 'faceid-en-US',
  phone: 'iPhone 15 (Face ID)',
  locale: `en-US ${ATTRIBUTE_BREAKOUT}`,
  covers: ['step-1'],
  tags: ['@step-1'],
  outcome: 'failed',
  durationMs: 1200,
  retries: 0,
  error: `Expected "ok" & got </pre>${SCRIPT}`,
  steps: [{ title: ATTRIBUTE_BREAKOUT, durationMs: 40, error: SCRIPT, portal: { path: 'portal.png' } }],
  failedStep: 0,
  stateBefore: { users: [{ name: SCRIPT }] },
  stateAfter: { users: [{ name: ATTRIBUTE_BREAKOUT }] },
  transcript: [{ text: `</pre>${SCRIPT}` }],
  replay: `npm run lab -- --grep '${SCRIPT}'`,
};

const facts: RunFacts = {
  startedAt: '2025-03-14T09:26:53.589Z',
  durationMs: 5000,
  commit: SCRIPT,
  seed: ATTRIBUTE_BREAKOUT,
  storeModes: ['embedded'],
  versions: { [SCRIPT]: ATTRIBUTE_BREAKOUT },
};

const page = renderSignoffHtml(buildReport([hostileTest], facts), () => `evidence/${ATTRIBUTE_BREAKOUT}.png`);

describe('renderSignoffHtml', () => {
  it('shows hostile text as text', () => {
    expect(page).not.toContain('<script>alert');
    expect(page).toContain('<span class="title">&lt;script&gt;alert(1)&lt;/script&gt;</span>');
    expect(page).toContain('<pre class="error">Expected &quot;ok&quot; &amp; got &lt;/pre&gt;&lt;script&gt;');
    expect(page.match(/<script/g)).toHaveLength(1);
  });

  it('keeps hostile text inside the attribute it was put in', () => {
    expect(page).not.toContain('"onmouseover=');
    expect(page).toContain('alt="portal after: &quot;onmouseover=alert(2) x=&quot;"');
    expect(page).toContain('src="evidence/&quot;onmouseover=alert(2) x=&quot;.png"');
    expect(page).toContain('data-column="Face ID · en-US &quot;onmouseover=alert(2) x=&quot;"');
  });

  it('escapes once: its own markup stays markup', () => {
    expect(page).toContain('<span class="pill failed">Failed</span>');
    expect(page).toContain('<details class="test"');
    expect(page).not.toContain('&amp;lt;');
  });
});
