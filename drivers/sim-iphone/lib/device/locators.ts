// Finding elements in the tree the way XCUITest does: accessibility id, class name, XPath over
// the page source, and the common subsets of "-ios predicate string" and "-ios class chain".

import xpath from 'xpath';
import { type ElementNode, walk } from './element-tree.ts';
import { pageSource } from './page-source.ts';

export class InvalidSelectorError extends Error {
  override name = 'InvalidSelectorError';
}

export const LOCATOR_STRATEGIES = [
  'accessibility id',
  'id',
  'name',
  'class name',
  'xpath',
  '-ios predicate string',
  '-ios class chain',
] as const;
export type LocatorStrategy = (typeof LOCATOR_STRATEGIES)[number];

// --- finding --------------------------------------------------------------------------------

export function findNodes(
  root: ElementNode,
  strategy: string,
  selector: string,
  scope?: ElementNode,
): ElementNode[] {
  const base = scope ?? root;
  const all = [...walk(base)].map(([node]) => node).filter((node) => node !== base || !scope);
  switch (strategy as LocatorStrategy) {
    case 'accessibility id':
    case 'id':
    case 'name':
      return all.filter((node) => node.name === selector);
    case 'class name':
      return all.filter((node) => node.type === selector);
    case 'xpath':
      return byXpath(root, selector, scope);
    case '-ios predicate string': {
      const predicate = parsePredicate(selector);
      return all.filter((node) => predicate(node));
    }
    case '-ios class chain':
      return byClassChain(base, selector);
    default:
      throw new InvalidSelectorError(
        `"${strategy}" is not a locator strategy of this driver; use one of: ${LOCATOR_STRATEGIES.join(', ')}.`,
      );
  }
}

function byXpath(root: ElementNode, selector: string, scope?: ElementNode): ElementNode[] {
  const source = pageSource(root);
  let context: unknown = source.document;
  if (scope) {
    context = [...source.nodeOf].find(([, node]) => node.key === scope.key)?.[0] ?? source.document;
  }
  let selected: unknown;
  try {
    selected = xpath.select(selector, context as Node);
  } catch (error) {
    throw new InvalidSelectorError(
      `"${selector}" is not a valid XPath expression: ${(error as Error).message}`,
    );
  }
  if (!Array.isArray(selected)) {
    throw new InvalidSelectorError(`The XPath "${selector}" selects a value, not elements.`);
  }
  return selected
    .map((node) => source.nodeOf.get(node))
    .filter((node): node is ElementNode => node !== undefined);
}

// --- predicate strings --------------------------------------------------------------------

type Predicate = (node: ElementNode) => boolean;

const ATTRIBUTES: Record<string, (node: ElementNode) => string | boolean | undefined> = {
  name: (node) => node.name,
  identifier: (node) => node.name,
  label: (node) => node.label,
  value: (node) => node.value,
  title: (node) => node.label,
  type: (node) => node.type,
  elementType: (node) => node.type,
  enabled: (node) => node.enabled,
  isEnabled: (node) => node.enabled,
  visible: (node) => node.visible,
  isVisible: (node) => node.visible,
};

const TOKEN =
  /\s*(\(|\)|&&|\|\||!=|==|<>|=|!|'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|\[[cdn]+\]|[A-Za-z_][A-Za-z0-9_]*|-?\d+(?:\.\d+)?)/y;

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const start = TOKEN.lastIndex;
    const match = TOKEN.exec(text);
    if (!match) {
      if (/^\s*$/.test(text.slice(start))) break;
      throw new InvalidSelectorError(
        `Cannot read the predicate "${text}" at "${text.slice(start, start + 12)}".`,
      );
    }
    tokens.push(match[1]!);
  }
  return tokens;
}

/** Parses the predicate subset: comparisons of attributes joined by AND, OR, NOT and parentheses. */
export function parsePredicate(text: string): Predicate {
  const tokens = tokenize(text);
  let position = 0;
  const peek = () => tokens[position];
  const next = () => tokens[position++];
  const upper = (token: string | undefined) => token?.toUpperCase();

  const or = (): Predicate => {
    let left = and();
    while (upper(peek()) === 'OR' || peek() === '||') {
      next();
      const right = and();
      const previous = left;
      left = (node) => previous(node) || right(node);
    }
    return left;
  };
  const and = (): Predicate => {
    let left = not();
    while (upper(peek()) === 'AND' || peek() === '&&') {
      next();
      const right = not();
      const previous = left;
      left = (node) => previous(node) && right(node);
    }
    return left;
  };
  const not = (): Predicate => {
    if (upper(peek()) === 'NOT' || peek() === '!') {
      next();
      const inner = not();
      return (node) => !inner(node);
    }
    if (peek() === '(') {
      next();
      const inner = or();
      if (next() !== ')')
        throw new InvalidSelectorError(`The predicate "${text}" has an unclosed parenthesis.`);
      return inner;
    }
    return comparison();
  };
  const comparison = (): Predicate => {
    const attribute = next();
    const read = attribute ? ATTRIBUTES[attribute] : undefined;
    if (!read) {
      throw new InvalidSelectorError(
        `The predicate "${text}" compares "${attribute}"; use one of: ${Object.keys(ATTRIBUTES).join(', ')}.`,
      );
    }
    const operator = upper(next());
    let flags = '';
    if (peek()?.startsWith('[')) flags = next()!;
    const literal = next();
    if (operator === undefined || literal === undefined)
      throw new InvalidSelectorError(`The predicate "${text}" ends too early.`);
    const expected = literalValue(literal, text);
    const fold = (value: string) => (flags.includes('c') ? value.toLowerCase() : value);
    const test = compare(operator, text);
    return (node) => {
      const actual = read(node);
      if (typeof expected === 'boolean' || typeof actual === 'boolean') {
        const asBool = typeof actual === 'boolean' ? actual : actual === 'true' || actual === '1';
        return operator === '!=' || operator === '<>'
          ? asBool !== Boolean(expected)
          : asBool === Boolean(expected);
      }
      return test(fold(actual ?? ''), fold(String(expected)));
    };
  };

  const predicate = or();
  if (position < tokens.length)
    throw new InvalidSelectorError(`The predicate "${text}" has unexpected "${tokens[position]}".`);
  return predicate;
}

function literalValue(token: string, text: string): string | number | boolean {
  if (/^['"]/.test(token)) return token.slice(1, -1).replace(/\\(.)/g, '$1');
  if (/^-?\d/.test(token)) return Number(token);
  const word = token.toUpperCase();
  if (word === 'TRUE' || word === 'YES') return true;
  if (word === 'FALSE' || word === 'NO') return false;
  throw new InvalidSelectorError(
    `The predicate "${text}" has "${token}" where a quoted value, a number or TRUE/FALSE goes.`,
  );
}

function compare(operator: string, text: string): (actual: string, expected: string) => boolean {
  switch (operator) {
    case '==':
    case '=':
      return (actual, expected) => actual === expected;
    case '!=':
    case '<>':
      return (actual, expected) => actual !== expected;
    case 'CONTAINS':
      return (actual, expected) => actual.includes(expected);
    case 'BEGINSWITH':
      return (actual, expected) => actual.startsWith(expected);
    case 'ENDSWITH':
      return (actual, expected) => actual.endsWith(expected);
    case 'LIKE':
      return (actual, expected) =>
        new RegExp(
          `^${expected
            .replace(/[.+^${}()|[\]\\]/g, '\\$&')
            .replace(/\*/g, '.*')
            .replace(/\?/g, '.')}$`,
        ).test(actual);
    case 'MATCHES':
      return (actual, expected) => new RegExp(`^(?:${expected})$`).test(actual);
    default:
      throw new InvalidSelectorError(
        `The predicate "${text}" uses "${operator}"; use ==, !=, CONTAINS, BEGINSWITH, ENDSWITH, LIKE or MATCHES.`,
      );
  }
}

// --- class chains ---------------------------------------------------------------------------

interface ChainStep {
  descendant: boolean;
  type: string;
  filters: (string | number)[];
}

/** `**‍/XCUIElementTypeButton[`name == "Done"`]`, `XCUIElementTypeWindow/XCUIElementTypeAny[2]`. */
export function byClassChain(root: ElementNode, chain: string): ElementNode[] {
  const steps = parseChain(chain);
  let current: ElementNode[] = [root];
  for (const step of steps) {
    const candidates = current.flatMap((node) =>
      step.descendant
        ? [...walk(node)].map(([child]) => child).filter((child) => child !== node)
        : node.children,
    );
    let matched = candidates.filter(
      (node) => step.type === '*' || step.type === 'XCUIElementTypeAny' || node.type === step.type,
    );
    for (const filter of step.filters) {
      if (typeof filter === 'number') {
        const picked = filter > 0 ? matched[filter - 1] : matched[matched.length + filter];
        matched = picked ? [picked] : [];
      } else {
        const predicate = parsePredicate(filter);
        matched = matched.filter(predicate);
      }
    }
    current = [...new Set(matched)];
  }
  return current;
}

function parseChain(chain: string): ChainStep[] {
  const steps: ChainStep[] = [];
  let descendant = false;
  for (const part of chain.split(/\/(?=(?:[^`]*`[^`]*`)*[^`]*$)/)) {
    if (part === '**') {
      descendant = true;
      continue;
    }
    const match = /^([A-Za-z*]+)((?:\[[^\]]*\])*)$/.exec(
      part.replace(
        /\[`([^`]*)`\]/g,
        (_, inner: string) => `[\u0000${Buffer.from(inner).toString('base64')}]`,
      ),
    );
    if (!match) throw new InvalidSelectorError(`"${chain}" is not a class chain: cannot read "${part}".`);
    const filters = [...match[2]!.matchAll(/\[([^\]]*)\]/g)].map(([, inner]) =>
      inner!.startsWith('\u0000') ? Buffer.from(inner!.slice(1), 'base64').toString() : Number(inner),
    );
    if (filters.some((filter) => typeof filter === 'number' && (!Number.isInteger(filter) || filter === 0))) {
      throw new InvalidSelectorError(`"${chain}" has an index that is not a whole number other than 0.`);
    }
    steps.push({ descendant, type: match[1]!, filters });
    descendant = false;
  }
  return steps;
}
