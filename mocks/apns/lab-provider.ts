// The lab's APNs provider credentials: a fresh ES256 key the simulator trusts, and the sls
// server's APNs config that signs with it. One place for both halves of the pair.

import { generateKeyPairSync } from 'node:crypto';
import { IBKR_MOBILE } from '../../product/index.ts';
import type { ApnsConfig } from '../sls/config.ts';
import { type StartedApnsSimulator, startApnsSimulator } from './apns-simulator.ts';

export const LAB_TEAM_ID = IBKR_MOBILE.teamId;
export const LAB_KEY_ID = 'LABKEY0001';
export const LAB_APP_TOPIC = IBKR_MOBILE.apnsTopic;

export interface LabApns {
  simulator: StartedApnsSimulator;
  /** What the sls server needs to push to the simulator. */
  config: ApnsConfig;
}

export interface LabApnsOptions {
  requestTimeoutMs: number;
  /** Port of the provider API; default 0, one the system chooses. */
  port?: number;
}

export async function startLabApns(options: LabApnsOptions): Promise<LabApns> {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const simulator = await startApnsSimulator({
    providers: [
      {
        teamId: LAB_TEAM_ID,
        keyId: LAB_KEY_ID,
        publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        topics: [LAB_APP_TOPIC],
      },
    ],
    ...(options.port ? { port: options.port } : {}),
  });
  return {
    simulator,
    config: {
      address: simulator.providerAddress,
      ca: simulator.ca,
      teamId: LAB_TEAM_ID,
      keyId: LAB_KEY_ID,
      signingKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      topic: LAB_APP_TOPIC,
      requestTimeoutMs: options.requestTimeoutMs,
    },
  };
}
