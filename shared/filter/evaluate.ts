import { buildValueTest, type ValueTest } from './compare';
import { FilterEvaluationError } from './errors';
import { printAttrPath } from './printer';
import { hasValue, isCoreSchemaUri, isJsonObject, keyReader, type JsonObject } from './resource-access';
import type { AttrPath, AttributeInfo, AttributeLookup, CompareOp, FilterNode } from './types';

export type ResourcePredicate = (resource: Record<string, unknown>) => boolean;

interface CompileContext {
  lookup?: AttributeLookup;
  /** Set inside a value filter: paths are then relative to one element of this attribute. */
  parent?: AttrPath;
}

/** Reads a path's value from a resource (or, inside a value filter, from one element). */
type PathReader = (resource: JsonObject) => unknown;

/**
 * Compiles a filter into a predicate. Everything that depends only on the filter (key readers,
 * folded strings, parsed dates, schema lookups) is worked out here, once.
 */
export function compileFilter(node: FilterNode, lookup?: AttributeLookup): ResourcePredicate {
  return compileNode(node, { lookup });
}

export function matchesFilter(resource: Record<string, unknown>, node: FilterNode, lookup?: AttributeLookup): boolean {
  return compileFilter(node, lookup)(resource);
}

function compileNode(node: FilterNode, context: CompileContext): ResourcePredicate {
  switch (node.kind) {
    case 'and': {
      const left = compileNode(node.left, context);
      const right = compileNode(node.right, context);
      return (resource) => left(resource) && right(resource);
    }
    case 'or': {
      const left = compileNode(node.left, context);
      const right = compileNode(node.right, context);
      return (resource) => left(resource) || right(resource);
    }
    case 'not': {
      const inner = compileNode(node.expr, context);
      return (resource) => !inner(resource);
    }
    case 'present':
      return compilePresent(node.path, context);
    case 'compare':
      return compileCompare(node, context);
    case 'valuePath':
      return compileValuePath(node.path, node.filter, context);
    default:
      throw new TypeError(`Unknown filter node kind: ${(node as { kind: unknown }).kind}`);
  }
}

/** Where a path's attribute lives: the resource itself, or the extension object under its schema URN. */
function compileContainer(path: AttrPath, context: CompileContext): (resource: JsonObject) => JsonObject | undefined {
  if (context.parent !== undefined || path.uri === undefined || isCoreSchemaUri(path.uri)) return (resource) => resource;
  const readExtension = keyReader(path.uri);
  return (resource) => {
    const extension = readExtension(resource);
    return isJsonObject(extension) ? extension : undefined;
  };
}

/** The attribute's raw value, before any sub-attribute is applied. */
function compileAttributeReader(path: AttrPath, context: CompileContext): PathReader {
  const container = compileContainer(path, context);
  const readAttribute = keyReader(path.name);
  return (resource) => {
    const object = container(resource);
    return object === undefined ? undefined : readAttribute(object);
  };
}

/** The raw value, or for a sub-attribute its value in each element (flattened into a list). */
function compileReader(path: AttrPath, context: CompileContext): PathReader {
  const readAttribute = compileAttributeReader(path, context);
  if (path.sub === undefined) return readAttribute;
  const readSub = keyReader(path.sub);
  return (resource) => {
    const value = readAttribute(resource);
    if (Array.isArray(value)) return value.map((element) => (isJsonObject(element) ? readSub(element) : undefined));
    return isJsonObject(value) ? readSub(value) : undefined;
  };
}

function infoFor(path: AttrPath, context: CompileContext) {
  if (context.lookup === undefined) return undefined;
  return context.parent === undefined ? context.lookup(path) : context.lookup(path, context.parent);
}

function compilePresent(path: AttrPath, context: CompileContext): ResourcePredicate {
  const readAttribute = compileAttributeReader(path, context);
  if (path.sub === undefined) return (resource) => hasValue(readAttribute(resource));
  const readSub = keyReader(path.sub);
  const elementHas = (element: unknown) => isJsonObject(element) && hasValue(readSub(element));
  return (resource) => {
    const value = readAttribute(resource);
    return Array.isArray(value) ? value.some(elementHas) : elementHas(value);
  };
}

function testScalar(value: unknown, test: ValueTest): boolean {
  return value !== undefined && value !== null && typeof value !== 'object' && test(value);
}

function testScalars(value: unknown, test: ValueTest): boolean {
  if (!Array.isArray(value)) return testScalar(value, test);
  for (const element of value) if (testScalar(element, test)) return true;
  return false;
}

/**
 * Calls `test` on each comparable value until one passes (RFC 7644: a multi-valued attribute matches
 * if any value does). A multi-valued complex attribute without a sub-attribute compares each element's
 * "value". Written as loops without allocation: this is the hot path over large result sets.
 */
function compileAnyValue(path: AttrPath, context: CompileContext): (resource: JsonObject, test: ValueTest) => boolean {
  const readAttribute = compileAttributeReader(path, context);
  if (path.sub === undefined) {
    const readValue = keyReader('value');
    return (resource, test) => {
      const value = readAttribute(resource);
      if (!Array.isArray(value)) return testScalar(value, test);
      for (const element of value) if (testScalar(isJsonObject(element) ? readValue(element) : element, test)) return true;
      return false;
    };
  }
  const readSub = keyReader(path.sub);
  return (resource, test) => {
    const value = readAttribute(resource);
    if (!Array.isArray(value)) return isJsonObject(value) && testScalars(readSub(value), test);
    for (const element of value) if (isJsonObject(element) && testScalars(readSub(element), test)) return true;
    return false;
  };
}

const anything: ValueTest = () => true;

function compileCompare(node: Extract<FilterNode, { kind: 'compare' }>, context: CompileContext): ResourcePredicate {
  const { path, value } = node;
  const op = node.op.toLowerCase() as CompareOp; // hand-built ASTs may say 'EQ'
  const info = infoFor(path, context);
  const ordering = isOrderingOp(op);
  if (ordering) refuseUnordered(op, path, value, info, context);
  if (value === null) {
    // "eq null" asks for an unassigned attribute (RFC 7643 §2.5), "ne null" for an assigned one.
    const present = compilePresent(path, context);
    if (op === 'eq') return (resource) => !present(resource);
    if (op === 'ne') return present;
    return () => false;
  }
  const anyValue = compileAnyValue(path, context);
  if (op === 'ne') {
    // An absent attribute is "not equal"; otherwise any value that differs satisfies ne.
    const equals = buildValueTest('eq', value, info);
    const differs: ValueTest = (actual) => !equals(actual);
    return (resource) => !anyValue(resource, anything) || anyValue(resource, differs);
  }
  const test = buildValueTest(op, value, info);
  // Without a schema, the values themselves say whether the attribute is a boolean.
  const checked = ordering && info === undefined ? refusingBooleans(op, path, test, context) : test;
  return (resource) => anyValue(resource, checked);
}

function isOrderingOp(op: CompareOp): boolean {
  return op === 'gt' || op === 'ge' || op === 'lt' || op === 'le';
}

function describePath(path: AttrPath, context: CompileContext): string {
  return context.parent === undefined ? printAttrPath(path) : `${printAttrPath(context.parent)}[${printAttrPath(path)}]`;
}

function unordered(op: CompareOp, path: AttrPath, what: string, context: CompileContext): FilterEvaluationError {
  return new FilterEvaluationError(`"${describePath(path, context)}" ${what}: ${op} cannot order it (RFC 7644 §3.4.2.2: invalidFilter)`);
}

/**
 * RFC 7644 §3.4.2.2, on gt, ge, lt and le: "Boolean and Binary attributes SHALL cause a failed response
 * (HTTP status code 400) with "scimType" of "invalidFilter"." Decided here, once, when the schema or
 * the filter's literal (active gt true) says so; "no match" would be a wrong verdict.
 */
function refuseUnordered(op: CompareOp, path: AttrPath, value: unknown, info: AttributeInfo | undefined, context: CompileContext): void {
  if (info?.type === 'boolean' || info?.type === 'binary') throw unordered(op, path, `is a ${info.type} attribute`, context);
  if (typeof value === 'boolean') throw unordered(op, path, `is compared with ${String(value)}`, context);
}

/** The same rule when no schema is known: the first boolean value met makes the filter fail. */
function refusingBooleans(op: CompareOp, path: AttrPath, test: ValueTest, context: CompileContext): ValueTest {
  return (actual) => {
    if (typeof actual === 'boolean') throw unordered(op, path, 'holds a boolean', context);
    return test(actual);
  };
}

function compileValuePath(path: AttrPath, filter: FilterNode, context: CompileContext): ResourcePredicate {
  const read = compileReader(path, context);
  const elementMatches = compileNode(filter, { lookup: context.lookup, parent: path });
  // Primitive multi-valued attributes (schemas, plain string lists) expose each element as "value".
  const matchesElement = (element: unknown): boolean =>
    isJsonObject(element) ? elementMatches(element) : element !== null && element !== undefined && elementMatches({ value: element });
  return (resource) => {
    const value = read(resource);
    if (Array.isArray(value)) return value.some(matchesElement);
    return matchesElement(value);
  };
}
