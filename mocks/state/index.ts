export { createIsolatedDatabase, databaseUrl, type IsolatedDatabase } from './isolated-database.ts';
export { listMigrations, migrate } from './migrate.ts';
export { redactPassword, STORE_MODES, startStateStore, storeModeFromEnv } from './start-state-store.ts';
export { type StartedStateStore, StateStoreError, type StoreKind, type StoreMode } from './store-types.ts';
