export * from './browserless-portal.ts';
export * from './page-evidence.ts';
export * from './portal-pages.ts';
