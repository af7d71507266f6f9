// Section 1: QR capture on the same frames, side by side: our camera pipeline (decodeQr: ZXing-C++
// first, jsqr as the fallback), jsqr on the raw full frame, and zxing-wasm (ZXing-C++). Every
// decoder starts from the same encoded image, so the PNG decode is in every figure.

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import jsqrModule from 'jsqr';
import sharp from 'sharp';
import { readBarcodes } from 'zxing-wasm/reader';
import { decodeQrImage, loadZxing, toRaw } from '../drivers/camera/index.ts';
import { captureFrame } from '../drivers/camera/optics.ts';
import {
  QrPhotoSetError,
  REPOSITORY_QR_PHOTOS,
  readQrPhotos,
} from '../drivers/camera/test-support/qr-photos.ts';
import { medianOf, type Row } from './stats.ts';

const jsQR = jsqrModule as unknown as typeof jsqrModule.default;

export interface QrFrame {
  set: string;
  name: string;
  image: Buffer;
  /** The text the frame holds, when known (screenshots and camera frames: the activation link; photos: jsQR's reading). */
  expected?: string;
}

type Decoder = (image: Buffer) => Promise<string | undefined>;

const DECODERS: Record<string, Decoder> = {
  'our pipeline': async (image) => (await decodeQrImage(image))?.text,
  'jsqr, raw full frame': async (image) => {
    const { data, width, height } = await toRaw(image);
    return jsQR(data, width, height, { inversionAttempts: 'attemptBoth' })?.data;
  },
  'zxing-wasm': async (image) => {
    const { data, width, height } = await toRaw(image);
    const [found] = await readBarcodes({ data, width, height, colorSpace: 'srgb' } as ImageData, {
      formats: ['QRCode'],
      maxNumberOfSymbols: 1,
      tryHarder: true,
    });
    return found?.isValid ? found.text : undefined;
  },
};

export interface QrPhotoSet {
  folder: string;
  /** Who chose it: the flag, the variable, or the repository (the default). */
  chosenBy: '--qr-photos' | 'LAB_QR_PHOTOS' | 'the repository';
}

/** The photos to measure: --qr-photos, else LAB_QR_PHOTOS, else the repository's own set. */
export function chooseQrPhotoSet(flag: string | undefined, variable: string | undefined): QrPhotoSet {
  if (flag) return { folder: resolve(flag), chosenBy: '--qr-photos' };
  if (variable) return { folder: resolve(variable), chosenBy: 'LAB_QR_PHOTOS' };
  return { folder: REPOSITORY_QR_PHOTOS, chosenBy: 'the repository' };
}

/**
 * The set's photos as frames, each judged by the text jsQR read from it when it read one, and the
 * line saying which set it is; throws QrPhotoSetError (a sentence) when the folder is not a set.
 */
export function qrPhotoFrames(set: QrPhotoSet): { frames: QrFrame[]; description: string } {
  const given = set.chosenBy === '--qr-photos' || set.chosenBy === 'LAB_QR_PHOTOS';
  if (given && !existsSync(set.folder))
    throw new QrPhotoSetError(
      `The QR photo folder given by ${set.chosenBy}, ${set.folder}, does not exist (leave ${set.chosenBy} out to use the repository's set).`,
    );
  const photos = readQrPhotos(set.folder);
  const count = `${photos.length} photo${photos.length === 1 ? '' : 's'}`;
  const description = {
    '--qr-photos': `using the set given by --qr-photos, ${set.folder} (${count})`,
    LAB_QR_PHOTOS: `using the set given by LAB_QR_PHOTOS, ${set.folder} (${count})`,
    'the repository': `using the repository's small set, ${set.folder} (${count}); give a larger one with --qr-photos <dir> or LAB_QR_PHOTOS=<dir>`,
  }[set.chosenBy];
  const name = set.chosenBy === 'the repository' ? 'qr-photos, repository set' : `qr-photos at ${set.folder}`;
  const frames = photos.map((photo) => ({
    set: name,
    name: photo.name,
    image: photo.image,
    expected: photo.jsqrText ?? undefined,
  }));
  return { frames, description };
}

/** What the phone's camera sees of a gate screenshot at three distances. */
export async function cameraFrames(screenshot: Buffer, expected: string): Promise<QrFrame[]> {
  const frames: QrFrame[] = [];
  for (const distanceCm of [15, 25, 40]) {
    const frame = await captureFrame(screenshot, { distanceCm });
    const image = await sharp(frame.data, { raw: { width: frame.width, height: frame.height, channels: 4 } })
      .png({ compressionLevel: 1 })
      .toBuffer();
    frames.push({ set: `camera at ${distanceCm} cm`, name: `${distanceCm}cm`, image, expected });
  }
  return frames;
}

export async function benchQrCapture(frames: QrFrame[], repeats: number): Promise<Row[]> {
  await loadZxing();
  const rows: Row[] = [];
  const sets = [...new Set(frames.map((frame) => frame.set))];
  for (const set of sets) {
    const inSet = frames.filter((frame) => frame.set === set);
    for (const [decoder, decode] of Object.entries(DECODERS)) {
      for (const frame of inSet) await decode(frame.image); // warm-up
      const perRun: number[] = [];
      let decoded = 0;
      for (let run = 0; run < repeats; run += 1) {
        const times: number[] = [];
        decoded = 0;
        for (const frame of inSet) {
          const start = performance.now();
          const text = await decode(frame.image);
          times.push(performance.now() - start);
          if (text !== undefined && (frame.expected === undefined || text === frame.expected)) decoded += 1;
        }
        perRun.push(medianOf(times));
      }
      rows.push({
        section: 'QR capture',
        subject: `${set} (${inSet.length} frame${inSet.length > 1 ? 's' : ''})`,
        contender: decoder,
        unit: 'ms/frame',
        median: medianOf(perRun),
        min: Math.min(...perRun),
        max: Math.max(...perRun),
        runs: repeats,
        extra: { decoded: `${decoded}/${inSet.length}` },
      });
    }
  }
  return rows;
}
