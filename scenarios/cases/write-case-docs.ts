// `npm run case:docs`: writes the case JSON Schema and the README's step list from the registry.

import { readFileSync, writeFileSync } from 'node:fs';
import { caseJsonSchema, withStepList } from './case-schema.ts';

const schemaFile = new URL('./case.schema.json', import.meta.url);
const readmeFile = new URL('./README.md', import.meta.url);

writeFileSync(schemaFile, `${JSON.stringify(caseJsonSchema(), null, 2)}\n`);
writeFileSync(readmeFile, withStepList(readFileSync(readmeFile, 'utf8')));
console.log('Wrote scenarios/cases/case.schema.json and the step list of scenarios/cases/README.md.');
