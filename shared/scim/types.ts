/** The SCIM schema representation of RFC 7643 §7, as plain data types. */

export type ScimAttributeType =
  | 'string'
  | 'boolean'
  | 'decimal'
  | 'integer'
  | 'dateTime'
  | 'reference'
  | 'binary'
  | 'complex';
export type ScimMutability = 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
export type ScimReturned = 'always' | 'never' | 'default' | 'request';
export type ScimUniqueness = 'none' | 'server' | 'global';

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
