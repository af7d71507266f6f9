// Masks secrets wherever the lab writes text a person will read: attachments, traces, reports.
// Two nets: the secrets a test knows (its account's password), and the shapes secrets have on
// the wire (an activation link's credential, JSON fields named like secrets, a JWK's "d").

import JSZip from 'jszip';
import { faultOn } from '../product/index.ts';

export const MASK = '•••';

const SHAPES: [RegExp, string][] = [
  // The activation link's credential, plain, HTML-escaped (&amp;c=) or URL-encoded (%26c%3D).
  [/([?&;]c=|%26c%3D)[A-Za-z0-9_-]{16,}/g, `$1${MASK}`],
  [/("(?:password|nonce|credential|privateKey|secret)"\s*:\s*)"(?:[^"\\]|\\.)*"/gi, `$1"${MASK}"`],
  // A P-256 private JWK's d: 32 bytes, 43 base64url characters.
  [/("d"\s*:\s*)"[A-Za-z0-9_-]{43}"/g, `$1"${MASK}"`],
  // A password in a form body.
  [/((?:^|&)password=)[^&\s"]+/g, `$1${MASK}`],
];

export function maskSecrets(text: string, known: Iterable<string> = []): string {
  if (faultOn('secrets-not-masked')) return text;
  let masked = text;
  for (const secret of known) {
    if (secret.length < 6) continue;
    for (const form of new Set([secret, encodeURIComponent(secret)])) masked = masked.split(form).join(MASK);
  }
  for (const [shape, replacement] of SHAPES) masked = masked.replace(shape, replacement);
  return masked;
}

/** Looks binary (an image, a font): left alone, since a mask would only corrupt it. */
function isBinary(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 1024);
  return head.includes(0) || (head[0] === 0x89 && head[1] === 0x50) || (head[0] === 0xff && head[1] === 0xd8);
}

/** A zip (a Playwright trace) with every text entry masked. */
export async function maskSecretsInZip(zipBytes: Uint8Array, known: Iterable<string> = []): Promise<Buffer> {
  const secrets = [...known];
  const zip = await JSZip.loadAsync(zipBytes);
  for (const entry of Object.values(zip.files)) {
    if (entry.dir) continue;
    const bytes = await entry.async('uint8array');
    if (isBinary(bytes)) continue;
    zip.file(entry.name, maskSecrets(Buffer.from(bytes).toString('utf8'), secrets));
  }
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}
