import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterEach, describe, expect, it } from 'vitest';
import { findLeakedSecrets, parseLedger } from './find-leaked-secrets.ts';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

describe('findLeakedSecrets', () => {
  it('finds a secret in a plain file, inside a zip, and inside a base64 zip embedded in HTML', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'leaks-'));
    folders.push(folder);
    const secrets = parseLedger(
      ['password', 'nonce', 'private-key']
        .map((kind, index) => JSON.stringify({ kind, value: `secret-${index}-value` }))
        .join('\n'),
    );
    mkdirSync(join(folder, 'nested'));
    writeFileSync(join(folder, 'nested/log.txt'), 'nothing here, then secret-0-value');
    const inner = new JSZip().file('trace.trace', 'a secret-1-value b');
    writeFileSync(join(folder, 'trace.zip'), await inner.generateAsync({ type: 'nodebuffer' }));
    const embedded = await new JSZip()
      .file('report.json', encodeURIComponent('x secret-2-value'))
      .generateAsync({ type: 'base64' });
    writeFileSync(
      join(folder, 'index.html'),
      `<script>window.data = "data:application/zip;base64,${embedded}";</script>`,
    );
    writeFileSync(join(folder, 'clean.md'), 'no secret at all');

    const { leaks, filesSearched } = await findLeakedSecrets(folder, secrets);
    expect(leaks).toEqual(
      expect.arrayContaining([
        { file: 'nested/log.txt', kind: 'password' },
        { file: 'trace.zip!trace.trace', kind: 'nonce' },
        { file: 'index.html!embedded!report.json', kind: 'private-key' },
      ]),
    );
    expect(leaks).toHaveLength(3);
    expect(filesSearched).toBe(5);
  });
});
