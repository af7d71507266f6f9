// A Stryker ignorer (its `ignorers` plugin kind) for a sampled run (reports/mutant-sample.ts):
// mutate ranges alone would also test every mutant nested in a sampled one (a removed block holds
// all its statements' mutants, four times the sample's cost). This ignores each piece of code
// that neither is a sampled mutant's place nor holds one, so nearly only the sample is tested.
// Plain JavaScript: Stryker loads its plugins without a TypeScript loader.

import { readFileSync } from 'node:fs';
import { declareValuePlugin, PluginKind } from '@stryker-mutator/api/plugin';

/** Sampled places per file: lines from 0 as the instrumenter counts them, columns from 0. */
function sampledPlaces() {
  const file = process.env.LAB_MUTANTS_SAMPLE;
  if (!file) return new Map();
  const places = new Map();
  for (const { fileName, location } of JSON.parse(readFileSync(file, 'utf8')).sampled) {
    const list = places.get(fileName) ?? [];
    list.push(location);
    places.set(fileName, list);
  }
  return places;
}

const before = (a, b) => a.line < b.line || (a.line === b.line && a.column <= b.column);
const holds = (outer, inner) => before(outer.start, inner.start) && before(inner.end, outer.end);

// Stryker lists this plugin only for a sampled run (stryker.config.mjs), so the sample is there.
const places = sampledPlaces();
/** The sampled places of each file Stryker names (its absolute path), looked up once per file, not per node. */
const placesByFile = new Map();

function placesIn(fileName) {
  if (!placesByFile.has(fileName))
    placesByFile.set(
      fileName,
      [...places.entries()].find(([name]) => fileName === name || fileName.endsWith(`/${name}`))?.[1] ?? [],
    );
  return placesByFile.get(fileName);
}

export const strykerPlugins = [
  declareValuePlugin(PluginKind.Ignore, 'lab-sample', {
    shouldIgnore(path) {
      const loc = path.node.loc;
      const fileName = path.hub?.file?.opts?.filename;
      if (!loc || !fileName) return undefined;
      const sampled = placesIn(fileName);
      const here = {
        start: { line: loc.start.line - 1, column: loc.start.column },
        end: { line: loc.end.line - 1, column: loc.end.column },
      };
      // A place holds itself: the sampled mutant's own node is kept.
      return sampled.some((place) => holds(here, place))
        ? undefined
        : 'Not in the sample (npm run mutants -- --unit <scope> --sample N)';
    },
  }),
];
