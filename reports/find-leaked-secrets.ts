// Searches every file a run wrote (zips opened: traces, blobs, nested) for the secrets the run
// generated, as they are and URL-encoded. What the secrets test and a worried person run.

import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import JSZip from 'jszip';

export interface Leak {
  file: string;
  kind: string;
}

export interface LedgerEntry {
  kind: string;
  value: string;
}

export function parseLedger(text: string): LedgerEntry[] {
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as LedgerEntry);
}

async function* filesUnder(folder: string): AsyncGenerator<string> {
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) yield* filesUnder(path);
    else if (entry.isFile()) yield path;
  }
}

const isZip = (bytes: Uint8Array) =>
  bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

async function searchBytes(
  name: string,
  bytes: Uint8Array,
  secrets: LedgerEntry[],
  leaks: Leak[],
): Promise<number> {
  if (isZip(bytes)) {
    let count = 0;
    const zip = await JSZip.loadAsync(bytes);
    for (const entry of Object.values(zip.files))
      if (!entry.dir)
        count += await searchBytes(`${name}!${entry.name}`, await entry.async('uint8array'), secrets, leaks);
    return count;
  }
  const text = Buffer.from(bytes).toString('utf8');
  // Playwright's HTML report carries its data as a base64 zip inside index.html.
  let count = 1;
  for (const embedded of text.matchAll(/data:application\/zip;base64,([A-Za-z0-9+/=]+)/g))
    count += await searchBytes(`${name}!embedded`, Buffer.from(embedded[1]!, 'base64'), secrets, leaks);
  for (const secret of secrets)
    if (text.includes(secret.value) || text.includes(encodeURIComponent(secret.value)))
      leaks.push({ file: name, kind: secret.kind });
  return count;
}

/** Returns the leaks found and how many files (zip entries included) were searched. */
export async function findLeakedSecrets(
  folder: string,
  secrets: LedgerEntry[],
): Promise<{ leaks: Leak[]; filesSearched: number }> {
  const leaks: Leak[] = [];
  let filesSearched = 0;
  for await (const path of filesUnder(folder))
    filesSearched += await searchBytes(relative(folder, path), await readFile(path), secrets, leaks);
  return { leaks, filesSearched };
}
