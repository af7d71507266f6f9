// The one builder of the lab, in testcontainers' style: say which parts you want, start them
// (in parallel where they do not depend on each other), get typed accessors, stop with
// `await using`. The fixtures, the server and phone tests, `npm run serve`, `npm run appium`,
// the benchmarks and wdio.conf.ts all start their lab here.
//
//   await using lab = await new Lab().withStore().withPortal().withApns().withGateway().withAppium().start();

import { BrowserlessPortal } from '../drivers/portal/index.ts';
import {
  type AppiumServerOptions,
  DEFAULT_APPIUM_ADDRESS,
  type StartedAppium,
  startAppiumServer,
} from '../drivers/sim-iphone/appium-server.ts';
import type { StartedApnsSimulator } from '../mocks/apns/apns-simulator.ts';
import { startLabApns } from '../mocks/apns/lab-provider.ts';
import { type StartedGateway, startThirdPartyGateway } from '../mocks/gateway/third-party-gateway.ts';
import { thirdPartyHandlers } from '../mocks/handlers/index.ts';
import { defaultConfig, labSmsConfig, type SlsConfig } from '../mocks/sls/config.ts';
import { type StartedSlsServer, startSlsServer } from '../mocks/sls/server.ts';
import {
  createIsolatedDatabase,
  type IsolatedDatabase,
  type StartedStateStore,
  type StoreMode,
  startStateStore,
} from '../mocks/state/index.ts';
import { IBKR_MOBILE } from '../product/index.ts';
import { type CreatedUser, type CreateUserRequest, LabControlClient } from '../protocol/index.ts';
import { checkAppiumAnswers, type ExternalTargets } from './external-targets.ts';
import { LabFailure } from './lab-failure.ts';
import { SESSION_DISCOVERY_FLAGS } from './leftovers.ts';

/** Where the state store comes from: a mode (default LAB_DB, else auto), one already started, or a URL. */
export type StoreChoice = StoreMode | StartedStateStore | { url: string };

export interface PortalOptions {
  /** Names the portal's database (lab_<label>_<random>); default "lab". */
  label?: string;
  /** Seeds the made-up users, so a run can be replayed; default 1. */
  seed?: number;
  /** Fixed port; default 0, one the system chooses. */
  port?: number;
  /** Anything else of the server's configuration (limits, TTLs, lab mode, scrypt cost). */
  config?: Partial<Omit<SlsConfig, 'databaseUrl' | 'port'>>;
}

export interface ApnsOptions {
  /** How long the portal waits for the APNs simulator's answer; default 3000 ms. */
  requestTimeoutMs?: number;
  /** Fixed port of its provider API (HTTP/2 + TLS); default 0, one the system chooses. */
  port?: number;
}

/** The port (none: a free one), address, log level, Appium's other flags and where its log goes. */
export type AppiumOptions = Pick<
  AppiumServerOptions,
  'port' | 'address' | 'logLevel' | 'extraArgs' | 'onOutput'
>;

interface Plan {
  store?: StoreChoice;
  portal?: PortalOptions;
  apns?: ApnsOptions;
  gateway?: boolean;
  appium?: AppiumOptions;
  external: ExternalTargets;
  log?: (line: string) => void;
}

export class Lab {
  readonly #plan: Plan = { external: {} };

  /** A PostgreSQL server for the portal's database; implied by withPortal(). */
  withStore(store: StoreChoice = process.env.LAB_DB ? (process.env.LAB_DB as StoreMode) : 'auto'): this {
    this.#plan.store = store;
    return this;
  }

  /** The sls server (Client Portal and IB Key backend) in lab mode, on a fresh migrated database. */
  withPortal(options: PortalOptions = {}): this {
    this.#plan.portal = options;
    return this;
  }

  /** The APNs simulator; with a portal, the portal pushes through it. */
  withApns(options: ApnsOptions = {}): this {
    this.#plan.apns = options;
    return this;
  }

  /**
   * The third-party gateway (App Store, SMS) the simulated iPhone's traffic goes to; with a portal
   * of the lab's own, the portal texts its recovery codes through it (it starts first).
   */
  withGateway(): this {
    this.#plan.gateway = true;
    return this;
  }

  /** The real Appium server with the simulated iPhone's driver. */
  withAppium(options: AppiumOptions = {}): this {
    this.#plan.appium = options;
    return this;
  }

  /**
   * A portal or an Appium server run elsewhere: the lab then starts neither itself (nor the
   * store, database and APNs simulator behind a portal) and checks that the target answers.
   */
  withExternalTargets(targets: ExternalTargets): this {
    this.#plan.external = targets;
    return this;
  }

  /** Where the parts' one-line notices go (which store was chosen); silent by default. */
  withLog(log: (line: string) => void): this {
    this.#plan.log = log;
    return this;
  }

  async start(): Promise<StartedLab> {
    const plan = this.#plan;
    const started: Stoppable[] = [];
    // Parts stop in the reverse of the order they started (a server before its database, a database
    // before its store); a second call waits for the first instead of returning at once.
    let stopping: Promise<void> | undefined;
    const stopAll = () => {
      stopping ??= (async () => {
        for (const part of started.splice(0).reverse()) await part.stop().catch(() => {});
      })();
      return stopping;
    };
    try {
      const wantsLocalPortal = plan.portal !== undefined && !plan.external.portalUrl;
      const gatewayStarting = plan.gateway
        ? part('the third-party gateway', () => startThirdPartyGateway(thirdPartyHandlers)).then((gateway) =>
            keep(started, gateway, () => gateway.close()),
          )
        : undefined;
      const [portalSide, gateway, appium] = await allStarted([
        startPortalSide(plan, wantsLocalPortal, started, gatewayStarting),
        gatewayStarting,
        startAppiumSide(plan, started),
      ] as const);
      const parts: LabParts = { ...portalSide, gateway, appium };
      const portalUrl = plan.external.portalUrl ?? parts.server?.url;
      // The run's token: the portal started here made it; a portal run elsewhere printed it (LAB_CONTROL_TOKEN).
      const controlToken = plan.external.portalUrl
        ? plan.external.controlToken
        : parts.server?.context.config.labControlToken;
      const control = portalUrl ? new LabControlClient(portalUrl, controlToken) : undefined;
      const apnsDeviceUrl =
        plan.external.apnsDeviceUrl ??
        parts.apns?.deviceUrl ??
        (control && plan.external.portalUrl ? await askApnsDeviceUrl(control) : undefined);
      return new StartedLab(parts, {
        portalUrl,
        appiumUrl: plan.external.appiumUrl ?? appium?.url,
        apnsDeviceUrl,
        control,
        stop: stopAll,
      });
    } catch (error) {
      await stopAll();
      throw error;
    }
  }
}

/** Every part, as a scenario worker starts them: store, portal, APNs simulator, gateway, Appium. */
export function wholeLab(portal: PortalOptions = {}): Lab {
  return new Lab().withStore().withPortal(portal).withApns().withGateway().withAppium();
}

interface Stoppable {
  stop(): Promise<unknown>;
}

/** The parts this lab started itself; a part given from outside (or not asked for) is absent. */
export interface LabParts {
  store?: StartedStateStore;
  database?: IsolatedDatabase;
  server?: StartedSlsServer;
  apns?: StartedApnsSimulator;
  gateway?: StartedGateway;
  appium?: StartedAppium;
}

interface LabEndpoints {
  portalUrl?: string;
  appiumUrl?: string;
  apnsDeviceUrl?: string;
  control?: LabControlClient;
  stop(): Promise<void>;
}

export class StartedLab implements AsyncDisposable {
  readonly parts: LabParts;
  readonly #endpoints: LabEndpoints;

  constructor(parts: LabParts, endpoints: LabEndpoints) {
    this.parts = parts;
    this.#endpoints = endpoints;
  }

  /** The portal the browser opens, started here or given with withExternalTargets(). */
  get portalUrl(): string {
    return (
      this.#endpoints.portalUrl ?? missing('portal', 'withPortal() or withExternalTargets({ portalUrl })')
    );
  }

  get appiumUrl(): string {
    return (
      this.#endpoints.appiumUrl ??
      missing('Appium server', 'withAppium() or withExternalTargets({ appiumUrl })')
    );
  }

  /** Where a simulated iPhone subscribes to the portal's pushes, when the lab knows one. */
  get apnsDeviceUrl(): string | undefined {
    return this.#endpoints.apnsDeviceUrl;
  }

  get gatewayUrl(): string {
    return this.gateway.url;
  }

  /** The portal's lab control API (accounts, the clock, a user's server state). */
  get control(): LabControlClient {
    return this.#endpoints.control ?? missing('portal', 'withPortal() or withExternalTargets({ portalUrl })');
  }

  get store(): StartedStateStore {
    return this.parts.store ?? missing('state store of its own', 'withStore() and withPortal()');
  }

  get database(): IsolatedDatabase {
    return this.parts.database ?? missing('database of its own', 'withPortal()');
  }

  get server(): StartedSlsServer {
    return this.parts.server ?? missing('portal server of its own', 'withPortal()');
  }

  get apns(): StartedApnsSimulator {
    return this.parts.apns ?? missing('APNs simulator of its own', 'withApns()');
  }

  get gateway(): StartedGateway {
    return this.parts.gateway ?? missing('third-party gateway', 'withGateway()');
  }

  get appium(): StartedAppium {
    return this.parts.appium ?? missing('Appium server of its own', 'withAppium()');
  }

  /** A visitor of the portal over plain HTTP (no browser), in the given language. */
  portal(acceptLanguage?: string): BrowserlessPortal {
    return new BrowserlessPortal(this.portalUrl, acceptLanguage);
  }

  /**
   * A fresh user through the control API. With an active device whose APNs token is given, the
   * lab's APNs simulator learns the token, as if the phone had registered before it enrolled.
   */
  async createUser(request: CreateUserRequest = {}): Promise<CreatedUser> {
    const created = await this.control.createUser(request);
    if (created.device?.apnsToken && this.parts.apns)
      this.parts.apns.registerToken(created.device.apnsToken, IBKR_MOBILE.apnsTopic);
    return created;
  }

  stop(): Promise<void> {
    return this.#endpoints.stop();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.stop();
  }
}

function missing(part: string, how: string): never {
  throw new Error(`This lab has no ${part}: build it with ${how}.`);
}

/** Starts one part; its failure is the lab's (LAB FAILURE …), not the product's. */
async function part<T>(name: string, start: () => Promise<T>, failed?: string): Promise<T> {
  try {
    return await start();
  } catch (error) {
    throw new LabFailure(name, error, failed);
  }
}

function keep<T>(started: Stoppable[], value: T, stop: () => Promise<unknown>): T {
  started.push({ stop });
  return value;
}

/** Like Promise.all, but waits for every part to settle, so a failure stops every part started. */
async function allStarted<T extends readonly unknown[]>(
  parts: T,
): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const settled = await Promise.allSettled(parts);
  const failed = settled.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((result) => (result as PromiseFulfilledResult<unknown>).value) as {
    -readonly [K in keyof T]: Awaited<T[K]>;
  };
}

/** The store, the database, the APNs simulator, the gateway, then the portal, which needs them all. */
async function startPortalSide(
  plan: Plan,
  wantsLocalPortal: boolean,
  started: Stoppable[],
  gatewayStarting: Promise<StartedGateway> | undefined,
): Promise<Pick<LabParts, 'store' | 'database' | 'server' | 'apns'>> {
  const apnsOptions = plan.apns;
  const startApns = async () =>
    apnsOptions && !plan.external.portalUrl
      ? part('the APNs simulator', () =>
          startLabApns({ requestTimeoutMs: apnsOptions.requestTimeoutMs ?? 3000, port: apnsOptions.port }),
        )
      : undefined;
  if (!wantsLocalPortal) {
    const apns = await startApns();
    return apns ? { apns: keep(started, apns.simulator, () => apns.simulator.close()) } : {};
  }
  const portal = plan.portal ?? {};
  const [store, apns, gateway] = await allStarted([
    startStore(plan, started),
    startApns(),
    gatewayStarting,
  ] as const);
  if (apns) keep(started, apns.simulator, () => apns.simulator.close());
  const database = await part('the database', () => createIsolatedDatabase(store.url, portal.label ?? 'lab'));
  // A store this lab started and stops takes its databases with it; only a store that stays needs the drop.
  const storeStopsWithThisLab = store !== plan.store && store.kind !== 'url';
  keep(started, database, () => (storeStopsWithThisLab ? Promise.resolve() : database.drop()));
  const server = await part('the sls server', () =>
    startSlsServer(
      defaultConfig({
        labMode: true,
        scryptLogN: 12,
        ...portal.config,
        databaseUrl: database.url,
        port: portal.port ?? 0,
        ...(apns ? { apns: apns.config, apnsDeviceUrl: apns.simulator.deviceUrl } : {}),
        ...(gateway ? { sms: labSmsConfig(gateway.url) } : {}),
      }),
      { seed: portal.seed ?? 1 },
    ),
  );
  keep(started, server, () => server.close());
  return { store, database, server, apns: apns?.simulator };
}

async function startStore(plan: Plan, started: Stoppable[]): Promise<StartedStateStore> {
  const choice = plan.store ?? 'auto';
  if (typeof choice === 'object' && 'stop' in choice) return choice; // given started: its owner stops it
  const store = await part('the state store', () =>
    typeof choice === 'string'
      ? startStateStore({ mode: choice, ...(plan.log ? { log: plan.log } : {}) })
      : startStateStore({ mode: 'url', databaseUrl: choice.url }),
  );
  return keep(started, store, () => store.stop());
}

async function startAppiumSide(plan: Plan, started: Stoppable[]): Promise<StartedAppium | undefined> {
  const externalUrl = plan.external.appiumUrl;
  if (externalUrl) {
    await part(
      `the Appium server at ${externalUrl}`,
      () => checkAppiumAnswers(externalUrl),
      'cannot be used',
    );
    return undefined;
  }
  const options = plan.appium;
  if (!options) return undefined;
  const appium = await part('the Appium server with the sim-iphone driver', () =>
    startAppiumServer({
      ...options,
      // Listing sessions lets a test's leftovers be found; never on a server other hosts can reach.
      extraArgs: [
        ...(isLoopback(options.address) ? SESSION_DISCOVERY_FLAGS : []),
        ...(options.extraArgs ?? []),
      ],
    }),
  );
  return keep(started, appium, () => appium.stop());
}

/** A portal run elsewhere tells the lab where its phones get pushes (`GET /lab/endpoints`). */
async function askApnsDeviceUrl(control: LabControlClient): Promise<string | undefined> {
  const endpoints = await part(
    `the portal at ${control.portalUrl}`,
    () => control.endpoints(),
    'cannot be used',
  );
  return endpoints.apnsDeviceUrl ?? undefined;
}

const isLoopback = (address = DEFAULT_APPIUM_ADDRESS) => ['127.0.0.1', 'localhost', '::1'].includes(address);
