// The case runner's own checks: a case whose expectation is false must fail, with the sentence of
// that expectation, in each language. A runner that stopped checking `expect:` steps or a case's
// closing block would let every customer case pass whatever the product does; these would then fail.

import { fileURLToPath } from 'node:url';
import { LOCALES } from '../../product/index.ts';
import { expect, test } from '../fixtures/index.ts';
import { readCase } from './case-file.ts';
import { phoneOptions, runCase } from './case-test.ts';
import { CaseExpectationFailed } from './registry/define.ts';

const checkFile = (name: string) => fileURLToPath(new URL(`./runner-checks/${name}.yaml`, import.meta.url));
const CHECKS = [
  { file: 'false-step-expectation', where: 'an expect step' },
  { file: 'false-closing-expectation', where: 'the closing expect block' },
];

for (const locale of LOCALES) {
  test.describe(`the case runner (${locale})`, () => {
    for (const { file, where } of CHECKS) {
      const data = readCase(checkFile(file));
      const [[name, spec]] = data.phones as [[string, (typeof data.phones)[number][1]]];
      const inLocale = { ...data, phones: [[name, { ...spec, locale }]] as typeof data.phones };
      test.describe(() => {
        test.use({ locale, ...phoneOptions(spec) });
        test(`fails a case when ${where} is false, with its sentence`, async ({
          customer,
          support,
          network,
          anotherPhone,
          browser,
        }) => {
          const fixtures = { customer, support, network, anotherPhone, browser };
          const failure = await runCase(inLocale, fixtures).then(
            () => undefined,
            (error: unknown) => error,
          );
          expect(failure, `the case ${data.id} should have failed at ${where}`).toBeInstanceOf(
            CaseExpectationFailed,
          );
          expect((failure as Error).message).toBe('Expected 1 active device(s) on the server; it has 0.');
        });
      });
    }
  });
}
