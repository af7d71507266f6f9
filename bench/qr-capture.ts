// Section 1: QR capture on the same frames, side by side: our camera pipeline (decodeQr: sharp
// + jsqr at half size first), jsqr on the raw full frame, and zxing-wasm (ZXing-C++). Every
// decoder starts from the same encoded image, so the PNG decode is in every figure.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import jsqrModule from 'jsqr';
import sharp from 'sharp';
import { readBarcodes } from 'zxing-wasm/reader';
import { decodeQrImage, loadZxing, toRaw } from '../drivers/camera/index.ts';
import { captureFrame } from '../drivers/camera/optics.ts';
import { medianOf, type Row } from './stats.ts';

const jsQR = jsqrModule as unknown as typeof jsqrModule.default;

export interface QrFrame {
  set: string;
  name: string;
  image: Buffer;
  /** The text the frame holds, when known (screenshots and camera frames: the activation link). */
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

export function qrPhotoFrames(folder: string): QrFrame[] {
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => ({
      set: 'qr-photos',
      name: entry.name,
      image: readFileSync(join(folder, entry.name, 'input.png')),
    }));
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
