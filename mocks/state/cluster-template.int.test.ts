import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { clusterTemplate } from './cluster-template.ts';
import { startStateStore } from './index.ts';

const ACCOUNT = { user: 'lab', password: 'lab' };
const PROJECT_ROOT = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

async function systemIdentifierOf(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>(
      'SELECT system_identifier::text AS id FROM pg_control_system()',
    );
    return rows[0]!.id;
  } finally {
    await client.end();
  }
}

describe.runIf(inject('storeKind') === 'embedded')('the embedded servers’ cluster template', () => {
  const parents: string[] = [];
  const freshParent = async () => {
    const parent = await mkdtemp(join(tmpdir(), 'lab-template-test-'));
    // As root, initdb runs as the "postgres" user, who must reach it (mkdtemp makes it 0700).
    await chmod(parent, 0o755);
    parents.push(parent);
    return parent;
  };
  afterAll(() => Promise.all(parents.map((parent) => rm(parent, { recursive: true, force: true }))));

  it('is made once by starts that need it together, and no folder of the making is left', async () => {
    const parent = await freshParent();
    const made = await Promise.all(
      ['a', 'b', 'c'].map((name) => clusterTemplate(parent, ACCOUNT, join(parent, `making-${name}`))),
    );
    expect(new Set(made).size).toBe(1);
    expect(existsSync(join(made[0]!, 'PG_VERSION'))).toBe(true);
    expect(await readdir(parent)).toEqual([made[0]!.slice(parent.length + 1)]);
    // Made, it is found again without initdb: the folder given for making stays untouched.
    expect(await clusterTemplate(parent, ACCOUNT, join(parent, 'making-d'))).toBe(made[0]);
    expect(existsSync(join(parent, 'making-d'))).toBe(false);
  });

  it('is made once by runs that make it at the same moment: the later rename gives way', async () => {
    const parent = await freshParent();
    const module = new URL('./cluster-template.ts', import.meta.url).href;
    const makeIn = (making: string) =>
      run(
        process.execPath,
        [
          '--import',
          'tsx',
          '--input-type=module',
          '-e',
          `const { clusterTemplate } = await import(${JSON.stringify(module)});
           console.log(await clusterTemplate(${JSON.stringify(parent)}, ${JSON.stringify(ACCOUNT)}, ${JSON.stringify(join(parent, making))}));`,
        ],
        { cwd: PROJECT_ROOT },
      );
    const outputs = await Promise.all([makeIn('making-1'), makeIn('making-2')]);
    const made = outputs.map((output) => output.stdout.trim());
    expect(made[1]).toBe(made[0]);
    expect(await readdir(parent)).toEqual([made[0]!.slice(parent.length + 1)]);
    expect(existsSync(join(made[0]!, 'PG_VERSION'))).toBe(true);
  });

  it('is another one for another account', async () => {
    const parent = await freshParent();
    const lab = await clusterTemplate(parent, ACCOUNT, join(parent, 'making-lab'));
    const other = await clusterTemplate(
      parent,
      { user: 'other', password: 'x' },
      join(parent, 'making-other'),
    );
    expect(other).not.toBe(lab);
  });

  it('is what every embedded server starts from: one initdb for all (the same system identifier), each its own copy', async () => {
    const stores = await Promise.all([1, 2].map(() => startStateStore({ mode: 'embedded' })));
    try {
      const [first, second] = stores.map((store) => store.dataFolder!);
      expect(first).not.toBe(second);
      const ids = await Promise.all(stores.map((store) => systemIdentifierOf(store.url)));
      expect(ids[0]).toMatch(/^\d+$/);
      expect(ids[1]).toBe(ids[0]);
    } finally {
      await Promise.all(stores.map((store) => store.stop()));
    }
    for (const store of stores) expect(existsSync(store.dataFolder!)).toBe(false);
  });
});
