/** Filter policies of servers that only understand `userName eq "…"`. */
import type { FilterNode } from '../../../../shared/filter';
import { SCHEMA_USER } from '../../../../shared/scim';
import { parseFilterOr400 } from '../query';

/** Whether the filter is exactly `userName eq "<string>"`. */
export function isUserNameEq(node: FilterNode): boolean {
  return (
    node.kind === 'compare' &&
    node.op === 'eq' &&
    typeof node.value === 'string' &&
    node.path.name.toLowerCase() === 'username' &&
    node.path.sub === undefined &&
    (node.path.uri === undefined || node.path.uri.toLowerCase() === SCHEMA_USER.toLowerCase())
  );
}

/** Parses the filter if it can; undefined when it does not even parse. */
export function tryParse(text: string): FilterNode | undefined {
  try {
    return parseFilterOr400(text);
  } catch {
    return undefined;
  }
}
