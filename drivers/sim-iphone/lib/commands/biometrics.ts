// Face ID and Touch ID with XCUITest's commands, and the one change only a simulator can make: a
// new enrolled set while biometry stays on. A match the phone cannot use (no prompt up, the other
// biometry, a lockout) is posted and lost without an error, as on the iOS Simulator; the
// transcript says why (SimulatedIPhone.sendBiometricMatch).

import { errors } from 'appium/driver.js';
import type { SimIPhoneDriver } from '../driver.ts';

export const biometricCommands = {
  /** XCUITest's `mobile: enrollBiometric` {isEnabled = true}. */
  async mobileEnrollBiometric(this: SimIPhoneDriver, isEnabled: boolean = true): Promise<void> {
    if (typeof isEnabled !== 'boolean')
      throw new errors.InvalidArgumentError(
        `isEnabled must be true or false, not ${JSON.stringify(isEnabled)}.`,
      );
    this.phone().enrollBiometric(isEnabled);
  },
  /** XCUITest's `mobile: sendBiometricMatch` {type = touchId, match = true}. */
  async mobileSendBiometricMatch(
    this: SimIPhoneDriver,
    type: string = 'touchId',
    match: boolean = true,
  ): Promise<void> {
    if (type !== 'faceId' && type !== 'touchId') {
      throw new errors.InvalidArgumentError(
        `type must be "faceId" or "touchId", not ${JSON.stringify(type)}.`,
      );
    }
    if (typeof match !== 'boolean')
      throw new errors.InvalidArgumentError(`match must be true or false, not ${JSON.stringify(match)}.`);
    await this.onDevice(() => this.phone().sendBiometricMatch(type, match));
  },
  async mobileIsBiometricEnrolled(this: SimIPhoneDriver): Promise<boolean> {
    return this.phone().biometrics.enrolled;
  },
  /** `sim: changeBiometricEnrollment`: a finger added, the face enrolled again (biometryCurrentSet keys die). */
  async simChangeBiometricEnrollment(this: SimIPhoneDriver): Promise<void> {
    await this.onDevice(() => this.phone().changeBiometricEnrollment());
  },
};
