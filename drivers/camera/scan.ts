// The camera app's scan: optics, then decoding, with a reason a person understands when no
// banner appears (the article's troubleshooting causes).

import { BLUR_THRESHOLD, decodeQr, decodeRaw, type QrFound, sharpness } from './decode-qr.ts';
import { captureFrame, DEFAULT_SCENE, type Frame, type Optics, type SceneGeometry } from './optics.ts';

export type ScanFailureReason =
  | 'front_camera'
  | 'no_code'
  | 'too_small'
  | 'too_blurred'
  | 'out_of_frame'
  | 'glare'
  | 'tilted';

export type ScanResult =
  | {
      ok: true;
      text: string;
      modulePx: number;
      frame: Frame;
      /** Where the code is in the frame (its pixels): the Camera app draws its yellow frame there. */
      location: QrFound['location'];
    }
  | { ok: false; reason: ScanFailureReason; explanation: string; frame: Frame };

const EXPLANATIONS: Record<ScanFailureReason, string> = {
  front_camera: 'The front camera is active: it sees the user, not the screen. Switch to the back camera.',
  no_code: 'No QR code is in the picture.',
  too_small: 'The QR code is too small in the picture: move the phone closer.',
  too_blurred: 'The QR code is out of focus: move the phone until the code is sharp.',
  out_of_frame: 'The QR code does not fit in the picture: move the phone farther away.',
  glare: 'A reflection hides the QR code: change the angle of the phone.',
  tilted: 'The phone is at too steep an angle to the screen: hold it square to the code.',
};

/** Points the camera at a screenshot and reads it as the Camera app does. */
export async function scanScreenshot(
  screenshot: Buffer | Uint8Array,
  optics: Optics,
  scene: SceneGeometry = DEFAULT_SCENE,
): Promise<ScanResult> {
  // Like a phone's detector: look at a half-size frame first, the full frame only when needed.
  let frame = await captureFrame(screenshot, optics, scene, 0.5);
  const fail = (reason: ScanFailureReason) => ({
    ok: false as const,
    reason,
    explanation: EXPLANATIONS[reason],
    frame,
  });
  if (frame.applied.camera === 'front') return fail('front_camera');
  const quick = decodeRaw(asRaw(frame));
  if (quick)
    return { ok: true, text: quick.text, modulePx: quick.modulePx * 2, frame, location: quick.location };
  frame = await captureFrame(screenshot, optics, scene);
  const found: QrFound | undefined = decodeRaw(asRaw(frame));
  if (found) return { ok: true, text: found.text, modulePx: found.modulePx, frame, location: found.location };
  return fail(await explainMiss(screenshot, frame, optics));
}

function asRaw(frame: Frame) {
  return {
    data: new Uint8ClampedArray(frame.data.buffer, frame.data.byteOffset, frame.data.byteLength),
    width: frame.width,
    height: frame.height,
  };
}

/** Why the camera missed a code the screenshot itself holds: judged from the optics applied. */
async function explainMiss(
  screenshot: Buffer | Uint8Array,
  frame: Frame,
  optics: Optics,
): Promise<ScanFailureReason> {
  const source = await decodeQr(screenshot);
  if (!source.ok && source.reason === 'no_code') return 'no_code';
  const modulePxInFrame = source.ok ? source.modulePx * frame.applied.scale : 0;
  const sideInFrame = source.ok
    ? Math.hypot(
        source.location.topRight.x - source.location.topLeft.x,
        source.location.topRight.y - source.location.topLeft.y,
      ) * frame.applied.scale
    : 0;
  if (sideInFrame > Math.min(frame.width, frame.height) * 0.98) return 'out_of_frame';
  if ((optics.glare ?? 0) >= 0.5) return 'glare';
  if (Math.abs(optics.tiltDeg ?? 0) >= 40) return 'tilted';
  if (frame.applied.blurSigma >= 0.6 * Math.max(modulePxInFrame, 1)) return 'too_blurred';
  if (modulePxInFrame > 0 && modulePxInFrame < 2.2) return 'too_small';
  const rawFrame = {
    data: new Uint8ClampedArray(frame.data.buffer, frame.data.byteOffset, frame.data.byteLength),
    width: frame.width,
    height: frame.height,
  };
  return sharpness(rawFrame) < BLUR_THRESHOLD ? 'too_blurred' : 'no_code';
}

export { DEFAULT_SCENE };
