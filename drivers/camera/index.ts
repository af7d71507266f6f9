export * from './decode-qr.ts';
export * from './optics.ts';
export * from './scan.ts';
export { loadZxing } from './zxing.ts';
