// ZXing-C++ compiled to WebAssembly (zxing-wasm): the fast decoder, tried before jsqr. Its .wasm
// is read from the package on disk; left to itself, it would fetch it from a CDN.

import { readFileSync } from 'node:fs';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import type { QrFound, RawImage } from './decode-qr.ts';

let loading: Promise<unknown> | undefined;

/** Loads the module once; later calls share the same load. */
export function loadZxing(): Promise<unknown> {
  loading ??= (async () => {
    const wasm = readFileSync(new URL(import.meta.resolve('zxing-wasm/reader/zxing_reader.wasm')));
    await prepareZXingModule({
      overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) },
      fireImmediately: true,
    });
  })();
  return loading;
}

export async function decodeWithZxing(image: RawImage): Promise<QrFound | undefined> {
  await loadZxing();
  const [found] = await readBarcodes(
    { data: image.data, width: image.width, height: image.height, colorSpace: 'srgb' } as ImageData,
    { formats: ['QRCode'], maxNumberOfSymbols: 1 },
  );
  if (!found?.isValid) return undefined;
  const { topLeft, topRight, bottomLeft, bottomRight } = found.position;
  const modules = 17 + 4 * (Number(found.version) || 1);
  return {
    ok: true,
    text: found.text,
    location: { topLeft, topRight, bottomLeft, bottomRight },
    modulePx: Math.hypot(topRight.x - topLeft.x, topRight.y - topLeft.y) / modules,
  };
}
