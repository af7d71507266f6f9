// Finding elements in the tree the way XCUITest and WebDriverAgent do: accessibility id, class
// name (short names such as "Button" rewritten as the driver rewrites them), XPath over the page
// source, NSPredicate strings, class chains (with `...` and $...$ predicates), and CSS selectors,
// which the driver turns into class chains. The attributes an element answers with are WDA's too.

import { createHash } from 'node:crypto';
import xpath from 'xpath';
import { type ElementNode, type Rect, walk } from './element-tree.ts';
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
  'css selector',
] as const;
export type LocatorStrategy = (typeof LOCATOR_STRATEGIES)[number];

// --- what WDA says of an element -------------------------------------------------------------

/** The tree around the elements: parents (for `index`) and the alert that takes every touch. */
export class TreeFacts {
  readonly #parents = new Map<ElementNode, ElementNode>();
  readonly #inAlert = new Set<ElementNode>();

  constructor(readonly root: ElementNode) {
    for (const [node, ancestors] of walk(root)) {
      const parent = ancestors.at(-1);
      if (parent) this.#parents.set(node, parent);
    }
    const alert = root.children.find((child) => child.type === 'XCUIElementTypeAlert');
    if (alert) for (const [node] of walk(alert)) this.#inAlert.add(node);
  }

  parent(node: ElementNode): ElementNode | undefined {
    return this.#parents.get(node);
  }

  /** WDA's wdIndex: the place among its parent's children, from 0. */
  index(node: ElementNode): number {
    return Math.max(0, this.parent(node)?.children.indexOf(node) ?? 0);
  }

  /** Whether a tap at the element's centre reaches it: on screen, visible, not under the alert. */
  hittable(node: ElementNode): boolean {
    const { x, y, width, height } = node.rect;
    const screen = this.root.rect;
    const onScreen =
      width > 0 && height > 0 && x + width > 0 && y + height > 0 && x < screen.width && y < screen.height;
    const alertUp = this.#inAlert.size > 0;
    return node.visible && onScreen && (!alertUp || this.#inAlert.has(node));
  }

  /** The topmost element whose frame holds the point: what a finger there touches. */
  elementAt(x: number, y: number): ElementNode | undefined {
    let hit: ElementNode | undefined;
    for (const [node] of walk(this.root)) {
      const r = node.rect;
      if (node.visible && x >= r.x && y >= r.y && x < r.x + r.width && y < r.y + r.height) hit = node;
    }
    // With an alert up, a touch outside it lands on its dimmed backdrop.
    const alert = this.root.children.find((child) => child.type === 'XCUIElementTypeAlert');
    if (hit && alert && !this.#inAlert.has(hit)) return alert;
    return hit;
  }
}

export type AttributeValue = string | number | boolean | null | Rect;

const TRAITS: Record<string, string> = {
  XCUIElementTypeButton: 'Button',
  XCUIElementTypeIcon: 'Button',
  XCUIElementTypeCell: 'Button',
  XCUIElementTypeSwitch: 'Button',
  XCUIElementTypeStaticText: 'StaticText',
  XCUIElementTypeImage: 'Image',
};

/** WDA's attributes (FBElement's wd* properties), each under its short name; `wdName` etc. also answer. */
const WDA_ATTRIBUTES: Record<string, (node: ElementNode, facts: TreeFacts) => AttributeValue> = {
  name: (node) => node.name || node.label || null,
  label: (node) => node.label || null,
  value: (node) => wdValue(node),
  type: (node) => node.type,
  enabled: (node) => node.enabled,
  visible: (node) => node.visible,
  accessible: (node) => node.type !== 'XCUIElementTypeWindow' && node.type !== 'XCUIElementTypeApplication',
  nativeAccessibilityElement: (node) =>
    node.type !== 'XCUIElementTypeWindow' && node.type !== 'XCUIElementTypeApplication',
  accessibilityContainer: (node) => node.children.length > 0,
  selected: (node) => isSelected(node),
  hittable: (node, facts) => facts.hittable(node),
  focused: () => false,
  index: (node, facts) => facts.index(node),
  rect: (node) => integralRect(node),
  frame: (node) => cgRectString(node),
  nativeFrame: (node) => cgRectString(node),
  UID: (node) => uidOf(node),
  traits: (node) => TRAITS[node.type] ?? '',
  placeholderValue: () => null,
  minValue: () => null,
  maxValue: () => null,
  customActions: () => null,
};

const WD_NAMES: Record<string, string> = Object.fromEntries(
  Object.keys(WDA_ATTRIBUTES).map((short) => [`wd${short.charAt(0).toUpperCase()}${short.slice(1)}`, short]),
);

/** Every attribute name WDA accepts, as it lists them when one is unknown. */
export const ATTRIBUTE_NAMES = [...Object.keys(WDA_ATTRIBUTES), ...Object.keys(WD_NAMES)].sort();

/** The attribute as WDA answers it, or undefined when WDA has no attribute of that name. */
export function wdAttribute(node: ElementNode, name: string, facts: TreeFacts): AttributeValue | undefined {
  const read = WDA_ATTRIBUTES[WD_NAMES[name] ?? name];
  return read ? read(node, facts) : undefined;
}

/** WDA's wdSelected; the simulated screens mark nothing selected but switches that are on. */
function isSelected(node: ElementNode): boolean {
  return node.value === '1';
}

/** WDA's wdValue: a static text falls back to its label, a selected button says "1", "" is nil. */
function wdValue(node: ElementNode): string | null {
  let value: string | undefined = node.value;
  if (node.type === 'XCUIElementTypeStaticText') value = node.value || node.label;
  else if (node.type === 'XCUIElementTypeButton') value = node.value || (isSelected(node) ? '1' : undefined);
  return value || null;
}

/** WDA's wdRect: the frame made integral (CGRectIntegral). */
export function integralRect(node: ElementNode): Rect {
  const { x, y, width, height } = node.rect;
  const left = Math.floor(x);
  const top = Math.floor(y);
  return { x: left, y: top, width: Math.ceil(x + width) - left, height: Math.ceil(y + height) - top };
}

function cgRectString(node: ElementNode): string {
  const { x, y, width, height } = integralRect(node);
  return `{{${x}, ${y}}, {${width}, ${height}}}`;
}

/** A UUID that stays the element's own across renders (WDA's is the accessibility element's). */
function uidOf(node: ElementNode): string {
  const hex = createHash('sha1').update(node.key).digest('hex').toUpperCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

// --- finding --------------------------------------------------------------------------------

export function findNodes(
  root: ElementNode,
  strategy: string,
  selector: string,
  scope?: ElementNode,
): ElementNode[] {
  const base = scope ?? root;
  const facts = new TreeFacts(root);
  const all = [...walk(base)].map(([node]) => node).filter((node) => node !== base || !scope);
  switch (strategy as LocatorStrategy) {
    case 'accessibility id':
    case 'id':
    case 'name':
      return all.filter((node) => node.name === selector);
    case 'class name': {
      const type = classNameOf(selector);
      return all.filter((node) => node.type === type);
    }
    case 'xpath':
      return byXpath(root, selector, scope);
    case '-ios predicate string': {
      // WDA also tests the element searched from itself, first.
      const predicate = parsePredicate(selector);
      return [...walk(base)].map(([node]) => node).filter((node) => predicate(node, facts));
    }
    case '-ios class chain':
      return byClassChain(base, selector, facts);
    case 'css selector':
      return byClassChain(base, cssToClassChain(selector), facts);
    default:
      throw new InvalidSelectorError(
        `"${strategy}" is not a locator strategy of this driver; use one of: ${LOCATOR_STRATEGIES.join(', ')}.`,
      );
  }
}

const KEEPS_VIEW = [
  'XCUIElementTypeScrollView',
  'XCUIElementTypeCollectionView',
  'XCUIElementTypeTextView',
  'XCUIElementTypeWebView',
];

/** The driver's rewrite of a class name: "UIAButton" and "Button" mean XCUIElementTypeButton, "ImageView" an Image. */
export function classNameOf(selector: string): string {
  let name = selector.startsWith('UIA') ? selector.slice(3) : selector;
  if (name.startsWith('XCUIElementType')) return name;
  name = `XCUIElementType${name}`;
  return !KEEPS_VIEW.includes(name) && name.endsWith('View') ? name.slice(0, -4) : name;
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

type Predicate = (node: ElementNode, facts: TreeFacts) => boolean;
type Literal = string | number | boolean | null;

const TOKEN =
  /\s*(\(|\)|\{|\}|,|&&|\|\||!=|==|<>|<=|>=|=<|=>|<|>|=|!|'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|\[[cdnl]+\]|[A-Za-z_][A-Za-z0-9_.]*|-?\d+(?:\.\d+)?)/y;

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

const WORD_OPERATORS = ['CONTAINS', 'BEGINSWITH', 'ENDSWITH', 'LIKE', 'MATCHES', 'IN', 'BETWEEN'];

/**
 * Parses an NSPredicate as WDA evaluates it: comparisons (==, !=, <, >, <=, >=, CONTAINS,
 * BEGINSWITH, ENDSWITH, LIKE, MATCHES, IN {...}, with [c], [d] or [cd]) of WDA's attributes,
 * joined by AND, OR, NOT and parentheses.
 */
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
      left = (node, facts) => previous(node, facts) || right(node, facts);
    }
    return left;
  };
  const and = (): Predicate => {
    let left = not();
    while (upper(peek()) === 'AND' || peek() === '&&') {
      next();
      const right = not();
      const previous = left;
      left = (node, facts) => previous(node, facts) && right(node, facts);
    }
    return left;
  };
  const not = (): Predicate => {
    if (upper(peek()) === 'NOT' || peek() === '!') {
      next();
      const inner = not();
      return (node, facts) => !inner(node, facts);
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
  const literal = (): Literal | Literal[] => {
    const token = next();
    if (token === undefined) throw new InvalidSelectorError(`The predicate "${text}" ends too early.`);
    if (token !== '{') return literalValue(token, text);
    const items: Literal[] = [];
    while (peek() !== '}') {
      const item = next();
      if (item === undefined)
        throw new InvalidSelectorError(`The predicate "${text}" has an unclosed { list }.`);
      items.push(literalValue(item, text));
      if (peek() === ',') next();
    }
    next();
    return items;
  };
  const comparison = (): Predicate => {
    const attribute = next();
    const read = attribute ? predicateAttribute(attribute) : undefined;
    if (!read) {
      throw new InvalidSelectorError(
        `The predicate "${text}" compares "${attribute}", which is not an attribute of iOS elements; use one of: ${ATTRIBUTE_NAMES.join(', ')}.`,
      );
    }
    const operator = upper(next());
    if (operator === undefined) throw new InvalidSelectorError(`The predicate "${text}" ends too early.`);
    let flags = '';
    if (peek()?.startsWith('[')) flags = next()!;
    const expected = literal();
    const test = compare(operator, text, flags);
    return (node, facts) => test(read(node, facts), expected);
  };

  const predicate = or();
  if (position < tokens.length)
    throw new InvalidSelectorError(`The predicate "${text}" has unexpected "${tokens[position]}".`);
  return predicate;
}

/** An attribute, or a key path into `rect` (`rect.x`), as WDA's predicates read them. */
function predicateAttribute(name: string): ((node: ElementNode, facts: TreeFacts) => Literal) | undefined {
  const [head, key] = name.split('.', 2) as [string, string | undefined];
  const short = WD_NAMES[head] ?? head;
  const read = WDA_ATTRIBUTES[short];
  if (!read) return undefined;
  if (key !== undefined) {
    if (short !== 'rect' || !['x', 'y', 'width', 'height'].includes(key)) return undefined;
    return (node) => integralRect(node)[key as keyof Rect];
  }
  return read as (node: ElementNode, facts: TreeFacts) => Literal;
}

function literalValue(token: string, text: string): Literal {
  if (/^['"]/.test(token)) return token.slice(1, -1).replace(/\\(.)/g, '$1');
  if (/^-?\d/.test(token)) return Number(token);
  const word = token.toUpperCase();
  if (word === 'TRUE' || word === 'YES') return true;
  if (word === 'FALSE' || word === 'NO') return false;
  if (word === 'NIL' || word === 'NULL') return null;
  throw new InvalidSelectorError(
    `The predicate "${text}" has "${token}" where a quoted value, a number, TRUE/FALSE, NIL or a { list } goes.`,
  );
}

/** NSPredicate's equality: booleans are the numbers 1 and 0, strings compare as strings. */
function equal(actual: Literal, expected: Literal, fold: (value: string) => string): boolean {
  if (actual === null || expected === null) return actual === expected;
  if (typeof actual === 'boolean' || typeof expected === 'boolean' || typeof expected === 'number') {
    if (typeof actual === 'string' && typeof expected === 'string') return fold(actual) === fold(expected);
    return Number(actual) === Number(expected);
  }
  return fold(String(actual)) === fold(String(expected));
}

function compare(
  operator: string,
  text: string,
  flags: string,
): (actual: Literal, expected: Literal | Literal[]) => boolean {
  const fold = (value: string) => {
    let folded = flags.includes('c') ? value.toLowerCase() : value;
    if (flags.includes('d')) folded = folded.normalize('NFD').replace(/\p{M}/gu, '');
    return folded;
  };
  const strings =
    (test: (actual: string, expected: string) => boolean) =>
    (actual: Literal, expected: Literal | Literal[]) =>
      actual !== null && !Array.isArray(expected) && test(fold(String(actual)), fold(String(expected)));
  const numbers =
    (test: (actual: number, expected: number) => boolean) =>
    (actual: Literal, expected: Literal | Literal[]) =>
      actual !== null && !Array.isArray(expected) && test(Number(actual), Number(expected));
  switch (operator) {
    case '==':
    case '=':
      return (actual, expected) => !Array.isArray(expected) && equal(actual, expected, fold);
    case '!=':
    case '<>':
      return (actual, expected) => !Array.isArray(expected) && !equal(actual, expected, fold);
    case '<':
      return numbers((a, b) => a < b);
    case '>':
      return numbers((a, b) => a > b);
    case '<=':
    case '=<':
      return numbers((a, b) => a <= b);
    case '>=':
    case '=>':
      return numbers((a, b) => a >= b);
    case 'CONTAINS':
      return strings((actual, expected) => actual.includes(expected));
    case 'BEGINSWITH':
      return strings((actual, expected) => actual.startsWith(expected));
    case 'ENDSWITH':
      return strings((actual, expected) => actual.endsWith(expected));
    case 'LIKE':
      return strings((actual, expected) =>
        new RegExp(
          `^${expected
            .replace(/[.+^${}()|[\]\\]/g, '\\$&')
            .replace(/\*/g, '.*')
            .replace(/\?/g, '.')}$`,
          's',
        ).test(actual),
      );
    case 'MATCHES':
      return strings((actual, expected) => {
        try {
          return new RegExp(`^(?:${expected})$`, 's').test(actual);
        } catch {
          throw new InvalidSelectorError(
            `The predicate "${text}" MATCHES "${expected}", which is not a regular expression.`,
          );
        }
      });
    case 'IN':
      return (actual, expected) =>
        Array.isArray(expected)
          ? expected.some((item) => equal(actual, item, fold))
          : typeof expected === 'string' && actual !== null && fold(expected).includes(fold(String(actual)));
    case 'BETWEEN':
      return (actual, expected) =>
        Array.isArray(expected) &&
        expected.length === 2 &&
        Number(actual) >= Number(expected[0]) &&
        Number(actual) <= Number(expected[1]);
    default:
      throw new InvalidSelectorError(
        `The predicate "${text}" uses "${operator}"; use ==, !=, <, >, <=, >=, ${WORD_OPERATORS.join(', ')}.`,
      );
  }
}

// --- class chains ---------------------------------------------------------------------------

interface ChainFilter {
  kind: 'self' | 'descendant' | 'index';
  predicate?: Predicate;
  index?: number;
}

interface ChainStep {
  descendant: boolean;
  type: string;
  filters: ChainFilter[];
}

/**
 * `**‍/XCUIElementTypeButton[`name == "Done"`]`, `XCUIElementTypeWindow/XCUIElementTypeAny[2]`,
 * `**‍/XCUIElementTypeCell[$name == "x"$]` (a cell with such a descendant).
 */
export function byClassChain(
  root: ElementNode,
  chain: string,
  facts: TreeFacts = new TreeFacts(root),
): ElementNode[] {
  const steps = parseChain(chain);
  let current: ElementNode[] = [root];
  for (const step of steps) {
    const candidates = current.flatMap((node) =>
      step.descendant
        ? [...walk(node)].map(([child]) => child).filter((child) => child !== node)
        : node.children,
    );
    let matched = candidates.filter((node) => step.type === 'XCUIElementTypeAny' || node.type === step.type);
    for (const filter of step.filters) {
      if (filter.kind === 'index') {
        const index = filter.index!;
        const picked = index > 0 ? matched[index - 1] : matched[matched.length + index];
        matched = picked ? [picked] : [];
      } else if (filter.kind === 'self') {
        matched = matched.filter((node) => filter.predicate!(node, facts));
      } else {
        matched = matched.filter((node) =>
          [...walk(node)].some(([inner]) => inner !== node && filter.predicate!(inner, facts)),
        );
      }
    }
    current = [...new Set(matched)];
  }
  return current;
}

/** Splits a chain into steps; a predicate between ` or $ may hold / and ] (`` and $$ escape). */
function parseChain(chain: string): ChainStep[] {
  const steps: ChainStep[] = [];
  let descendant = false;
  let position = 0;
  const fail = (why: string): never => {
    throw new InvalidSelectorError(`"${chain}" is not a class chain: ${why}.`);
  };
  while (position < chain.length) {
    if (chain.startsWith('**/', position)) {
      if (descendant) fail(`"**/" comes twice in a row at ${position}`);
      descendant = true;
      position += 3;
      continue;
    }
    const typeMatch = /^(\*|[A-Za-z]+)/.exec(chain.slice(position));
    if (!typeMatch) fail(`an element type is missing at "${chain.slice(position, position + 12)}"`);
    const written = typeMatch![1]!;
    position += written.length;
    const type = written === '*' ? 'XCUIElementTypeAny' : written;
    if (!type.startsWith('XCUIElementType') || type.length === 'XCUIElementType'.length) {
      // WDA's sentence (FBClassChainQueryParser); only the "class name" strategy takes short names.
      throw new InvalidSelectorError(
        `Cannot parse class chain query '${chain}'. '${written}' class name is unknown to WDA: write XCUIElementType${written}.`,
      );
    }
    const filters: ChainFilter[] = [];
    while (chain[position] === '[') {
      const quote = chain[position + 1];
      if (quote === '`' || quote === '$') {
        let body = '';
        let cursor = position + 2;
        for (;;) {
          if (cursor >= chain.length) fail(`the predicate opened with ${quote} is not closed`);
          if (chain[cursor] === quote && chain[cursor + 1] === quote) {
            body += quote;
            cursor += 2;
          } else if (chain[cursor] === quote) break;
          else body += chain[cursor++];
        }
        if (chain[cursor + 1] !== ']') fail(`"]" is missing after the predicate "${body}"`);
        if (filters.some((filter) => filter.kind === 'index'))
          fail('a predicate comes after an index; put predicates first');
        filters.push({ kind: quote === '`' ? 'self' : 'descendant', predicate: parsePredicate(body) });
        position = cursor + 2;
      } else {
        const close = chain.indexOf(']', position);
        if (close < 0) fail('a "[" is not closed');
        const index = Number(chain.slice(position + 1, close));
        if (!Number.isInteger(index) || index === 0)
          throw new InvalidSelectorError(
            `"${chain}" has an index that is not a whole number other than 0 ("${chain.slice(position + 1, close)}").`,
          );
        filters.push({ kind: 'index', index });
        position = close + 1;
      }
    }
    steps.push({ descendant, type, filters });
    descendant = false;
    if (position < chain.length) {
      if (chain[position] !== '/') fail(`"/" expected at "${chain.slice(position, position + 12)}"`);
      position += 1;
      if (position === chain.length) fail('it ends with "/"');
    }
  }
  if (steps.length === 0) fail('it names no element type');
  return steps;
}

// --- CSS selectors --------------------------------------------------------------------------

/** The attributes the driver's CSS converter knows, by every name it accepts for them. */
const CSS_ATTRIBUTES: Record<string, { name: string; kind: 'boolean' | 'string' | 'index' }> = {
  visible: { name: 'visible', kind: 'boolean' },
  accessible: { name: 'accessible', kind: 'boolean' },
  'accessibility-container': { name: 'accessibilityContainer', kind: 'boolean' },
  enabled: { name: 'enabled', kind: 'boolean' },
  index: { name: 'index', kind: 'index' },
  'nth-child': { name: 'index', kind: 'index' },
  label: { name: 'label', kind: 'string' },
  name: { name: 'name', kind: 'string' },
  id: { name: 'name', kind: 'string' },
  value: { name: 'value', kind: 'string' },
  type: { name: 'type', kind: 'string' },
};

const CSS_OPERATORS: Record<string, string> = {
  '=': '==',
  '^=': 'BEGINSWITH',
  '$=': 'ENDSWITH',
  '~=': 'CONTAINS',
  // The driver turns *= into MATCHES of the escaped text: NSPredicate's MATCHES takes the whole
  // string, so on a real iPhone [name*="ode"] does not match "Code". The same here.
  '*=': 'MATCHES',
};

/**
 * Turns a CSS selector into the class chain XCUITest would send to WDA: `button#Done` is
 * `**‍/XCUIElementTypeButton[`name == "Done"`]`, `a > b` a child, `a b` a descendant.
 */
export function cssToClassChain(css: string): string {
  const unsupported = (why: string): never => {
    throw new InvalidSelectorError(`Unsupported CSS selector '${css}': ${why}.`);
  };
  const invalid = (why: string): never => {
    throw new InvalidSelectorError(`Invalid CSS selector '${css}': ${why}.`);
  };
  let position = 0;
  const text = css.trim();
  const identifier = (): string => {
    let out = '';
    while (position < text.length) {
      const char = text[position]!;
      if (char === '\\') {
        const hex = /^[0-9a-fA-F]{1,6} ?/.exec(text.slice(position + 1));
        if (hex) {
          out += String.fromCodePoint(Number.parseInt(hex[0].trim(), 16));
          position += 1 + hex[0].length;
        } else {
          out += text[position + 1] ?? '';
          position += 2;
        }
      } else if (/[\w-]/.test(char) || char.charCodeAt(0) > 127) {
        out += char;
        position += 1;
      } else break;
    }
    return out;
  };
  const quoted = (): string => {
    const quote = text[position]!;
    let out = '';
    position += 1;
    while (position < text.length && text[position] !== quote) {
      if (text[position] === '\\') position += 1;
      out += text[position] ?? '';
      position += 1;
    }
    if (text[position] !== quote) invalid('a quoted value is not closed');
    position += 1;
    return out;
  };
  const attribute = (name: string, operator: string | undefined, value: string | undefined) => {
    const known = CSS_ATTRIBUTES[name.toLowerCase()];
    if (!known)
      unsupported(
        `'${name}' is not a valid attribute. Supported attributes are: '${[...new Set(Object.values(CSS_ATTRIBUTES).map((a) => a.name))].join(', ')}'`,
      );
    return { ...known!, operator, value };
  };

  const steps: string[] = [];
  let combinator: 'descendant' | 'child' = 'descendant';
  while (position < text.length) {
    let tag = '';
    if (text[position] === '*') {
      tag = '*';
      position += 1;
    } else tag = identifier();
    const conditions: string[] = [];
    let index: string | undefined;
    const classes: string[] = [];
    for (;;) {
      const char = text[position];
      if (char === '#') {
        position += 1;
        conditions.push(`name == "${identifier()}"`);
      } else if (char === '.') {
        position += 1;
        classes.push(identifier());
      } else if (char === '[') {
        position += 1;
        while (text[position] === ' ') position += 1;
        const name = identifier();
        while (text[position] === ' ') position += 1;
        const operator = /^([*^$~|]?=)/.exec(text.slice(position))?.[1];
        let value: string | undefined;
        if (operator) {
          position += operator.length;
          while (text[position] === ' ') position += 1;
          value = text[position] === '"' || text[position] === "'" ? quoted() : identifier();
          while (text[position] === ' ') position += 1;
          if (/^ i$/.test(text.slice(position - 1, position + 1))) position += 1;
        }
        if (text[position] !== ']') invalid('a "[" is not closed');
        position += 1;
        const parsed = attribute(name, operator, value);
        if (parsed.kind === 'index') index ??= value ?? '';
        else if (parsed.kind === 'boolean')
          conditions.push(booleanCondition(parsed.name, value, unsupported));
        else conditions.push(stringCondition(parsed.name, operator, value ?? '', unsupported));
      } else if (char === ':') {
        position += 1;
        const name = identifier();
        let value: string | undefined;
        if (text[position] === '(') {
          const close = text.indexOf(')', position);
          if (close < 0) invalid('a "(" is not closed');
          value = text.slice(position + 1, close).trim();
          position = close + 1;
        }
        const parsed = attribute(name, undefined, value);
        if (parsed.kind === 'index') index ??= value ?? '';
        else if (parsed.kind === 'boolean')
          conditions.push(booleanCondition(parsed.name, value, unsupported));
        else conditions.push(stringCondition(parsed.name, '=', value ?? '', unsupported));
      } else break;
    }
    if (classes.length)
      unsupported(
        `'${classes.join('.')}' is not a valid class. Must be a single string (e.g.: XCUIElementTypeWindow) without dots separating them`,
      );
    if (!tag && conditions.length === 0 && index === undefined)
      invalid(`nothing to select at "${text.slice(position)}"`);
    let step = !tag || tag === '*' ? '*' : tag;
    if (step !== '*' && !step.toLowerCase().startsWith('xcuielementtype'))
      step = `XCUIElementType${step.charAt(0).toUpperCase()}${step.slice(1)}`;
    if (conditions.length) step += `[\`${conditions.join(' AND ')}\`]`;
    if (index !== undefined) step += `[${index}]`;
    steps.push(combinator === 'child' ? step : `**/${step}`);
    const rest = /^\s*([>+~,])?\s*/.exec(text.slice(position))!;
    const [whole, symbol] = rest;
    if (position + whole.length >= text.length) break;
    if (symbol === ',') break; // the driver converts the first of a list only
    if (symbol === '+' || symbol === '~')
      unsupported(
        `'${symbol}' is not a supported combinator. Only child combinator (>) and descendant combinator are supported`,
      );
    if (!whole) invalid(`cannot read "${text.slice(position, position + 12)}"`);
    combinator = symbol === '>' ? 'child' : 'descendant';
    position += whole.length;
  }
  if (steps.length === 0) invalid('it is empty');
  return steps.join('/');
}

function booleanCondition(
  name: string,
  value: string | undefined,
  unsupported: (why: string) => never,
): string {
  const normal = (value ?? '').toLowerCase() || 'true';
  if (normal === '1' || normal === 'true') return `${name} == 1`;
  if (normal === '0' || normal === 'false') return `${name} == 0`;
  return unsupported(`'${name}' must be true/1 or false/0 or empty. Found '${value}'`);
}

function stringCondition(
  name: string,
  operator: string | undefined,
  value: string,
  unsupported: (why: string) => never,
): string {
  // The driver writes [name] and [name=""] as "[name LIKE ]", which WDA cannot parse.
  if (!operator || value === '')
    return unsupported(`[${name}] needs a value: the driver turns an empty one into a predicate WDA refuses`);
  const predicateOperator = CSS_OPERATORS[operator];
  if (!predicateOperator) return unsupported(`Unsupported CSS attribute operator '${operator}'`);
  const text = operator === '*=' ? value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : value;
  return `${name} ${predicateOperator} "${text.replace(/(["\\])/g, '\\$1')}"`;
}
