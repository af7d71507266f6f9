// Notifications and permissions with XCUITest's commands; what the phone received (notifications,
// SMS) under sim:, since XCUITest has no way to read them.

import { errors } from 'appium/driver.js';
import type { Permission } from '../device/device.ts';
import type { SimIPhoneDriver } from '../driver.ts';

const SERVICES = { notifications: 'notifications', faceid: 'faceId' } as const;
const VALUES: Permission[] = ['yes', 'no', 'unset'];

function serviceOf(name: string): 'notifications' | 'faceId' {
  const service = SERVICES[String(name).toLowerCase() as keyof typeof SERVICES];
  if (!service)
    throw new errors.InvalidArgumentError(
      `The permission service "${name}" is not simulated; use: notifications, faceid.`,
    );
  return service;
}

export const notificationCommands = {
  /** XCUITest's `mobile: pushNotification` {bundleId, payload}: delivered as if APNs sent it. */
  async mobilePushNotification(
    this: SimIPhoneDriver,
    bundleId: string,
    payload: Record<string, unknown>,
  ): Promise<void> {
    if (typeof payload !== 'object' || payload === null || typeof payload.aps !== 'object') {
      throw new errors.InvalidArgumentError(
        'payload must be an APNs payload object with an "aps" dictionary.',
      );
    }
    this.phone().requireInstalled(bundleId);
    this.phone().receiveRemoteNotification(payload, bundleId);
  },
  /** XCUITest's `mobile: setPermission` {bundleId, access: {service: yes|no|unset}}. */
  async mobileSetPermission(
    this: SimIPhoneDriver,
    bundleId: string,
    access: Record<string, string>,
  ): Promise<void> {
    if (typeof access !== 'object' || access === null)
      throw new errors.InvalidArgumentError('access must be an object such as {"notifications": "yes"}.');
    this.phone().requireInstalled(bundleId);
    for (const [service, value] of Object.entries(access)) {
      if (!VALUES.includes(value as Permission)) {
        throw new errors.InvalidArgumentError(
          `access.${service} must be one of: ${VALUES.join(', ')}, not ${JSON.stringify(value)}.`,
        );
      }
      this.phone().setPermission(bundleId, serviceOf(service), value as Permission);
    }
  },
  /** XCUITest's `mobile: getPermission` {bundleId, service}: yes | no | unset. */
  async mobileGetPermission(this: SimIPhoneDriver, bundleId: string, service: string): Promise<Permission> {
    this.phone().requireInstalled(bundleId);
    return this.phone().permission(bundleId)[serviceOf(service)];
  },
  async simGetNotifications(this: SimIPhoneDriver) {
    const phone = this.phone();
    return {
      banner: phone.banner?.kind === 'notification' ? phone.banner.notification : null,
      notificationCenter: phone.notifications,
    };
  },
  /** `sim: getMessages`: the SMS in Messages, oldest first. */
  async simGetMessages(this: SimIPhoneDriver) {
    return this.phone().textMessages;
  },
  async simOpenNotification(this: SimIPhoneDriver, id: number): Promise<void> {
    if (!Number.isInteger(id))
      throw new errors.InvalidArgumentError(
        `id must be the number of a notification, not ${JSON.stringify(id)}.`,
      );
    await this.onDevice(() => this.phone().openNotification(id));
  },
};
