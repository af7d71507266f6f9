// The W3C alert commands and XCUITest's mobile: alert. As WebDriverAgent does, they reach the alert
// that is up whoever shows it (SpringBoard's system alerts as well as the app's own), whatever the
// respectSystemAlerts setting, and answer no such alert at once when none is up (no waiting).

import { errors } from 'appium/driver.js';
import type { SimIPhoneDriver } from '../driver.ts';

function requireAlert(driver: SimIPhoneDriver) {
  const prompt = driver.phone().prompt;
  if (!prompt) throw new errors.NoAlertOpenError('No alert is up on the simulated iPhone.');
  return prompt;
}

export const alertCommands = {
  async getAlertText(this: SimIPhoneDriver): Promise<string> {
    const prompt = requireAlert(this);
    return [prompt.title, prompt.message, prompt.notice].filter(Boolean).join('\n');
  },
  async postAcceptAlert(this: SimIPhoneDriver): Promise<void> {
    requireAlert(this);
    await this.onDevice(() => this.phone().acceptPrompt());
  },
  async postDismissAlert(this: SimIPhoneDriver): Promise<void> {
    requireAlert(this);
    await this.onDevice(() => this.phone().dismissPrompt());
  },
  async setAlertText(this: SimIPhoneDriver, text: string): Promise<void> {
    requireAlert(this);
    await this.onDevice(() => this.phone().typeIntoPrompt(text));
  },
  /** XCUITest's `mobile: alert` {action: accept | dismiss | getButtons, buttonLabel?}. */
  async mobileHandleAlert(
    this: SimIPhoneDriver,
    action: string,
    buttonLabel?: string,
  ): Promise<string[] | undefined> {
    const prompt = requireAlert(this);
    switch (action) {
      case 'getButtons':
        return prompt.buttons.map((button) => button.label);
      case 'accept':
      case 'dismiss':
        await this.onDevice(() =>
          buttonLabel
            ? this.phone().answerPrompt(buttonLabel)
            : action === 'accept'
              ? this.phone().acceptPrompt()
              : this.phone().dismissPrompt(),
        );
        return undefined;
      default:
        throw new errors.InvalidArgumentError(
          `mobile: alert action "${action}" is not one of: accept, dismiss, getButtons.`,
        );
    }
  },
};
