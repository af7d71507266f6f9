// How a case step and a case expectation are defined: once, with the schema of its value, one
// line of documentation and an example. The YAML validation, the dispatch, the step list in
// scenarios/cases/README.md and the JSON Schema editors use all come from these definitions.

import { type Static, type TEnum, type TSchema, Type } from 'typebox';
import type { Task } from '../../screenplay/actors.ts';
import type { CaseRun } from '../case-run.ts';

export interface StepDefinition<Value extends TSchema | undefined = TSchema | undefined> {
  name: string;
  /** The schema of the step's value; none for a one-word step (`- logIn`). */
  value: Value;
  /** One line for the README's step list and the editor's hover. */
  doc: string;
  /** What a support engineer writes, as YAML parses it: 'logIn' or { biometrics: 'pass' }. */
  example: unknown;
  /** The sentence for a known step given a bad value ("biometrics takes pass, fail or cancel"). */
  badValue?: string;
  /** Steps that act in a browser rather than on a phone: a `phone:` beside them means nothing. */
  browserOnly?: boolean;
  task(value: Value extends TSchema ? Static<Value> : undefined, run: CaseRun): Task;
}

export interface ExpectationDefinition<Value extends TSchema = TSchema> {
  name: string;
  value: Value;
  doc: string;
  /** The value in an example: `- expect: { <name>: <example> }`. */
  example: unknown;
  badValue?: string;
  /** What is checked, in each language, for the step's title in the report. */
  title(value: Static<Value>, run: CaseRun): { en: string; fr: string };
  /**
   * Checks it, waiting as long as the state may still be settling; throws a CaseExpectationFailed
   * whose message says in one sentence what was expected and what was seen.
   */
  check(value: Static<Value>, run: CaseRun): Promise<void>;
}

export function defineStep<Value extends TSchema | undefined>(
  definition: StepDefinition<Value>,
): StepDefinition {
  return definition as unknown as StepDefinition;
}

export function defineExpectation<Value extends TSchema>(
  definition: ExpectationDefinition<Value>,
): ExpectationDefinition {
  return definition as unknown as ExpectationDefinition;
}

/** A failed expectation: its message is the whole sentence, with no matcher diff around it. */
export class CaseExpectationFailed extends Error {
  override name = 'CaseExpectationFailed';
}

/** A value from a fixed list (`biometrics: pass`), as JSON Schema's enum, which editors complete. */
export const oneOf = <const Values extends readonly string[]>(...values: Values) =>
  Type.Enum(values as unknown as [...Values]) as TEnum<[...Values]>;
