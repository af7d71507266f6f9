// The layer check: the project keeps its layers apart, and the check catches each kind of
// crossing it exists for (so a green run means something).

import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkImports, checkProject } from './layers.ts';

/** Built, not written, so this file's own text holds no such import for the project check to find. */
const dynamicImport = (path: string) => ['const m = await im', `port('${path}');`].join('');
const reasons = (file: string, source: string) =>
  checkImports(file, source).map((violation) => violation.why);

describe('the layer check', () => {
  it('finds no import that crosses the layers in the project', () => {
    expect(checkProject(fileURLToPath(new URL('..', import.meta.url)))).toEqual([]);
  });

  it('refuses a lower layer importing a higher one', () => {
    expect(reasons('mocks/sls/server.ts', "import { Lab } from '../../lab/index.ts';")).toEqual([
      'mocks/ may import common, product, protocol, not lab/',
    ]);
    expect(
      reasons('scenarios/fixtures/x.ts', "import type { X } from '../../mocks/apns/apns-simulator.ts';"),
    ).toEqual(['scenarios/ may import common, product, protocol, lab, drivers, reports, not mocks/']);
    expect(reasons('product/app.ts', "export { x } from '../protocol/index.ts';")).toHaveLength(1);
  });

  it("refuses another module's lib/, the screen objects reaching the simulator, and test-support in product code", () => {
    expect(reasons('lab/lab.ts', "import { X } from '../drivers/sim-iphone/lib/driver.ts';")).toEqual([
      "drivers/sim-iphone/lib/ is that module's own; import its entry point (drivers/sim-iphone/index.ts)",
    ]);
    expect(
      reasons('drivers/phone/phone-screens.ts', "import { y } from '../sim-iphone/profiles.ts';"),
    ).toEqual([
      'drivers/phone may not import drivers/sim-iphone: the screen objects speak XCUITest only, so they run on a real iPhone too',
    ]);
    expect(reasons('lab/lab.ts', dynamicImport('../mocks/sls/test-support/server-lab.ts'))).toEqual([
      'test-support/ is for tests only',
    ]);
  });

  it('lets tests use the lab and test-support, and a module use its own lib/', () => {
    expect(reasons('mocks/sls/push-login.int.test.ts', "import { Lab } from '../../lab/index.ts';")).toEqual(
      [],
    );
    expect(
      reasons(
        'bench/phone.ts',
        "import { gateImage } from '../drivers/sim-iphone/test-support/gate-image.ts';",
      ),
    ).toEqual([]);
    expect(reasons('drivers/sim-iphone/index.ts', "export { A } from './lib/driver.ts';")).toEqual([]);
  });

  it('names the line of a crossing, in multi-line imports too', () => {
    const source = "// why\n\nimport {\n  a,\n  b,\n} from '../../lab/index.ts';\n";
    expect(checkImports('mocks/sls/x.ts', source)).toEqual([
      expect.objectContaining({ line: 3, imported: 'lab/index.ts' }),
    ]);
  });
});
