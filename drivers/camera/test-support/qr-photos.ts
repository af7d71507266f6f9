// Reads a set of real QR photographs laid out as jsQR's end-to-end tests are (one folder per photo
// with input.png and jsQR's output.json), for the camera test and the bench. The repository carries
// a small set in test-data/qr-photos; a larger one can be given by path.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The set the repository carries: a few of jsQR's photos (its README.md says which and why). */
export const REPOSITORY_QR_PHOTOS = fileURLToPath(new URL('../test-data/qr-photos', import.meta.url));

export interface QrPhoto {
  /** The photo's folder name, as in jsQR's tests ("damaged", "172"). */
  name: string;
  image: Buffer;
  /**
   * The text jsQR read; null where jsQR found no code. Where jsQR found the code's bytes but gave no
   * text (Shift-JIS in byte mode), the bytes read as Shift-JIS.
   */
  jsqrText: string | null;
}

export class QrPhotoSetError extends Error {
  override name = 'QrPhotoSetError';
}

/** What jsQR 1.x wrote to output.json: null when it found no code. */
interface JsqrOutput {
  data: string;
  binaryData: number[];
}

function textJsqrRead(output: JsqrOutput | null): string | null {
  if (!output) return null;
  if (output.data || output.binaryData.length === 0) return output.data;
  try {
    return new TextDecoder('shift_jis', { fatal: true }).decode(Uint8Array.from(output.binaryData));
  } catch {
    return output.data;
  }
}

/** Every photo of the set in `folder`; a sentence saying what is wrong when it is not such a set. */
export function readQrPhotos(folder: string): QrPhoto[] {
  if (!existsSync(folder) || !statSync(folder).isDirectory())
    throw new QrPhotoSetError(`There is no folder at ${folder} to read QR photos from.`);
  const names = readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  if (names.length === 0)
    throw new QrPhotoSetError(
      `${folder} holds no QR photos: each photo is a folder with input.png and output.json, as in jsQR's end-to-end tests.`,
    );
  return names.map((name) => {
    const image = join(folder, name, 'input.png');
    const output = join(folder, name, 'output.json');
    if (!existsSync(image) || !existsSync(output))
      throw new QrPhotoSetError(
        `${join(folder, name)} lacks input.png or output.json, so it is not a QR photo.`,
      );
    return {
      name,
      image: readFileSync(image),
      jsqrText: textJsqrRead(JSON.parse(readFileSync(output, 'utf8')) as JsqrOutput | null),
    };
  });
}
