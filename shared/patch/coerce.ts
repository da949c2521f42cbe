import type { AttrPath, AttributeLookup } from '../filter/index';
import { isCoreSchemaUri, isJsonObject, type JsonObject } from '../filter/resource-access';

/**
 * Whether the schema says boolean. Without schema knowledge we still know RFC 7643's own booleans
 * (User "active", the "primary" of multi-valued attributes), which are exactly what Entra ID sends as "True"/"False".
 */
function isBooleanAttribute(path: AttrPath, lookup: AttributeLookup | undefined): boolean {
  const info = lookup?.(path);
  if (info !== undefined) return info.type === 'boolean';
  if (path.sub !== undefined) return path.sub.toLowerCase() === 'primary';
  return path.name.toLowerCase() === 'active' && (path.uri === undefined || isCoreSchemaUri(path.uri));
}

function parseBoolean(text: string): boolean | undefined {
  const lower = text.toLowerCase();
  return lower === 'true' ? true : lower === 'false' ? false : undefined;
}

/**
 * Converts Entra ID string booleans ("True"/"False") where the target is boolean: the value itself,
 * each list element, and the sub-attributes of complex values. Works in place: callers pass their own
 * copy of the operation value. Each attribute is looked up once, not once per element of a long list.
 */
export function coerceValue(value: unknown, path: AttrPath, lookup: AttributeLookup | undefined): unknown {
  let selfIsBoolean: boolean | undefined;
  const subIsBoolean = new Map<string, boolean>();

  const convertScalar = (text: string): unknown => {
    selfIsBoolean ??= isBooleanAttribute(path, lookup);
    return selfIsBoolean ? (parseBoolean(text) ?? text) : text;
  };
  const convertSubAttributes = (object: JsonObject): void => {
    for (const key of Object.keys(object)) {
      const text = object[key];
      if (typeof text !== 'string') continue;
      const lower = key.toLowerCase();
      let isBoolean = subIsBoolean.get(lower);
      if (isBoolean === undefined) {
        isBoolean = isBooleanAttribute({ ...path, sub: key }, lookup);
        subIsBoolean.set(lower, isBoolean);
      }
      if (isBoolean) object[key] = parseBoolean(text) ?? text;
    }
  };
  const convert = (current: unknown): unknown => {
    if (typeof current === 'string') return convertScalar(current);
    if (isJsonObject(current) && path.sub === undefined) convertSubAttributes(current);
    return current;
  };

  if (!Array.isArray(value)) return convert(value);
  for (let index = 0; index < value.length; index++) value[index] = convert(value[index]);
  return value;
}
