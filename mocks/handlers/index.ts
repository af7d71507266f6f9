import { appStoreHandlers } from './app-store.ts';
import { smsGatewayHandlers } from './sms-gateway.ts';

export * from './app-store.ts';
export * from './sms-gateway.ts';

/** Every third party's happy path, in one list for setupServer() or the gateway. */
export const thirdPartyHandlers = [...appStoreHandlers, ...smsGatewayHandlers];
