import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { filterArbitrary } from './filter-arbitraries';
import {
  addChild,
  countConditions,
  emptyGroup,
  errorSpan,
  fromFilterNode,
  incompleteIds,
  newCondition,
  newValuePath,
  parseFilter,
  printFilter,
  removeNode,
  textToTree,
  toFilterNode,
  treeToText,
  updateCondition,
  updateGroup,
  type BuilderNode,
  type GroupNode,
} from './index';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

/** text → tree → text, which must be the canonical text. */
function roundTrip(text: string): string {
  const result = textToTree(text);
  if (!result.ok) throw result.error;
  return treeToText(result.tree);
}

/** The tree without ids, to compare shapes. */
function shape(node: BuilderNode): unknown {
  if (node.kind === 'condition') return node.op === 'pr' ? [node.path, 'pr'] : [node.path, node.op, node.value];
  if (node.kind === 'valuePath') return { valuePath: node.path, filter: shape(node.filter) };
  return { [node.not ? `not ${node.op}` : node.op]: node.children.map(shape) };
}

describe('builder ↔ text', () => {
  // Every filter form of RFC 7644 §3.4.2.2, already canonical, so the round trip gives it back unchanged.
  const canonical = [
    'userName eq "bjensen"',
    'name.familyName co "O\'Malley"',
    'userName sw "J"',
    'title ew "Manager"',
    'title pr',
    'meta.lastModified gt "2011-05-13T04:42:34Z"',
    'meta.lastModified ge "2011-05-13T04:42:34Z"',
    'meta.lastModified lt "2011-05-13T04:42:34Z"',
    'meta.lastModified le "2011-05-13T04:42:34Z"',
    'userName ne "x"',
    'title pr and userType eq "Employee"',
    'title pr or userType eq "Intern"',
    'schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"',
    'userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")',
    'userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")',
    'userType eq "Employee" and emails[type eq "work" and value co "@example.com"]',
    'emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]',
    `${ENTERPRISE}:department eq "Sales"`,
    `${ENTERPRISE}:manager.value eq "26118915-6090-4610-87e4-49d8ca9f808d"`,
    `${USER}:name.givenName sw "B"`,
    'a pr or b pr and c pr',
    '(a pr or b pr) and c pr',
    'a pr and (b pr and c pr)',
    'a pr or (b pr or c pr)',
    'not (a pr)',
    'not (not (a pr))',
    'not (a pr and b pr) or c pr',
    'x eq 42 and y eq -1.5 and z eq 1e+21',
    'active eq true and locked eq false and manager eq null',
    'displayName eq "quote \\" backslash \\\\ newline \\n tab \\t é 😀"',
  ];
  for (const text of canonical) {
    it(`round-trips ${text}`, () => expect(roundTrip(text)).toBe(text));
  }

  it('canonicalises case, spacing and redundant parentheses', () => {
    expect(roundTrip('userName EQ "x"  AND  ((title PR))')).toBe('userName eq "x" and title pr');
    expect(roundTrip('((a pr) and (b pr)) or (c pr)')).toBe('a pr and b pr or c pr');
    expect(roundTrip('active Eq TRUE')).toBe('active eq true');
    expect(roundTrip('x eq 1.0')).toBe('x eq 1');
  });

  it('flattens a left chain into one group and keeps a parenthesised right operand nested', () => {
    expect(shape(textToTree('a pr and b pr and c pr').ok ? (textToTree('a pr and b pr and c pr') as { tree: GroupNode }).tree : emptyGroup())).toEqual({
      and: [
        [{ name: 'a' }, 'pr'],
        [{ name: 'b' }, 'pr'],
        [{ name: 'c' }, 'pr'],
      ],
    });
    const nested = textToTree('a pr and (b pr and c pr)');
    expect(nested.ok && shape(nested.tree)).toEqual({
      and: [
        [{ name: 'a' }, 'pr'],
        {
          and: [
            [{ name: 'b' }, 'pr'],
            [{ name: 'c' }, 'pr'],
          ],
        },
      ],
    });
  });

  it('makes not() a negated group and a value path a node with its own group', () => {
    const result = textToTree('not (emails[type eq "work"]) or active eq true');
    expect(result.ok && shape(result.tree)).toEqual({
      or: [{ 'not and': [{ valuePath: { name: 'emails' }, filter: { and: [[{ name: 'type' }, 'eq', 'work']] } }] }, [{ name: 'active' }, 'eq', true]],
    });
  });

  it('toFilterNode(fromFilterNode(ast)) deep-equals ast for any filter', () => {
    fc.assert(
      fc.property(filterArbitrary(true), (ast) => {
        expect(toFilterNode(fromFilterNode(ast))).toStrictEqual(ast);
      }),
      { numRuns: 2000 },
    );
  });

  it('text → tree → text is the printer’s canonical text for any filter', () => {
    fc.assert(
      fc.property(filterArbitrary(true), (ast) => {
        const text = printFilter(ast);
        expect(roundTrip(text)).toBe(text);
        expect(parseFilter(roundTrip(text))).toStrictEqual(ast);
      }),
      { numRuns: 500 },
    );
  });

  it('blank text is the empty tree, and the empty tree is no filter', () => {
    const result = textToTree('   ');
    expect(result.ok && result.tree.children).toEqual([]);
    expect(treeToText(emptyGroup())).toBe('');
    expect(toFilterNode(emptyGroup())).toBeNull();
  });
});

describe('parse errors', () => {
  it('gives the position, what was expected and the span of the offending token', () => {
    const text = 'userName zz "x"';
    const result = textToTree(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.position).toBe(9);
    expect(result.error.expected).toContain('comparison operator');
    expect(result.span).toEqual({ start: 9, end: 11 });
    expect(text.slice(result.span.start, result.span.end)).toBe('zz');
  });

  it('puts an error at the end of the text at the end, with an empty span', () => {
    const text = 'userName eq';
    const result = textToTree(text);
    expect(!result.ok && result.span).toEqual({ start: 11, end: 11 });
    expect(!result.ok && result.error.message).toMatch(/Expected string, number, "true", "false" or "null" at position 11, found end of filter/);
  });

  it('underlines an unclosed parenthesis at the end and an unterminated string from its end', () => {
    const open = textToTree('(a pr');
    expect(!open.ok && open.error.expected).toEqual(['and', 'or', '")"']);
    const unterminated = textToTree('a eq "abc');
    expect(!unterminated.ok && unterminated.span).toEqual({ start: 9, end: 9 });
  });

  it('clamps a span to the text', () => {
    const error = (() => {
      try {
        parseFilter('a eq "x" b');
      } catch (e) {
        return e as Parameters<typeof errorSpan>[1];
      }
      throw new Error('no error');
    })();
    expect(errorSpan('a eq "x" b', error)).toEqual({ start: 9, end: 10 });
  });
});

describe('tree edits', () => {
  it('builds userName sw "a" and active eq true condition by condition', () => {
    let tree = emptyGroup();
    const first = newCondition({ name: 'userName' }, 'sw');
    tree = addChild(tree, tree.id, first);
    expect(treeToText(tree)).toBe('');
    expect(incompleteIds(tree)).toEqual([first.id]);
    tree = updateCondition(tree, first.id, { value: 'a' });
    const second = newCondition({ name: 'active' }, 'eq', true);
    tree = addChild(tree, tree.id, second);
    expect(treeToText(tree)).toBe('userName sw "a" and active eq true');
    tree = updateGroup(tree, tree.id, { op: 'or' });
    expect(treeToText(tree)).toBe('userName sw "a" or active eq true');
    tree = updateGroup(tree, tree.id, { not: true });
    expect(treeToText(tree)).toBe('not (userName sw "a" or active eq true)');
    tree = removeNode(tree, first.id);
    expect(treeToText(tree)).toBe('not (active eq true)');
    expect(countConditions(tree)).toBe(1);
  });

  it('nests groups and value paths, leaving incomplete parts out of the text', () => {
    let tree = addChild(emptyGroup(), 'none', newCondition({ name: 'x' }));
    expect(tree.children).toEqual([]);
    tree = addChild(tree, tree.id, newCondition({ name: 'title' }, 'pr'));
    const group = emptyGroup('or');
    tree = addChild(tree, tree.id, group);
    tree = addChild(tree, group.id, newCondition({ name: 'a' }, 'eq', 1));
    tree = addChild(tree, group.id, newCondition({ name: 'b' }, 'eq', 2));
    const vp = newValuePath({ name: 'emails' });
    tree = addChild(tree, tree.id, vp);
    expect(treeToText(tree)).toBe('title pr and (a eq 1 or b eq 2)');
    expect(incompleteIds(tree)).toEqual([vp.id]);
    tree = addChild(tree, vp.id, newCondition({ name: 'type' }, 'eq', 'work'));
    expect(treeToText(tree)).toBe('title pr and (a eq 1 or b eq 2) and emails[type eq "work"]');
    tree = updateCondition(tree, tree.children[0]!.id, { op: 'eq', value: undefined });
    expect(treeToText(tree)).toBe('(a eq 1 or b eq 2) and emails[type eq "work"]');
  });

  it('treats a non-finite number as incomplete and a one-child group as its child', () => {
    const tree = addChild(emptyGroup(), 'x', newCondition({ name: 'n' }, 'gt', Number.NaN));
    expect(treeToText(tree)).toBe('');
    const single = { ...emptyGroup(), children: [newCondition({ name: 'n' }, 'gt', 3)] };
    expect(treeToText(single)).toBe('n gt 3');
  });

  it('removing the root leaves an empty root', () => {
    const tree = fromFilterNode(parseFilter('a pr and b pr'));
    const emptied = removeNode(tree, tree.id);
    expect(emptied.kind).toBe('group');
    expect(emptied.children).toEqual([]);
  });
});
