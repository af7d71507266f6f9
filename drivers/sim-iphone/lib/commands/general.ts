import { pageSource } from '../device/page-source.ts';
import { renderScreenshot } from '../device/render-png.ts';
import type { SimIPhoneDriver } from '../driver.ts';

export const generalCommands = {
  async getPageSource(this: SimIPhoneDriver): Promise<string> {
    return pageSource(this.tree()).xml;
  },
  async getScreenshot(this: SimIPhoneDriver): Promise<string> {
    return (await renderScreenshot(this.phone())).toString('base64');
  },
  async getWindowSize(this: SimIPhoneDriver) {
    const { width, height } = this.phone().profile.screen;
    return { width, height };
  },
  async getWindowRect(this: SimIPhoneDriver) {
    const { width, height } = this.phone().profile.screen;
    return { x: 0, y: 0, width, height };
  },
  async getWindowHandle(this: SimIPhoneDriver): Promise<string> {
    return 'NATIVE_APP';
  },
  async getCurrentContext(this: SimIPhoneDriver): Promise<string> {
    return 'NATIVE_APP';
  },
};
