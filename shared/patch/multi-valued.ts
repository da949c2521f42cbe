import { findKey, isJsonObject, type JsonObject } from '../filter/resource-access';
import { canonicalKey } from './json';

function readAttribute(object: JsonObject, name: string): unknown {
  const key = findKey(object, name);
  return key === undefined ? undefined : object[key];
}

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/**
 * Identity for duplicate detection and value-list removal: an element's "value" when it has a scalar
 * one (members, emails, x509Certificates), the element itself when it is a scalar, else its whole content.
 */
function identityOf(element: unknown): string {
  const value = isJsonObject(element) ? readAttribute(element, 'value') : element;
  return isScalar(value) ? `v:${String(value)}` : `o:${canonicalKey(element)}`;
}

function typeOf(element: unknown): string | undefined {
  const type = isJsonObject(element) ? readAttribute(element, 'type') : undefined;
  return typeof type === 'string' ? type.toLowerCase() : undefined;
}

/** {value: x} adds nothing to {value: x, type: "User", display: "…"}; but a work and a home address with one value are two values. */
function isDuplicate(existing: unknown, added: unknown): boolean {
  const addedType = typeOf(added);
  return addedType === undefined || typeOf(existing) === addedType;
}

/**
 * Per-list identity indexes that live for one applyPatch call, so adding k values to a list of n
 * costs O(n + k) once rather than O(n) per value. A list mutated other than through appendUnique must be forgotten.
 */
export class MultiValuedIndexes {
  private readonly byList = new WeakMap<unknown[], Map<string, unknown[]>>();

  forget(list: unknown): void {
    if (Array.isArray(list)) this.byList.delete(list);
  }

  /** Appends the values not already present (RFC 7644 §3.5.2.1) and returns those appended. */
  appendUnique(list: unknown[], values: readonly unknown[]): unknown[] {
    const index = this.indexFor(list);
    const appended: unknown[] = [];
    for (const value of values) {
      if (value === undefined || value === null) continue;
      const identity = identityOf(value);
      const sameIdentity = index.get(identity);
      if (sameIdentity?.some((existing) => isDuplicate(existing, value))) continue;
      list.push(value);
      appended.push(value);
      if (sameIdentity) sameIdentity.push(value);
      else index.set(identity, [value]);
    }
    return appended;
  }

  private indexFor(list: unknown[]): Map<string, unknown[]> {
    let index = this.byList.get(list);
    if (index === undefined) {
      index = new Map();
      for (const element of list) {
        const identity = identityOf(element);
        const sameIdentity = index.get(identity);
        if (sameIdentity) sameIdentity.push(element);
        else index.set(identity, [element]);
      }
      this.byList.set(list, index);
    }
    return index;
  }
}

/** Azure-style removal: {op: remove, path: members, value: [{value: id}, …]} drops the elements with those values. */
export function removeByValues(list: readonly unknown[], values: readonly unknown[]): unknown[] {
  const doomed = new Set(values.map(identityOf));
  return list.filter((element) => !doomed.has(identityOf(element)));
}

function isTrue(value: unknown): boolean {
  return value === true || (typeof value === 'string' && value.toLowerCase() === 'true');
}

/**
 * RFC 7643 §2.4: at most one value may be primary. The last written element with primary true
 * wins and the flag is cleared on every other element.
 */
export function enforceSinglePrimary(list: readonly unknown[], written: readonly unknown[]): void {
  for (let index = written.length - 1; index >= 0; index--) {
    const winner = written[index];
    if (!isJsonObject(winner) || !isTrue(readAttribute(winner, 'primary'))) continue;
    for (const element of list) {
      if (element === winner || !isJsonObject(element)) continue;
      const key = findKey(element, 'primary');
      if (key !== undefined && isTrue(element[key])) element[key] = false;
    }
    return;
  }
}
