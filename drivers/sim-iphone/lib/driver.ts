// The Appium driver of the simulated iPhone. It only wires: capabilities to a device, element
// ids to elements, execute methods to commands, device errors to W3C errors. Commands live in
// commands/, one file per area; the phone itself in device/.

import { randomUUID } from 'node:crypto';
import type { DefaultCreateSessionResult, DriverData } from '@appium/types';
import { BaseDriver, errors } from 'appium/driver.js';
import {
  CapabilityError,
  desiredCapConstraints,
  deviceOptionsFrom,
  type SimIPhoneConstraints,
  type W3CSimIPhoneCaps,
} from './capabilities.ts';
import { actionCommands } from './commands/actions.ts';
import { alertCommands } from './commands/alert.ts';
import { appCommands } from './commands/apps.ts';
import { biometricCommands } from './commands/biometrics.ts';
import { elementCommands } from './commands/element.ts';
import { findCommands } from './commands/find.ts';
import { generalCommands } from './commands/general.ts';
import { notificationCommands } from './commands/notifications.ts';
import { simulatorCommands } from './commands/simulator.ts';
import { DeviceStateError, SimulatedIPhone } from './device/device.ts';
import { type ElementNode, renderTree, walk } from './device/element-tree.ts';
import { LOCATOR_STRATEGIES } from './device/locators.ts';
import { TransitionError } from './device/screens.ts';
import { executeMethodMap } from './execute-method-map.ts';
import { simIPhoneSettings } from './settings.ts';

const COMMANDS = {
  ...findCommands,
  ...elementCommands,
  ...alertCommands,
  ...appCommands,
  ...biometricCommands,
  ...notificationCommands,
  ...simulatorCommands,
  ...generalCommands,
  ...actionCommands,
};

type Commands = typeof COMMANDS;

// The command modules are assigned to the prototype below; this interface gives them their types.
export interface SimIPhoneDriver extends Commands {}

// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: see the interface above.
export class SimIPhoneDriver extends BaseDriver<SimIPhoneConstraints> {
  static executeMethodMap = executeMethodMap;
  override desiredCapConstraints = desiredCapConstraints;
  override locatorStrategies = [...LOCATOR_STRATEGIES];
  override settings = simIPhoneSettings();
  device: SimulatedIPhone | undefined;
  readonly #elements = new Map<string, string>();

  /** Appium passes the same W3C capabilities three times, then what the other running sessions hold. */
  override async createSession(
    w3cCapabilities1: W3CSimIPhoneCaps,
    w3cCapabilities2?: W3CSimIPhoneCaps,
    w3cCapabilities3?: W3CSimIPhoneCaps,
    driverData?: DriverData[],
  ): Promise<DefaultCreateSessionResult<SimIPhoneConstraints>> {
    const [sessionId, caps] = await super.createSession(
      w3cCapabilities1,
      w3cCapabilities2,
      w3cCapabilities3,
      driverData,
    );
    try {
      this.device = new SimulatedIPhone(deviceOptionsFrom(caps));
    } catch (error) {
      await super.deleteSession();
      if (error instanceof CapabilityError) throw new errors.SessionNotCreatedError(error.message);
      throw error;
    }
    await this.device.start();
    return [sessionId, caps];
  }

  override async deleteSession(sessionId?: string | null): Promise<void> {
    await this.device?.shutdown();
    this.device = undefined;
    this.#elements.clear();
    await super.deleteSession(sessionId);
  }

  /**
   * `execute` with "mobile: x" or "sim: x" runs an execute method, as XCUITest does; like XCUITest,
   * "mobile:x" and "mobile:  x" mean "mobile: x".
   */
  async execute(script: string, args: unknown[]): Promise<unknown> {
    const name = script.trim().replace(/^(mobile|sim):\s*/, '$1: ');
    if (!(name in executeMethodMap)) {
      const known = Object.keys(executeMethodMap).join(', ');
      throw new errors.UnknownMethodError(
        `"${name}" is not an execute method of the simulated iPhone (it runs no JavaScript); use one of: ${known}.`,
      );
    }
    const params = Array.isArray(args) ? args : [args];
    return this.executeMethod(name, params.length ? params : [{}]);
  }

  phone(): SimulatedIPhone {
    if (!this.device) throw new errors.NoSuchDriverError('No session is running on the simulated iPhone.');
    return this.device;
  }

  tree(): ElementNode {
    return renderTree(this.phone(), this.settings.getSettings());
  }

  elementIdFor(node: ElementNode): string {
    for (const [id, key] of this.#elements) if (key === node.key) return id;
    const id = randomUUID();
    this.#elements.set(id, node.key);
    return id;
  }

  /** The element an id stands for on the screen as it is now, or a stale-element error. */
  nodeOf(elementId: string, root: ElementNode = this.tree()): ElementNode {
    const key = this.#elements.get(elementId);
    if (!key) throw new errors.NoSuchElementError(`No element has the id ${elementId}.`);
    for (const [node] of walk(root)) if (node.key === key) return node;
    throw new errors.StaleElementReferenceError(
      `The element ${elementId} is no longer on the screen (now: ${this.phone().screen}).`,
    );
  }

  /** Runs a device action, turning what the phone refuses into W3C errors with its sentence. */
  async onDevice<T>(action: () => T | Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      if (error instanceof DeviceStateError || error instanceof TransitionError)
        throw new errors.InvalidElementStateError(error.message);
      throw error;
    }
  }
}

Object.assign(SimIPhoneDriver.prototype, COMMANDS);
