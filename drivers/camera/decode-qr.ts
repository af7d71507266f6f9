// Decodes the QR code in an image (PNG, JPEG, ...) with sharp for pixels and jsqr for the code.

import jsqrModule from 'jsqr';
import sharp from 'sharp';

// jsqr is CommonJS: its function is both the module and its .default, whatever the loader picks.
const jsQR = jsqrModule.default;

export interface DecodedQr {
  text: string;
  /** Corners of the code in image pixels. */
  location: { topLeft: Point; topRight: Point; bottomLeft: Point; bottomRight: Point };
}

interface Point {
  x: number;
  y: number;
}

/** Returns the decoded code, or undefined when the image holds no readable QR code. */
export async function decodeQrImage(image: Buffer | Uint8Array): Promise<DecodedQr | undefined> {
  const { data, info } = await sharp(image).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const code = jsQR(
    new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength),
    info.width,
    info.height,
    {
      inversionAttempts: 'attemptBoth',
    },
  );
  if (!code) return undefined;
  return {
    text: code.data,
    location: {
      topLeft: code.location.topLeftCorner,
      topRight: code.location.topRightCorner,
      bottomLeft: code.location.bottomLeftCorner,
      bottomRight: code.location.bottomRightCorner,
    },
  };
}
