// The locators against a small tree written out here: CSS selectors turned into class chains as
// appium-xcuitest-driver turns them (its own unit cases), NSPredicate operators as WDA evaluates
// them, class chains with descendant predicates, short class names, and WDA's attributes.

import { describe, expect, it } from 'vitest';
import type { ElementNode } from './element-tree.ts';
import {
  byClassChain,
  cssToClassChain,
  findNodes,
  InvalidSelectorError,
  TreeFacts,
  wdAttribute,
} from './locators.ts';

function node(type: string, spec: Partial<ElementNode> & { key: string }): ElementNode {
  return {
    type: `XCUIElementType${type}`,
    enabled: true,
    visible: true,
    rect: { x: 0, y: 0, width: 10, height: 10 },
    children: [],
    ...spec,
  };
}

const codeCell = node('Cell', {
  key: 'cell/code',
  name: 'CodeCell',
  label: 'Code',
  rect: { x: 20, y: 100, width: 335, height: 44 },
  children: [
    node('Image', { key: 'cell/code/icon', name: 'KeyIcon', rect: { x: 30, y: 110, width: 20, height: 20 } }),
  ],
});
const plainCell = node('Cell', {
  key: 'cell/plain',
  name: 'PlainCell',
  label: 'Crème',
  rect: { x: 20, y: 160, width: 335, height: 44 },
});
const done = node('Button', {
  key: 'done',
  name: 'Done',
  label: 'Done',
  rect: { x: 20, y: 600, width: 335.5, height: 50 },
});
const off = node('Switch', {
  key: 'switch',
  name: 'Allow',
  label: 'Allow',
  value: '0',
  enabled: false,
  rect: { x: 20, y: 220, width: 335, height: 44 },
});
const title = node('StaticText', {
  key: 'title',
  name: 'Title',
  label: 'Hello',
  rect: { x: 20, y: 60, width: 335, height: 30 },
});
const window = node('Window', {
  key: 'window',
  rect: { x: 0, y: 0, width: 375, height: 667 },
  children: [title, codeCell, plainCell, off, done],
});
const root = node('Application', {
  key: 'app',
  name: 'IBKR Mobile',
  label: 'IBKR Mobile',
  rect: window.rect,
  children: [window],
});

const names = (nodes: ElementNode[]) => nodes.map((found) => found.name);

describe('CSS selectors, converted as the XCUITest driver converts them', () => {
  // appium-xcuitest-driver test/unit/css-converter.spec.ts: each CSS and the class chain it becomes.
  it.each([
    ['XCUIElementTypeWindow:nth-child(2)', '**/XCUIElementTypeWindow[2]'],
    ['XCUIElementTypeWindow *', '**/XCUIElementTypeWindow/**/*'],
    ['XCUIElementTypeWindow > *', '**/XCUIElementTypeWindow/*'],
    [
      'XCUIElementTypeWindow[label^=foo]:nth-child(-1)',
      '**/XCUIElementTypeWindow[`label BEGINSWITH "foo"`][-1]',
    ],
    [
      `XCUIElementTypeStaticText[name="foo"][value$='bar']`,
      '**/XCUIElementTypeStaticText[`name == "foo" AND value ENDSWITH "bar"`]',
    ],
    ['XCUIElementTypeOther[visible]', '**/XCUIElementTypeOther[`visible == 1`]'],
    ['*:visible', '**/*[`visible == 1`]'],
    ['XCUIElementTypeWindow > XCUIElementTypeText', '**/XCUIElementTypeWindow/XCUIElementTypeText'],
    ['XCUIElementTypeWindow#hello', '**/XCUIElementTypeWindow[`name == "hello"`]'],
    ['#foobar', '**/*[`name == "foobar"`]'],
    ['XCUIElementTypeText#foo > #bar', '**/XCUIElementTypeText[`name == "foo"`]/*[`name == "bar"`]'],
    [
      'window#foo[visible=true][value^=foo] > text#bar other:nth-child(3)',
      '**/XCUIElementTypeWindow[`name == "foo" AND visible == 1 AND value BEGINSWITH "foo"`]/XCUIElementTypeText[`name == "bar"`]/**/XCUIElementTypeOther[3]',
    ],
    ['window > *:nth-child(-1)', '**/XCUIElementTypeWindow/*[-1]'],
  ])('%s -> %s', (css, chain) => {
    expect(cssToClassChain(css)).toBe(chain);
  });

  it.each([
    ['*[visible="ItS ViSiBlE"]', /must be true\/1 or false\/0/],
    ['*[foo="bar"]', /'foo' is not a valid attribute/],
    ["This isn't valid[ css", /Invalid CSS selector/],
    ['p ~ a', /'~' is not a supported combinator/],
    // selenium's By.className("XCUIElementTypeButton") arrives as this, and the real driver refuses it.
    ['.XCUIElementTypeButton', /is not a valid class/],
  ])('refuses %s as the driver does', (css, reason) => {
    expect(() => cssToClassChain(css)).toThrow(InvalidSelectorError);
    expect(() => cssToClassChain(css)).toThrow(reason);
  });

  it("finds what selenium's By.id and By.name send (#id, *[name=...]) and descendant or child combinators", () => {
    expect(names(findNodes(root, 'css selector', '#Done'))).toEqual(['Done']);
    expect(names(findNodes(root, 'css selector', '*[name="Done"]'))).toEqual(['Done']);
    expect(names(findNodes(root, 'css selector', 'window > cell'))).toEqual(['CodeCell', 'PlainCell']);
    expect(names(findNodes(root, 'css selector', 'window image'))).toEqual(['KeyIcon']);
    expect(names(findNodes(root, 'css selector', 'window > image'))).toEqual([]);
    expect(names(findNodes(root, 'css selector', 'switch:enabled'))).toEqual([]);
    expect(names(findNodes(root, 'css selector', 'cell[label~="od"]'))).toEqual(['CodeCell']);
    // *= is MATCHES of the escaped text in the driver: a whole-string match, not "contains".
    expect(names(findNodes(root, 'css selector', 'cell[label*="od"]'))).toEqual([]);
    expect(names(findNodes(root, 'css selector', 'cell[label*="Code"]'))).toEqual(['CodeCell']);
    expect(names(findNodes(root, 'css selector', String.raw`#Do\6e e`))).toEqual(['Done']);
  });
});

describe('predicate strings as WDA evaluates them', () => {
  it.each([
    ["name IN {'Done', 'Title'}", ['Title', 'Done']],
    ["label BEGINSWITH[c] 'co'", ['CodeCell']],
    ["label ==[cd] 'creme'", ['PlainCell']],
    ["label ENDSWITH 'ode' AND NOT (name CONTAINS 'Plain')", ['CodeCell']],
    ["label LIKE 'C*e' OR label MATCHES 'H.llo'", ['Title', 'CodeCell', 'PlainCell']],
    ['type == "XCUIElementTypeSwitch" AND enabled == NO AND value == "0"', ['Allow']],
    ["wdName == 'Done' && wdVisible == 1", ['Done']],
    ['rect.y >= 600', ['Done']],
    ['index == 1 AND type == "XCUIElementTypeCell"', ['CodeCell']],
    // The short name is not an element type here: WDA compares type with "XCUIElementTypeButton".
    ["type == 'Button'", []],
    // WDA tests the element it searches from as well: the application itself matches.
    ["type == 'XCUIElementTypeApplication'", ['IBKR Mobile']],
  ])('%s', (predicate, expected) => {
    expect(names(findNodes(root, '-ios predicate string', predicate))).toEqual(expected);
  });

  it('names the attribute it does not know, as WDA has none of that name', () => {
    expect(() => findNodes(root, '-ios predicate string', "title == 'x'")).toThrow(
      /compares "title", which is not an attribute of iOS elements; use one of: .*hittable/,
    );
  });
});

describe('class chains and class names', () => {
  it('keeps the cells that have a descendant matching a $...$ predicate', () => {
    expect(names(byClassChain(root, '**/XCUIElementTypeCell[$name == "KeyIcon"$]'))).toEqual(['CodeCell']);
    expect(
      names(byClassChain(root, '**/XCUIElementTypeCell[$type == "XCUIElementTypeImage"$][`visible == 1`]/*')),
    ).toEqual(['KeyIcon']);
    expect(names(byClassChain(root, '**/XCUIElementTypeButton[`label == "Do``ne"`]'))).toEqual([]);
  });

  it('refuses a short class name in a chain with WDA\'s sentence, and takes it as a "class name"', () => {
    expect(() => byClassChain(root, '**/Button')).toThrow(
      "Cannot parse class chain query '**/Button'. 'Button' class name is unknown to WDA: write XCUIElementTypeButton.",
    );
    expect(names(findNodes(root, 'class name', 'Button'))).toEqual(['Done']);
    expect(names(findNodes(root, 'class name', 'UIAButton'))).toEqual(['Done']);
    expect(names(findNodes(root, 'class name', 'ImageView'))).toEqual(['KeyIcon']);
  });
});

describe("WDA's attributes", () => {
  const facts = new TreeFacts(root);
  it('answers hittable, index, selected, rect and the wd-prefixed names', () => {
    expect(wdAttribute(done, 'hittable', facts)).toBe(true);
    expect(wdAttribute(done, 'index', facts)).toBe(4);
    expect(wdAttribute(off, 'selected', facts)).toBe(false);
    expect(wdAttribute(done, 'rect', facts)).toEqual({ x: 20, y: 600, width: 336, height: 50 });
    expect(wdAttribute(done, 'wdType', facts)).toBe('XCUIElementTypeButton');
    expect(wdAttribute(title, 'value', facts)).toBe('Hello');
    expect(wdAttribute(window, 'accessible', facts)).toBe(false);
    expect(wdAttribute(done, 'colour', facts)).toBeUndefined();
  });

  it('makes nothing under an alert hittable, and a touch outside it lands on the alert', () => {
    const alert = node('Alert', {
      key: 'alert',
      label: 'Allow?',
      rect: { x: 50, y: 250, width: 270, height: 150 },
    });
    const covered = new TreeFacts({ ...root, children: [window, alert] });
    expect(covered.hittable(done)).toBe(false);
    expect(covered.elementAt(100, 620)).toBe(alert);
    expect(facts.elementAt(100, 620)).toBe(done);
    expect(facts.elementAt(35, 115)?.name).toBe('KeyIcon');
  });
});
