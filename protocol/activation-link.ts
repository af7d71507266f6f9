// The universal link a gate QR holds: <portal>/ibkey/activate?v=1&s=<serial>&c=<credential>.

import { isBase64url } from './base64url.ts';
import { CREDENTIAL_BYTES, PROTOCOL_VERSION } from './ttl.ts';

export const ACTIVATION_PATH = '/ibkey/activate';
export const SERIAL_PATTERN = /^[0-9A-HJKMNP-TV-Z]{12}$/;

export interface ActivationLink {
  v: number;
  serial: string;
  credential: string;
}

export function buildActivationLink(portalBaseUrl: string, serial: string, credential: string): string {
  const url = new URL(ACTIVATION_PATH, portalBaseUrl);
  url.search = new URLSearchParams({ v: String(PROTOCOL_VERSION), s: serial, c: credential }).toString();
  return url.toString();
}

/** Parses a scanned link, saying what is wrong with it when it is not an activation link. */
export function parseActivationLink(link: string): ActivationLink {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    throw new TypeError(`"${link}" is not a URL`);
  }
  if (url.pathname !== ACTIVATION_PATH) {
    throw new TypeError(`${link} is not an IB Key activation link: its path is not ${ACTIVATION_PATH}`);
  }
  const v = Number(url.searchParams.get('v'));
  const serial = url.searchParams.get('s') ?? '';
  const credential = url.searchParams.get('c') ?? '';
  if (v !== PROTOCOL_VERSION)
    throw new TypeError(`${link} has protocol version v=${url.searchParams.get('v')}`);
  if (!SERIAL_PATTERN.test(serial)) throw new TypeError(`${link} has no valid serial (s)`);
  if (!isBase64url(credential, CREDENTIAL_BYTES)) throw new TypeError(`${link} has no valid credential (c)`);
  return { v, serial, credential };
}
