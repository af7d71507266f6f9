import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import QRCode from 'qrcode';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { captureFrame, decodeQr, scanScreenshot } from './index.ts';

const LINK = 'http://127.0.0.1:4100/ibkey/activate?v=1&s=K7Q2M9TX4B1C&c=AQIDBAUGBwgJCgsMDQ4PEBESExQ';
let screenshot: Buffer;

/** A 1280x800 "portal" with the QR drawn 264 px wide, as the gate shows it. */
async function gateScreenshot(text: string, qrWidth = 264): Promise<Buffer> {
  const qr = await QRCode.toBuffer(text, { errorCorrectionLevel: 'M', margin: 4, width: qrWidth });
  return sharp({ create: { width: 1280, height: 800, channels: 3, background: '#f4f6f8' } })
    .composite([
      { input: qr, left: Math.round(640 - qrWidth / 2), top: Math.round(Math.max(0, 420 - qrWidth / 2)) },
    ])
    .png()
    .toBuffer();
}

beforeAll(async () => {
  screenshot = await gateScreenshot(LINK);
});

describe('decodeQr', () => {
  it('reads a gate screenshot', async () => {
    const result = await decodeQr(screenshot);
    expect(result).toMatchObject({ ok: true, text: LINK });
  });

  it('says no_code for a picture without a code', async () => {
    const blank = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#ffffff' } })
      .png()
      .toBuffer();
    expect(await decodeQr(blank)).toMatchObject({
      ok: false,
      reason: 'no_code',
      explanation: 'No QR code is in the picture.',
    });
  });

  it('says too_small for a code whose modules are under a pixel', async () => {
    const tiny = await sharp(screenshot).resize(260).png().toBuffer();
    expect(await decodeQr(tiny)).toMatchObject({ ok: false, reason: 'too_small' });
  });

  it('says too_blurred for a heavily blurred code', async () => {
    const blurred = await sharp(screenshot).blur(14).png().toBuffer();
    expect(await decodeQr(blurred)).toMatchObject({ ok: false, reason: 'too_blurred' });
  });

  it('decodes the real photographs of shared/data/qr-photos at least as often as jsQR did when the set was made', async () => {
    const folder = new URL('../../../shared/data/qr-photos/', import.meta.url).pathname;
    const cases = readdirSync(folder, { withFileTypes: true }).filter((entry) => entry.isDirectory());
    let decoded = 0;
    let expected = 0;
    for (const entry of cases) {
      const truth = JSON.parse(readFileSync(join(folder, entry.name, 'output.json'), 'utf8')) as {
        data: string;
      } | null;
      const result = await decodeQr(readFileSync(join(folder, entry.name, 'input.png')));
      if (truth) expected += 1;
      if (result.ok) {
        decoded += 1;
        // An empty reference text is a code jsQR found but could not read (Shift-JIS); ZXing reads it.
        if (truth?.data) expect(result.text, `photo ${entry.name}`).toBe(truth.data);
      }
    }
    console.log(
      `qr-photos: decoded ${decoded} of ${cases.length} (${((100 * decoded) / cases.length).toFixed(1)}%); jsQR's reference decodes ${expected}`,
    );
    expect(decoded).toBeGreaterThanOrEqual(expected);
  }, 60_000);
});

describe('camera optics', () => {
  it('is deterministic: the same inputs give the same frame', async () => {
    const optics = { distanceCm: 22, focusDistanceCm: 20, tiltDeg: 12, glare: 0.3 };
    const [first, second] = await Promise.all([
      captureFrame(screenshot, optics),
      captureFrame(screenshot, optics),
    ]);
    expect(first.data.equals(second.data)).toBe(true);
  });

  it.each([
    [{ distanceCm: 15 }, 'reads the code at 15 cm'],
    [{ distanceCm: 20 }, 'reads the code at 20 cm'],
    [{ distanceCm: 35 }, 'reads the code at 35 cm'],
    [{ distanceCm: 20, tiltDeg: 25 }, 'reads the code tilted by 25 degrees'],
    [{ distanceCm: 20, glare: 0.3 }, 'reads the code through light glare'],
  ])('%j %s', async (optics, _what) => {
    const result = await scanScreenshot(screenshot, optics);
    expect(result).toMatchObject({ ok: true, text: LINK });
  });

  it.each([
    [{ distanceCm: 20, camera: 'front' as const }, 'front_camera'],
    [{ distanceCm: 90 }, 'too_small'],
    [{ distanceCm: 20, focusDistanceCm: 9 }, 'too_blurred'],
    [{ distanceCm: 5 }, 'too_blurred'],
    [{ distanceCm: 20, glare: 0.85 }, 'glare'],
    [{ distanceCm: 20, tiltDeg: 75 }, 'tilted'],
  ])('%j gives no code, because %s', async (optics, reason) => {
    const result = await scanScreenshot(screenshot, optics);
    expect(result).toMatchObject({ ok: false, reason });
  });

  it('says out_of_frame when the code is larger than the picture', async () => {
    const huge = await gateScreenshot(LINK, 760);
    const result = await scanScreenshot(huge, { distanceCm: 11 });
    expect(result).toMatchObject({ ok: false, reason: 'out_of_frame' });
  });

  it('refuses impossible optics with a sentence naming the value', async () => {
    await expect(captureFrame(screenshot, { distanceCm: -4 })).rejects.toThrow(
      'Camera optics: distanceCm must be a number from 3 to 500.',
    );
    await expect(captureFrame(screenshot, { distanceCm: 20, glare: 2 })).rejects.toThrow(
      'glare must be a number from 0 to 1',
    );
  });
});
