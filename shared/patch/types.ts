import type { AttrPath, AttributeLookup, FilterNode } from '../filter/index';

export type PatchOpName = 'add' | 'replace' | 'remove';

/** One entry of a PatchOp request's "Operations" (RFC 7644 §3.5.2). */
export interface PatchOperation {
  op: PatchOpName;
  path?: string;
  value?: unknown;
}

/**
 * A parsed PATCH path: `attr` (may carry a sub-attribute: name.givenName), an optional value
 * filter (members[value eq "2819c223"]) and the sub-attribute after the filter (emails[type eq "work"].value).
 */
export interface PatchPath {
  attr: AttrPath;
  filter?: FilterNode;
  subAttr?: string;
}

export interface ApplyOptions {
  lookup?: AttributeLookup;
  /** Operations touching an attribute for which this returns true fail with scimType "mutability". */
  isReadOnly?: (path: AttrPath) => boolean;
}
