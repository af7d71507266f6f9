export * from './browserless-portal.ts';
export * from './portal-pages.ts';
