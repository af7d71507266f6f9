export type StoreMode = 'auto' | 'embedded' | 'testcontainers' | 'url';
export type StoreKind = Exclude<StoreMode, 'auto'>;

/** A running PostgreSQL server the lab may create databases on. */
export interface StartedStateStore extends AsyncDisposable {
  /** A connection URL for a superuser on the maintenance database ("postgres"). */
  readonly url: string;
  readonly kind: StoreKind;
  /** One sentence saying why this kind was chosen, printed by the lab at start. */
  readonly reason: string;
  /** Where an embedded server keeps its data (removed on stop); absent for the other kinds. */
  readonly dataFolder?: string;
  stop(): Promise<void>;
}

export class StateStoreError extends Error {
  override name = 'StateStoreError';
}
