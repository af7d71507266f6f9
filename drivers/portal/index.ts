export * from './portal-pages.ts';
