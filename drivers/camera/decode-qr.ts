// Decodes the QR code in an image (PNG, JPEG, ...): sharp for pixels, ZXing-C++ (zxing-wasm)
// first for the code, jsqr at two scales when ZXing finds nothing; and says why when it cannot:
// no code at all, a code too small to resolve, or too blurred.

import jsqrModule from 'jsqr';
import sharp from 'sharp';
import { decodeWithZxing } from './zxing.ts';

// jsqr is CommonJS: its function is both the module and its .default, whatever the loader picks.
const jsQR = jsqrModule.default;

export interface Point {
  x: number;
  y: number;
}

export interface QrFound {
  ok: true;
  text: string;
  /** Corners of the code in image pixels. */
  location: { topLeft: Point; topRight: Point; bottomLeft: Point; bottomRight: Point };
  /** Approximate size of one module in pixels (how well the camera resolves the code). */
  modulePx: number;
}

export type QrFailureReason = 'no_code' | 'too_small' | 'too_blurred';

export interface QrNotFound {
  ok: false;
  reason: QrFailureReason;
  /** One sentence for a person: what to do about it, as the article would say. */
  explanation: string;
}

export type QrResult = QrFound | QrNotFound;

export interface RawImage {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

const EXPLANATIONS: Record<QrFailureReason, string> = {
  no_code: 'No QR code is in the picture.',
  too_small: 'A QR code is there but too small to read: move closer.',
  too_blurred: 'The picture is too blurred to read a code: hold still or move until it is sharp.',
};

/** Mean absolute horizontal and vertical gradient of the luma, 0 (flat) to 255: sharpness. */
export function sharpness(image: RawImage): number {
  const { data, width, height } = image;
  let total = 0;
  let count = 0;
  const luma = (offset: number) =>
    (data[offset]! * 77 + data[offset + 1]! * 150 + data[offset + 2]! * 29) >> 8;
  for (let y = 0; y < height - 1; y += 2) {
    for (let x = 0; x < width - 1; x += 2) {
      const offset = (y * width + x) * 4;
      const here = luma(offset);
      total += Math.abs(here - luma(offset + 4)) + Math.abs(here - luma(offset + width * 4));
      count += 2;
    }
  }
  return count ? total / count : 0;
}

/** A picture of one even tone (a blank wall, a covered lens) holds nothing, blurred or not. */
export function isFlat(image: RawImage): boolean {
  const { data } = image;
  let sum = 0;
  let squares = 0;
  let count = 0;
  for (let offset = 0; offset < data.length; offset += 16) {
    const luma = (data[offset]! * 77 + data[offset + 1]! * 150 + data[offset + 2]! * 29) >> 8;
    sum += luma;
    squares += luma * luma;
    count += 1;
  }
  const mean = sum / count;
  return Math.sqrt(Math.max(0, squares / count - mean * mean)) < 6;
}

export async function toRaw(image: Buffer | Uint8Array): Promise<RawImage> {
  const { data, info } = await sharp(image).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return {
    data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength),
    width: info.width,
    height: info.height,
  };
}

export function decodeRaw(image: RawImage): QrFound | undefined {
  const code = jsQR(image.data, image.width, image.height, { inversionAttempts: 'attemptBoth' });
  if (!code) return undefined;
  const {
    topLeftCorner: topLeft,
    topRightCorner: topRight,
    bottomLeftCorner: bottomLeft,
    bottomRightCorner: bottomRight,
  } = code.location;
  const sidePx = Math.hypot(topRight.x - topLeft.x, topRight.y - topLeft.y);
  const modules = 17 + 4 * code.version;
  return {
    ok: true,
    text: code.data,
    location: { topLeft, topRight, bottomLeft, bottomRight },
    modulePx: sidePx / modules,
  };
}

async function resizeRaw(image: RawImage, factor: number): Promise<RawImage> {
  const resized = await sharp(Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength), {
    raw: { width: image.width, height: image.height, channels: 4 },
  })
    .resize(Math.round(image.width * factor), Math.round(image.height * factor), {
      kernel: factor > 1 ? 'lanczos3' : 'linear',
    })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return {
    data: new Uint8ClampedArray(resized.data.buffer, resized.data.byteOffset, resized.data.byteLength),
    width: resized.info.width,
    height: resized.info.height,
  };
}

/**
 * Decodes at half size first when the image is large (faster, and jsqr misses codes whose
 * modules are many pixels wide), then at full size. Locations are in full-size pixels.
 */
export async function decodeAtScales(image: RawImage): Promise<QrFound | undefined> {
  const scales = Math.max(image.width, image.height) > 640 ? [0.5, 1] : [1, 0.5];
  for (const scale of scales) {
    const found = decodeRaw(scale === 1 ? image : await resizeRaw(image, scale));
    if (found) return scale === 1 ? found : rescale(found, 1 / scale);
  }
  return undefined;
}

function rescale(found: QrFound, factor: number): QrFound {
  const point = (p: Point) => ({ x: p.x * factor, y: p.y * factor });
  const { topLeft, topRight, bottomLeft, bottomRight } = found.location;
  return {
    ...found,
    modulePx: found.modulePx * factor,
    location: {
      topLeft: point(topLeft),
      topRight: point(topRight),
      bottomLeft: point(bottomLeft),
      bottomRight: point(bottomRight),
    },
  };
}

export function notFound(reason: QrFailureReason): QrNotFound {
  return { ok: false, reason, explanation: EXPLANATIONS[reason] };
}

/** Below this mean gradient a picture has no edges sharp enough to hold a readable code. */
export const BLUR_THRESHOLD = 2.5;

/**
 * Decodes a QR code. When there is none, tells a code too small to resolve (it decodes once
 * enlarged) from a blurred picture and from a picture with no code at all.
 */
export async function decodeQr(image: Buffer | Uint8Array): Promise<QrResult> {
  const raw = await toRaw(image);
  const found = (await decodeWithZxing(raw)) ?? (await decodeAtScales(raw));
  if (found) return found;
  const retried = decodeRaw(await resizeRaw(raw, 3));
  if (retried) return notFound('too_small');
  if (isFlat(raw)) return notFound('no_code');
  return notFound(sharpness(raw) < BLUR_THRESHOLD ? 'too_blurred' : 'no_code');
}

/** The first decodable code in an image, or undefined (for screenshots, where a code is expected). */
export async function decodeQrImage(image: Buffer | Uint8Array): Promise<QrFound | undefined> {
  const result = await decodeQr(image);
  return result.ok ? result : undefined;
}
