// W3C WebDriver's wire format, shared by the driver that answers it and the clients that send it.

/** The key under which W3C WebDriver names an element in JSON (older servers also send ELEMENT). */
export const W3C_ELEMENT_KEY = 'element-6066-11e4-a52e-4f735466cecf';
