// The camera driver: decoding and its reasons on made pictures, the real photographs the repository
// carries (test-data/qr-photos), and the optics of the phone's camera.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import QRCode from 'qrcode';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { captureFrame, decodeQr, type QrResult, scanScreenshot } from './index.ts';
import { type QrPhoto, REPOSITORY_QR_PHOTOS, readQrPhotos } from './test-support/qr-photos.ts';

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
});

/**
 * What the pipeline must read from each photo jsQR found nothing in (output.json null): the text
 * known to be there from elsewhere (test-data/qr-photos/README.md says how it is known), or null
 * where it reads nothing today. Every such photo has an entry, so each photo's outcome is fixed: a
 * reading that appears, disappears or changes fails the test and is checked by a person.
 */
const EXPECTED_WHERE_JSQR_FOUND_NOTHING: Record<string, string | null> = {
  '66': null, // holds 'Google Print Ads - T.G.I.A.F. - January 31, 2008', not readable at this angle
  '141': '1234567890',
  damaged: 'http://en.m.wikipedia.org',
  'starbucks-app': null,
  'trackable-book-4': null,
};

/** Parts of the photos away from their code (found by where the pipeline locates it): no code. */
const PARTS_WITHOUT_A_CODE = [
  {
    photo: 'ring',
    what: 'the fingers beside the ring',
    region: { left: 0, top: 0, width: 250, height: 563 },
  },
  {
    photo: 'kanji',
    what: "the program's buttons and Kanji text",
    region: { left: 160, top: 0, width: 336, height: 448 },
  },
  {
    photo: 'chevy-ad',
    what: "the advertisement's text and logo",
    region: { left: 250, top: 0, width: 150, height: 300 },
  },
];

describe("decodeQr on real photographs (test-data/qr-photos, from jsQR's end-to-end tests)", () => {
  const photos = readQrPhotos(REPOSITORY_QR_PHOTOS);
  const readByJsqr = photos.filter((photo) => photo.jsqrText !== null);
  const notReadByJsqr = photos.filter((photo) => photo.jsqrText === null);
  const readings = new Map<string, QrResult>();
  const read = async (photo: QrPhoto) => {
    const result = readings.get(photo.name) ?? (await decodeQr(photo.image));
    readings.set(photo.name, result);
    return result;
  };
  const photoNamed = (name: string) => {
    const photo = photos.find((candidate) => candidate.name === name);
    if (!photo)
      throw new Error(`The repository's QR photos have no ${name}: see test-data/qr-photos/README.md.`);
    return photo;
  };

  it('has photos jsQR read and photos it could not, each with its expected reading', () => {
    expect(readByJsqr.length).toBeGreaterThanOrEqual(10);
    expect(notReadByJsqr.map((photo) => photo.name).sort()).toEqual(
      Object.keys(EXPECTED_WHERE_JSQR_FOUND_NOTHING).sort(),
    );
  });

  it.each(readByJsqr.map((photo) => [photo.name, photo] as const))(
    'reads photo %s exactly as jsQR did',
    async (_name, photo) => {
      expect(await read(photo)).toMatchObject({ ok: true, text: photo.jsqrText });
    },
  );

  it.each(Object.entries(EXPECTED_WHERE_JSQR_FOUND_NOTHING))(
    'reads from photo %s (jsQR found nothing) exactly %j',
    async (name, expected) => {
      const result = await read(photoNamed(name));
      const reading = result.ok ? result.text : null;
      expect(
        reading,
        expected === null
          ? `photo ${name}: the pipeline read nothing here before; a new reading must be checked by a person and written in EXPECTED_WHERE_JSQR_FOUND_NOTHING with how it is known`
          : `photo ${name} holds ${JSON.stringify(expected)}`,
      ).toBe(expected);
    },
  );

  it.each(PARTS_WITHOUT_A_CODE.map((part) => [part.photo, part.what, part] as const))(
    'reads nothing from a part of photo %s without a code (%s)',
    async (_name, _what, part) => {
      const image = await sharp(photoNamed(part.photo).image).extract(part.region).png().toBuffer();
      const result = await decodeQr(image);
      expect(result.ok, `read ${JSON.stringify(result.ok && result.text)} where there is no code`).toBe(
        false,
      );
    },
  );

  it('reads at least as many photos as jsQR did', async () => {
    let readByUs = 0;
    for (const photo of photos) if ((await read(photo)).ok) readByUs += 1;
    console.log(
      `qr-photos (repository set): read ${readByUs} of ${photos.length}; jsQR read ${readByJsqr.length}`,
    );
    expect(readByUs).toBeGreaterThanOrEqual(readByJsqr.length);
  }, 60_000);

  it('refuses a folder that is missing, empty, or holds a photo without its jsQR output', () => {
    const folder = mkdtempSync(join(tmpdir(), 'qr-photos-empty-'));
    try {
      expect(() => readQrPhotos(folder)).toThrow(`${folder} holds no QR photos`);
      expect(() => readQrPhotos(join(folder, 'missing'))).toThrow(
        `There is no folder at ${join(folder, 'missing')} to read QR photos from.`,
      );
      mkdirSync(join(folder, 'half'));
      writeFileSync(join(folder, 'half', 'input.png'), photoNamed('7').image);
      expect(() => readQrPhotos(folder)).toThrow(
        `${join(folder, 'half')} lacks input.png or output.json, so it is not a QR photo.`,
      );
    } finally {
      rmSync(folder, { recursive: true });
    }
  });
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
