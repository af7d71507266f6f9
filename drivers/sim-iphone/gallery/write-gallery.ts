// `npm run phone:gallery`: every screen of the simulated iPhone (screen-catalogue.ts)
// on the three profiles in both languages, as device-pixel PNGs beside one page for review:
// lab-output/phone-gallery/index.html (under LAB_OUTPUT_DIR when set), which the sign-off report links to.

import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { html, type Markup } from '../../../common/index.ts';
import { PROFILES } from '../lib/device/profiles.ts';
import { renderScreenshot } from '../lib/device/render-png.ts';
import { CATALOGUE, catalogueDevice, LOCALES } from './screen-catalogue.ts';

// Beside the lab's other output (LAB_OUTPUT_DIR, as reports/output-paths.ts reads it), where the sign-off report looks.
const out = join(process.env.LAB_OUTPUT_DIR || 'lab-output', 'phone-gallery');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
const rows: Markup[] = [];
const started = performance.now();
let count = 0;
for (const [index, entry] of CATALOGUE.entries()) {
  const cells: Markup[] = [];
  for (const profile of PROFILES)
    for (const locale of LOCALES) {
      const device = catalogueDevice(profile, locale);
      try {
        await entry.setUp(device);
        const file = `${String(index).padStart(2, '0')}-${slug(entry.name)}-${slug(profile.model)}-${locale}.png`;
        writeFileSync(join(out, file), await renderScreenshot(device));
        count += 1;
        const { width, height } = profile.screen;
        cells.push(
          html`<figure><img src="${file}" width="${Math.round(width * 0.6)}" height="${Math.round(height * 0.6)}" loading="lazy" alt="${entry.name}, ${profile.name}, ${locale}"><figcaption>${profile.name} · ${locale}</figcaption></figure>`,
        );
      } finally {
        await device.shutdown();
      }
    }
  rows.push(html`<section><h2>${entry.name}</h2><div class="row">${cells}</div></section>`);
}
writeFileSync(
  join(out, 'index.html'),
  `<!doctype html><html lang="en"><meta charset="utf-8"><title>Simulated iPhone: every screen</title>
<style>body{font:14px system-ui,sans-serif;margin:24px;background:#fafafa}h2{font-size:16px;margin:28px 0 8px}
.row{display:flex;gap:16px;overflow-x:auto;align-items:flex-start}figure{margin:0}img{border:1px solid #ccc;border-radius:12px;background:#fff}
figcaption{color:#555;font-size:12px;margin-top:4px}</style>
<h1>Simulated iPhone: every screen</h1><p>${count} screenshots: ${CATALOGUE.length} screens × ${PROFILES.length} profiles × ${LOCALES.length} languages, in device pixels (shown at 60%).</p>
${rows.join('\n')}
</html>
`,
);
console.log(
  `${join(out, 'index.html')}: ${count} screenshots in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
