/** The nine comparison operators of RFC 7644 §3.4.2.2, always lowercase in the AST. */
export type CompareOp = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le';

/**
 * An attribute path: optional schema URI, attribute name, optional sub-attribute.
 * "urn:ietf:params:scim:schemas:core:2.0:User:name.givenName" is
 * { uri: 'urn:ietf:params:scim:schemas:core:2.0:User', name: 'name', sub: 'givenName' }.
 * Absent parts are left out rather than set to undefined, so ASTs compare with toStrictEqual.
 */
export interface AttrPath {
  uri?: string;
  name: string;
  sub?: string;
}

export type FilterValue = string | number | boolean | null;

export type FilterNode =
  | { kind: 'compare'; path: AttrPath; op: CompareOp; value: FilterValue }
  | { kind: 'present'; path: AttrPath }
  | { kind: 'and'; left: FilterNode; right: FilterNode }
  | { kind: 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'not'; expr: FilterNode }
  /** emails[type eq "work"]: paths inside `filter` are relative to the complex attribute. */
  | { kind: 'valuePath'; path: AttrPath; filter: FilterNode };

/** The schema facts the evaluator and the patcher need about one attribute (RFC 7643 §7). */
export interface AttributeInfo {
  type: 'string' | 'boolean' | 'decimal' | 'integer' | 'dateTime' | 'reference' | 'binary' | 'complex';
  caseExact?: boolean;
  multiValued?: boolean;
}

/** Schema lookup; `parent` is set for sub-attributes addressed inside a value filter (emails[type eq "work"]). */
export type AttributeLookup = (path: AttrPath, parent?: AttrPath) => AttributeInfo | undefined;

export const COMPARE_OPS: readonly CompareOp[] = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'];
