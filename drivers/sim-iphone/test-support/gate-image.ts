// A stand-in for the portal's gate screenshot when no browser is involved: the activation link
// as a QR code on a 1280x800 page, drawn the size the gate draws it.

import QRCode from 'qrcode';
import sharp from 'sharp';

export async function gateImage(link: string): Promise<string> {
  const qr = await QRCode.toBuffer(link, { errorCorrectionLevel: 'M', margin: 4, width: 264 });
  const page = await sharp({ create: { width: 1280, height: 800, channels: 3, background: '#f4f6f8' } })
    .composite([{ input: qr, left: 508, top: 280 }])
    .png()
    .toBuffer();
  return page.toString('base64');
}
