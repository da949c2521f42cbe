// fast-check generators for filter ASTs, shared by the filter and patch property tests (test-only).
import fc from 'fast-check';
import type { AttrPath, CompareOp, FilterNode } from './types';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

const ops: CompareOp[] = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'];
const nameArb = fc.oneof(
  { weight: 8, arbitrary: fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,7}$/) },
  { weight: 1, arbitrary: fc.constantFrom('$ref', 'and', 'or', 'not', 'pr', 'eq', 'true', 'null', 'EQ', 'Not') },
);
const uriArb = fc.constantFrom(USER, ENTERPRISE, 'urn:example:params:scim:schemas:extension:acme-corp:1.0:Device');

export function attrPathArbitrary(allowUri: boolean): fc.Arbitrary<AttrPath> {
  return fc
    .record({ uri: allowUri ? fc.option(uriArb, { nil: undefined }) : fc.constant(undefined), name: nameArb, sub: fc.option(nameArb, { nil: undefined }) })
    .map(({ uri, name, sub }) => ({ ...(uri === undefined ? {} : { uri }), name, ...(sub === undefined ? {} : { sub }) }));
}

const trickyChar = fc.constantFrom('"', '\\', "'", '/', 'é', '😀', '\n', '\t', '\u0000', '\u2028', ' ', 'a', '[', ')');
const stringArb = fc.oneof(fc.string({ unit: trickyChar, maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 12 }), fc.string({ maxLength: 12 }));
const valueArb = fc.oneof(stringArb, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null));

export function filterArbitrary(allowValuePath: boolean): fc.Arbitrary<FilterNode> {
  const path = attrPathArbitrary(allowValuePath);
  const leaf: fc.Arbitrary<FilterNode> = fc.oneof(
    fc.record({ kind: fc.constant('compare' as const), path, op: fc.constantFrom(...ops), value: valueArb }, { noNullPrototype: true }),
    fc.record({ kind: fc.constant('present' as const), path }, { noNullPrototype: true }),
  );
  const inner = allowValuePath ? filterArbitrary(false) : undefined;
  return fc.letrec<{ node: FilterNode }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.record({ kind: fc.constant('and' as const), left: tie('node'), right: tie('node') }, { noNullPrototype: true }),
      fc.record({ kind: fc.constant('or' as const), left: tie('node'), right: tie('node') }, { noNullPrototype: true }),
      fc.record({ kind: fc.constant('not' as const), expr: tie('node') }, { noNullPrototype: true }),
      ...(inner ? [fc.record({ kind: fc.constant('valuePath' as const), path: attrPathArbitrary(true), filter: inner }, { noNullPrototype: true })] : []),
    ),
  })).node;
}
