// Vitest global setup: one store per integration project (its name says the kind), shared by
// the project's test files, each of which creates its own isolated database on it.

import type { TestProject } from 'vitest/node';
import { startStateStore } from './start-state-store.ts';
import type { StoreKind } from './store-types.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    storeUrl: string;
    storeKind: StoreKind;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const kind = project.name.replace(/^integration-/, '') as StoreKind;
  const store = await startStateStore({
    mode: kind,
    log: (line) => console.log(`[${project.name}] ${line}`),
  });
  project.provide('storeUrl', store.url);
  project.provide('storeKind', store.kind);
  return () => store.stop();
}
