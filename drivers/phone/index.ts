export * from './phone-screens.ts';
