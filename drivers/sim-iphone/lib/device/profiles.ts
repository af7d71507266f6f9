// The phones the lab simulates. A profile fixes the model, screen, biometric hardware and iOS.

export type BiometryHardware = 'faceId' | 'touchId';

export interface DeviceProfile {
  name: string;
  model: string;
  biometry: BiometryHardware;
  /** Whether a face or finger is enrolled when the session starts (false: the phone uses its passcode). */
  biometricEnrolled: boolean;
  /** The screen in points; a screenshot has `scale` pixels per point (UIScreen.scale). */
  screen: { width: number; height: number; scale: number };
  /** Apple's hardware identifier, as lockdown's ProductType gives it. */
  productType: string;
  platformVersion: string;
  /** What sits at the top of the screen: the Dynamic Island, the notch, or a plain status bar above a Home button. */
  cutout: 'dynamicIsland' | 'notch' | 'none';
  /** The safe area's insets in points (UIWindow.safeAreaInsets): the status bar, and the home indicator's strip. */
  insets: { top: number; bottom: number };
}

export const PROFILES: readonly DeviceProfile[] = [
  {
    name: 'iPhone 15 (Face ID)',
    model: 'iPhone 15',
    biometry: 'faceId',
    biometricEnrolled: true,
    screen: { width: 393, height: 852, scale: 3 },
    productType: 'iPhone15,4',
    platformVersion: '18.1',
    cutout: 'dynamicIsland',
    insets: { top: 59, bottom: 34 },
  },
  {
    name: 'iPhone SE (Touch ID)',
    model: 'iPhone SE (3rd generation)',
    biometry: 'touchId',
    biometricEnrolled: true,
    screen: { width: 375, height: 667, scale: 2 },
    productType: 'iPhone14,6',
    platformVersion: '17.5',
    cutout: 'none',
    insets: { top: 20, bottom: 0 },
  },
  {
    name: 'iPhone 11 (passcode only)',
    model: 'iPhone 11',
    biometry: 'faceId',
    biometricEnrolled: false,
    screen: { width: 414, height: 896, scale: 2 },
    productType: 'iPhone12,1',
    platformVersion: '16.7',
    cutout: 'notch',
    insets: { top: 48, bottom: 34 },
  },
];

export const PROFILE_NAMES = PROFILES.map((profile) => profile.name);

export function findProfile(name: string): DeviceProfile | undefined {
  return PROFILES.find((profile) => profile.name.toLowerCase() === name.toLowerCase());
}
