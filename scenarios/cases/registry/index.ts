export {
  CaseExpectationFailed,
  type ExpectationDefinition,
  type StepDefinition,
} from './define.ts';
export { EXPECTATIONS } from './expectations.ts';
export { STEPS } from './steps.ts';
