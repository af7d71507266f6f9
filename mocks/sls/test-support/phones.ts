// The phones of the server tests, played with the reference client: one already activated (made
// by the lab control API), the push it got from the APNs simulator, and the code it was texted,
// read from the third-party gateway as the phone's Messages app gets it.

import { expect } from 'vitest';
import type { StartedLab } from '../../../lab/index.ts';
import {
  type CreatedUser,
  type DeviceDescription,
  PhoneClient,
  type PrivateJwk,
  type PublicJwk,
} from '../../../protocol/index.ts';

/** The phone that holds a device the control API made active. */
export function activatedPhone(
  lab: StartedLab,
  device: NonNullable<CreatedUser['device']>,
  description?: DeviceDescription,
): PhoneClient {
  return PhoneClient.restore(
    device.privateKey as PrivateJwk,
    {
      deviceId: device.deviceId,
      serverPublicKey: device.serverPublicKey as PublicJwk,
      portalBaseUrl: lab.server.url,
    },
    description,
  );
}

/** The `ibkey` part of the latest login push sent to this APNs token, once it was sent. */
export async function pushTo(lab: StartedLab, apnsToken: string): Promise<{ txid: string; nonce: string }> {
  await expect.poll(() => lab.apns.requests.some((request) => request.token === apnsToken)).toBe(true);
  const pushes = lab.apns.requests.filter((request) => request.token === apnsToken);
  return (pushes.at(-1)!.payload as { ibkey: { txid: string; nonce: string } }).ibkey;
}

/** The 6-digit code of the latest text to this number. */
export function lastSmsCode(lab: StartedLab, phoneNumber: string): string {
  const body = lab.gateway.smsSentTo(phoneNumber).at(-1)?.body ?? '';
  const code = /\b\d{6}\b/.exec(body)?.[0];
  if (!code) throw new Error(`No text with a 6-digit code reached ${phoneNumber} (last: "${body}").`);
  return code;
}

/** The server's clock in Unix seconds, for signed requests that carry a timestamp. */
export function serverNow(lab: StartedLab): number {
  return lab.server.clock.nowSeconds();
}
