import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { MASK, maskSecrets, maskSecretsInZip } from './mask-secrets.ts';

const CREDENTIAL = 'q1w2e3r4t5y6u7i8o9p0as';
const LINK = `http://127.0.0.1:4000/ibkey/activate?v=1&s=ABCD1234&c=${CREDENTIAL}`;

describe('maskSecrets', () => {
  it('masks the secrets a test knows, plain and URL-encoded', () => {
    expect(maskSecrets('user=ann&password=Lab1-a/b+c', ['Lab1-a/b+c'])).toBe(`user=ann&password=${MASK}`);
    expect(maskSecrets('body: p=Lab1-a%2Fb%2Bc', ['Lab1-a/b+c'])).toBe(`body: p=${MASK}`);
  });

  it('masks an activation link’s credential however it is escaped, and keeps the rest', () => {
    expect(maskSecrets(LINK)).toBe(`http://127.0.0.1:4000/ibkey/activate?v=1&s=ABCD1234&c=${MASK}`);
    expect(maskSecrets(LINK.replace('&c=', '&amp;c='))).toContain(`&amp;c=${MASK}`);
    expect(maskSecrets(encodeURIComponent(LINK))).not.toContain(CREDENTIAL);
  });

  it('masks JSON fields named like secrets and a private JWK’s d, not an SVG path', () => {
    const masked = maskSecrets(
      JSON.stringify({
        txid: 't1',
        nonce: 'n0nce-value',
        key: { kty: 'EC', d: 'A'.repeat(43) },
        path: { d: 'M0 0h4' },
      }),
    );
    expect(JSON.parse(masked)).toEqual({
      txid: 't1',
      nonce: MASK,
      key: { kty: 'EC', d: MASK },
      path: { d: 'M0 0h4' },
    });
  });
});

describe('maskSecretsInZip', () => {
  it('masks every text entry and leaves images byte for byte', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]);
    const zip = new JSZip();
    zip.file('trace.trace', `{"type":"action","params":{"value":"Lab1-secret"}}\n{"url":"${LINK}"}`);
    zip.file('resources/shot.png', png);
    const masked = await JSZip.loadAsync(
      await maskSecretsInZip(await zip.generateAsync({ type: 'uint8array' }), ['Lab1-secret']),
    );
    const trace = await masked.file('trace.trace')!.async('string');
    expect(trace).not.toContain('Lab1-secret');
    expect(trace).not.toContain(CREDENTIAL);
    expect(trace).toContain('"type":"action"');
    expect(await masked.file('resources/shot.png')!.async('uint8array')).toEqual(png);
  });
});
