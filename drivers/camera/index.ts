export * from './decode-qr.ts';
