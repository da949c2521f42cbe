/**
 * What the server stored against the composer's preview: values the server computes itself (its
 * schema marks them readOnly or `returned: always`, or it fills in immutable sub-attributes on a value
 * sent without them) are listed apart, and only what it stored otherwise counts as a difference.
 */
import type { Capabilities, ResourceTypeDef, ScimResource } from '../../../../shared/contract';
import type { PatchOperation } from '../../../../shared/patch';
import { jsonEquals } from '../../../../shared/patch/json';
import type { AttributeResolver, ScimAttribute } from '../../../../shared/scim';
import { isObject, keyOf, storedDifferences } from '../../scim';
import { resolverFor } from './model';

/** A value the server set itself, which the preview could not know: not a difference from what was asked. */
export interface ComputedValue {
  /** Where it is: `meta.lastModified`, `members[value eq "u1"].$ref`. */
  path: string;
  value: unknown;
  /** Why it is the server's to set, from its schema. */
  why: 'readOnly' | 'returned always' | 'immutable, not sent';
}

export interface StoredComparison {
  /** What the server stored other than asked: the operations that would turn the preview into it (meta aside). */
  differences: PatchOperation[];
  /** Values the server computes (readOnly, `returned: always`, or immutable sub-attributes it filled in on a value sent without them). */
  computed: ComputedValue[];
  /** The preview with the computed values in: what the server's answer is judged against. */
  expected: ScimResource;
}

/** RFC 7643 §2.5: null, "", [] and {} are unassigned. */
const assigned = (value: unknown): boolean =>
  value !== undefined &&
  value !== null &&
  value !== '' &&
  !(Array.isArray(value) && value.length === 0) &&
  !(isObject(value) && Object.keys(value).length === 0);

const readOnlyDef = (def: ScimAttribute | undefined) => def?.mutability === 'readOnly';
const alwaysReturned = (def: ScimAttribute | undefined) => def?.returned === 'always';

/** Why the server may set a (sub-)attribute the request left without a value, or null when only the client sets it. */
function computedWhenAdded(def: ScimAttribute | undefined, inElement: boolean): ComputedValue['why'] | null {
  if (readOnlyDef(def)) return 'readOnly';
  if (alwaysReturned(def)) return 'returned always';
  // RFC 7643 §2.2: immutable sub-attributes are set when the value is added; sent without them, the server fills them in ($ref, type, display).
  if (inElement && def?.mutability === 'immutable') return 'immutable, not sent';
  return null;
}

const sameIdentity = (a: unknown, b: unknown) =>
  (typeof a === 'string' || typeof a === 'number') && (typeof b === 'string' || typeof b === 'number') && String(a).toLowerCase() === String(b).toLowerCase();

const subDef = (def: ScimAttribute | undefined, name: string) => def?.subAttributes?.find((s) => s.name.toLowerCase() === name.toLowerCase());

/** Whether the server computed a stored value, given what was asked there (undefined: nothing). */
type Judge = (name: string, asked: unknown, stored: unknown) => ComputedValue['why'] | null;

/** A sub-attribute of `def`: readOnly ones whenever they differ, the others when the server filled in what was not sent. */
const subJudge =
  (def: ScimAttribute | undefined, inElement: boolean): Judge =>
  (name, asked, stored) => {
    const sdef = subDef(def, name);
    if (readOnlyDef(sdef)) return jsonEquals(asked, stored) ? null : 'readOnly';
    return assigned(asked) ? null : computedWhenAdded(sdef, inElement);
  };

/** Every sub-attribute of a readOnly complex attribute (meta) is the server's. */
const allServers: Judge = (_name, asked, stored) => (jsonEquals(asked, stored) ? null : 'readOnly');

/**
 * One complex value (meta, name, manager, or an element of members): the sub-attributes the server
 * computed are listed and copied into the expected value.
 */
function mergeComputedSubs(
  asked: Record<string, unknown>,
  stored: Record<string, unknown>,
  at: string,
  judge: Judge,
  out: ComputedValue[],
): Record<string, unknown> {
  const merged = { ...asked };
  for (const [sub, value] of Object.entries(stored)) {
    const key = keyOf(asked, sub);
    const why = assigned(value) ? judge(sub, asked[key], value) : null;
    if (why === null) continue;
    out.push({ path: `${at}.${sub}`, value, why });
    delete merged[key];
    merged[sub] = value;
  }
  return merged;
}

function mergeContainer(
  resolve: AttributeResolver,
  uri: string | undefined,
  asked: Record<string, unknown>,
  stored: Record<string, unknown>,
  out: ComputedValue[],
): Record<string, unknown> {
  const merged = { ...asked };
  for (const [name, value] of Object.entries(stored)) {
    if (name.toLowerCase() === 'schemas') continue;
    const key = keyOf(asked, name);
    const was = asked[key];
    if (uri === undefined && name.includes(':')) {
      // An extension: its attributes one by one, by URN.
      if (isObject(value)) merged[key] = mergeContainer(resolve, name, isObject(was) ? was : {}, value, out);
      continue;
    }
    const at = uri === undefined ? name : `${uri}:${name}`;
    const def = resolve(uri === undefined ? { name } : { uri, name });
    // RFC 7643 §3.1: id and meta are the server's whatever a schema says.
    if ((uri === undefined && /^(id|meta)$/i.test(name)) || readOnlyDef(def)) {
      if (isObject(value) && isObject(was)) merged[key] = mergeComputedSubs(was, value, at, allServers, out);
      else if (assigned(value) && !jsonEquals(was, value)) {
        out.push({ path: at, value, why: 'readOnly' });
        merged[key] = value;
      }
      continue;
    }
    if (!assigned(was)) {
      if (alwaysReturned(def) && assigned(value)) {
        out.push({ path: at, value, why: 'returned always' });
        merged[key] = value;
      }
      continue;
    }
    if (isObject(value) && isObject(was)) merged[key] = mergeComputedSubs(was, value, at, subJudge(def, false), out);
    else if (Array.isArray(value) && Array.isArray(was)) {
      // Elements told apart by their value (members, emails): what the server filled in on each.
      merged[key] = was.map((element) => {
        if (!isObject(element)) return element;
        const id = element[keyOf(element, 'value')];
        const match = value.find((s): s is Record<string, unknown> => isObject(s) && sameIdentity(s[keyOf(s, 'value')], id));
        return match ? mergeComputedSubs(element, match, `${at}[value eq ${JSON.stringify(String(id))}]`, subJudge(def, true), out) : element;
      });
    }
  }
  return merged;
}

/**
 * What the server stored compared with the preview: values it computes itself (its schema marks them
 * readOnly or `returned: always`, or they are immutable sub-attributes it filled in on a value sent
 * without them, such as `$ref`, `display` and `type` on new members; and meta) are told apart from
 * what it stored other than asked. Only the second are differences.
 */
export function compareStored(preview: ScimResource, stored: ScimResource, capabilities: Capabilities, type: ResourceTypeDef): StoredComparison {
  const computed: ComputedValue[] = [];
  const expected = mergeContainer(resolverFor(capabilities, type), undefined, preview, stored, computed) as ScimResource;
  return { differences: storedDifferences(expected, stored, capabilities), computed, expected };
}
