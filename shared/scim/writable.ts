/**
 * What a generated write may carry, from the server's own schema: sub-attributes it marks readOnly
 * (members.display, $ref, type on some servers) are computed by the server, and a value that carries
 * them is refused by strict servers and by our own schema check. Values the user typed are not
 * filtered here: they are flagged where they are edited.
 */
interface AttributeLike {
  name: string;
  mutability?: string;
  subAttributes?: readonly AttributeLike[];
}
interface SchemaLike {
  id: string;
  attributes: readonly AttributeLike[];
}

/** Lowercased names of `attribute`'s sub-attributes that the schema `schemaId` marks readOnly. */
export function readOnlySubAttributes(schemas: readonly SchemaLike[], schemaId: string, attribute: string): string[] {
  const schema = schemas.find((s) => s.id.toLowerCase() === schemaId.toLowerCase());
  const attr = schema?.attributes.find((a) => a.name.toLowerCase() === attribute.toLowerCase());
  return (attr?.subAttributes ?? []).filter((sub) => sub.mutability?.toLowerCase() === 'readonly').map((sub) => sub.name.toLowerCase());
}

/** A copy of a complex value without the keys named (compared case-insensitively). */
export function withoutKeys<T extends Record<string, unknown>>(value: T, keys: readonly string[]): Partial<T> {
  if (keys.length === 0) return value;
  const drop = new Set(keys.map((k) => k.toLowerCase()));
  return Object.fromEntries(Object.entries(value).filter(([key]) => !drop.has(key.toLowerCase()))) as Partial<T>;
}
