export * from './connect.ts';
export * from './phone-screens.ts';
