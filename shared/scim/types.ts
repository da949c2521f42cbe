/**
 * The SCIM schema representation of RFC 7643 §7, as plain data types: the one shape of a schema and
 * attribute definition (the IPC contract's zod schema is checked against it).
 */

/** The values RFC 7643 §7 allows, as lists so the contract's zod schema and discovery's normaliser share them. */
export const SCIM_ATTRIBUTE_TYPES = ['string', 'boolean', 'decimal', 'integer', 'dateTime', 'reference', 'binary', 'complex'] as const;
export const SCIM_MUTABILITIES = ['readOnly', 'readWrite', 'immutable', 'writeOnly'] as const;
export const SCIM_RETURNED = ['always', 'never', 'default', 'request'] as const;
export const SCIM_UNIQUENESSES = ['none', 'server', 'global'] as const;

export type ScimAttributeType = (typeof SCIM_ATTRIBUTE_TYPES)[number];
export type ScimMutability = (typeof SCIM_MUTABILITIES)[number];
export type ScimReturned = (typeof SCIM_RETURNED)[number];
export type ScimUniqueness = (typeof SCIM_UNIQUENESSES)[number];

export interface ScimAttribute {
  name: string;
  type: ScimAttributeType;
  multiValued: boolean;
  description?: string;
  required: boolean;
  caseExact: boolean;
  mutability: ScimMutability;
  returned: ScimReturned;
  uniqueness: ScimUniqueness;
  canonicalValues?: string[];
  referenceTypes?: string[];
  subAttributes?: ScimAttribute[];
}

export interface ScimSchema {
  /** The schema URN, e.g. `urn:ietf:params:scim:schemas:core:2.0:User`. */
  id: string;
  name: string;
  description?: string;
  attributes: ScimAttribute[];
}

export interface ScimSchemaExtensionRef {
  schema: string;
  required: boolean;
}

export interface ScimResourceTypeDefinition {
  id: string;
  name: string;
  description?: string;
  /** Relative to the base URL, e.g. `/Users`. */
  endpoint: string;
  schema: string;
  schemaExtensions?: ScimSchemaExtensionRef[];
}
