// What a phone camera sees of a screen: the screenshot scaled by distance, foreshortened by tilt,
// blurred by focus error, washed by glare, placed in a camera frame. Deterministic: the same
// inputs give the same frame, byte for byte.

import sharp, { type SharpOptions } from 'sharp';

export type CameraSide = 'back' | 'front';

export interface Optics {
  /** Camera to screen, in centimetres. */
  distanceCm: number;
  /** Where the lens is focused; defaults to the distance (autofocus found it). */
  focusDistanceCm?: number;
  /** Rotation of the phone around the screen's vertical axis, degrees (0 = square on). */
  tiltDeg?: number;
  /** Strength of a reflection on the screen, 0 (none) to 1 (a white patch over the middle). */
  glare?: number;
  camera?: CameraSide;
}

export interface SceneGeometry {
  /** Physical width of the screen the screenshot was taken from. */
  screenWidthCm: number;
  /** Horizontal field of view of the camera, degrees. */
  fieldOfViewDeg: number;
  frameWidth: number;
  frameHeight: number;
  /** Autofocus cannot focus closer than this: nearer, the picture blurs. */
  minFocusCm: number;
}

export const DEFAULT_SCENE: SceneGeometry = {
  screenWidthCm: 30,
  fieldOfViewDeg: 65,
  frameWidth: 720,
  frameHeight: 960,
  minFocusCm: 10,
};

export interface Frame {
  /** RGBA pixels of the camera frame. */
  data: Buffer;
  width: number;
  height: number;
  /** What the optics did, for the device transcript and for explaining a failed scan. */
  applied: { scale: number; blurSigma: number; tiltDeg: number; glare: number; camera: CameraSide };
}

const BACKGROUND = { r: 38, g: 40, b: 44, alpha: 1 };

/** How many frame pixels a screenshot pixel becomes at this distance. */
export function scaleAt(
  distanceCm: number,
  screenshotWidth: number,
  scene: SceneGeometry = DEFAULT_SCENE,
): number {
  const visibleWidthCm = 2 * distanceCm * Math.tan(((scene.fieldOfViewDeg / 2) * Math.PI) / 180);
  return (scene.frameWidth / visibleWidthCm) * (scene.screenWidthCm / screenshotWidth);
}

/** Defocus in dioptres times a lens constant: 0 when focused at the distance. */
export function blurSigmaFor(distanceCm: number, focusDistanceCm: number): number {
  const defocus = Math.abs(100 / distanceCm - 100 / focusDistanceCm);
  return 2.2 * defocus;
}

export function validateOptics(optics: Optics): string | undefined {
  const { distanceCm, focusDistanceCm, tiltDeg = 0, glare = 0, camera = 'back' } = optics;
  if (!Number.isFinite(distanceCm) || distanceCm < 3 || distanceCm > 500)
    return 'distanceCm must be a number from 3 to 500';
  if (
    focusDistanceCm !== undefined &&
    (!Number.isFinite(focusDistanceCm) || focusDistanceCm < 3 || focusDistanceCm > 10_000)
  ) {
    return 'focusDistanceCm must be a number from 3 to 10000';
  }
  if (!Number.isFinite(tiltDeg) || Math.abs(tiltDeg) > 80) return 'tiltDeg must be a number from -80 to 80';
  if (!Number.isFinite(glare) || glare < 0 || glare > 1) return 'glare must be a number from 0 to 1';
  if (camera !== 'back' && camera !== 'front') return 'camera must be "back" or "front"';
  return undefined;
}

/** Renders what the camera sees of `screenshot` with `optics`. */
/**
 * Renders what the camera sees of `screenshot` with `optics`. `resolution` below 1 renders a
 * smaller frame of the same scene (what the camera's detector looks at first: faster).
 */
export async function captureFrame(
  screenshot: Buffer | Uint8Array,
  optics: Optics,
  scene: SceneGeometry = DEFAULT_SCENE,
  resolution = 1,
): Promise<Frame> {
  const problem = validateOptics(optics);
  if (problem) throw new RangeError(`Camera optics: ${problem}.`);
  const camera = optics.camera ?? 'back';
  const tiltDeg = optics.tiltDeg ?? 0;
  const glare = optics.glare ?? 0;
  const frameWidth = Math.round(scene.frameWidth * resolution);
  const frameHeight = Math.round(scene.frameHeight * resolution);
  if (camera === 'front') {
    // The front camera faces the user: nothing of the screen is in the picture.
    const data = await sharp({
      create: {
        width: frameWidth,
        height: frameHeight,
        channels: 4,
        background: { r: 92, g: 78, b: 70, alpha: 1 },
      },
    })
      .raw()
      .toBuffer();
    return {
      data,
      width: frameWidth,
      height: frameHeight,
      applied: { scale: 0, blurSigma: 0, tiltDeg, glare, camera },
    };
  }
  const { width = 1, height = 1 } = await sharp(screenshot).metadata();
  const scale = scaleAt(optics.distanceCm, width, scene);
  const blurSigma = blurSigmaFor(
    optics.distanceCm,
    Math.max(scene.minFocusCm, optics.focusDistanceCm ?? optics.distanceCm),
  );
  let source: Buffer | Uint8Array = screenshot;
  let sourceOptions: SharpOptions | undefined;
  let scaledWidth = Math.max(1, Math.round(width * scale * resolution));
  let scaledHeight = Math.max(1, Math.round(height * scale * resolution));
  let pipeline = sharp(source).resize(scaledWidth, scaledHeight, { kernel: 'cubic' });
  if (Math.abs(tiltDeg) >= 0.5) {
    // The foreshortened picture's size is only known once rendered: one intermediate raw image.
    const radians = (tiltDeg * Math.PI) / 180;
    const tilted = await pipeline
      .affine(
        [
          [Math.cos(radians), 0],
          [Math.sin(radians) * 0.15, 1],
        ],
        { background: BACKGROUND, interpolator: 'bilinear' },
      )
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    source = tilted.data;
    sourceOptions = { raw: { width: tilted.info.width, height: tilted.info.height, channels: 4 } };
    scaledWidth = tilted.info.width;
    scaledHeight = tilted.info.height;
    pipeline = sharp(source, sourceOptions);
  }
  // Centre the picture of the screen in the frame: crop what overflows, pad what is missing.
  const left = Math.round((frameWidth - scaledWidth) / 2);
  const top = Math.round((frameHeight - scaledHeight) / 2);
  const crop = {
    left: Math.max(0, -left),
    top: Math.max(0, -top),
    width: Math.min(scaledWidth, frameWidth),
    height: Math.min(scaledHeight, frameHeight),
  };
  if (crop.width !== scaledWidth || crop.height !== scaledHeight) pipeline = pipeline.extract(crop);
  const padLeft = Math.max(0, left);
  const padTop = Math.max(0, top);
  pipeline = pipeline.extend({
    left: padLeft,
    top: padTop,
    right: frameWidth - padLeft - crop.width,
    bottom: frameHeight - padTop - crop.height,
    background: BACKGROUND,
  });
  if (blurSigma * resolution >= 0.3) pipeline = pipeline.blur(blurSigma * resolution);
  if (glare > 0)
    pipeline = pipeline.composite([{ input: glareOverlay(frameWidth, frameHeight, glare), left: 0, top: 0 }]);
  const data = await pipeline.ensureAlpha().raw().toBuffer();
  return {
    data,
    width: frameWidth,
    height: frameHeight,
    applied: { scale: scale * resolution, blurSigma: blurSigma * resolution, tiltDeg, glare, camera },
  };
}

function glareOverlay(width: number, height: number, strength: number): Buffer {
  const radius = Math.round(Math.min(width, height) * 0.42);
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
      <defs><radialGradient id="g"><stop offset="0" stop-color="#fff" stop-opacity="${strength}"/>
      <stop offset="0.7" stop-color="#fff" stop-opacity="${strength * 0.85}"/><stop offset="1" stop-color="#fff" stop-opacity="0"/></radialGradient></defs>
      <circle cx="${width / 2}" cy="${height / 2}" r="${radius}" fill="url(#g)"/></svg>`,
  );
}

export async function frameToPng(frame: Frame): Promise<Buffer> {
  return sharp(frame.data, { raw: { width: frame.width, height: frame.height, channels: 4 } })
    .png()
    .toBuffer();
}
