// The phone settings a journey or a case can change, by the name the driver's `sim: setSetting`,
// the capability `appium:initialSettings` and the case format all use.

export const PHONE_SETTINGS = ['scanQrCodes', 'airplaneMode', 'focus'] as const;
export type PhoneSetting = (typeof PHONE_SETTINGS)[number];

export function isPhoneSetting(name: string): name is PhoneSetting {
  return (PHONE_SETTINGS as readonly string[]).includes(name);
}
