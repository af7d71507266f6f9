import { describe, expect, it } from 'vitest';
import { redactPassword, storeModeFromEnv } from './start-state-store.ts';

describe('LAB_DB', () => {
  it('defaults to auto and names the accepted modes when the value is wrong', () => {
    expect(storeModeFromEnv(undefined)).toBe('auto');
    expect(storeModeFromEnv('embedded')).toBe('embedded');
    expect(() => storeModeFromEnv('sqlite')).toThrow(
      'LAB_DB="sqlite" is not a store mode; use one of: auto, embedded, testcontainers, url.',
    );
  });

  it('never prints a password from a URL', () => {
    expect(redactPassword('postgres://lab:s3cret@127.0.0.1:5432/postgres')).toBe(
      'postgres://lab:***@127.0.0.1:5432/postgres',
    );
  });
});
