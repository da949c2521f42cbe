import { z } from 'zod';
import { connectionIdSchema } from './connections';
import { MAX_JSON_BYTES, MAX_JSON_DEPTH, withinJsonBounds } from './bounds';
import { quirkSchema, scimResourceInputSchema, scimResourceSchema } from './scim';
import { SCIM_ATTRIBUTE_TYPES, SCIM_MUTABILITIES, SCIM_RETURNED, SCIM_UNIQUENESSES, type ScimAttribute, type ScimSchema } from '../scim/types';

/** RFC 7643 §7 attribute definitions, normalised from whatever key case and value spelling the server used. */
export type ScimAttributeDef = ScimAttribute;
const attributeSchema: z.ZodType<ScimAttribute> = z.lazy(() =>
  z.object({
    name: z.string(),
    type: z.enum(SCIM_ATTRIBUTE_TYPES),
    multiValued: z.boolean(),
    description: z.string().optional(),
    required: z.boolean(),
    caseExact: z.boolean(),
    mutability: z.enum(SCIM_MUTABILITIES),
    returned: z.enum(SCIM_RETURNED),
    uniqueness: z.enum(SCIM_UNIQUENESSES),
    canonicalValues: z.array(z.string()).optional(),
    referenceTypes: z.array(z.string()).optional(),
    subAttributes: z.array(attributeSchema).optional(),
  }),
);

export const schemaDefSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().optional(),
  attributes: z.array(attributeSchema),
}) satisfies z.ZodType<ScimSchema>;
export type SchemaDef = ScimSchema;

export const resourceTypeDefSchema = z.object({
  name: z.string(),
  /** As the server spells it, e.g. "/Users" or "users". */
  endpoint: z.string(),
  schema: z.string(),
  schemaExtensions: z.array(z.object({ schema: z.string(), required: z.boolean() })),
  description: z.string().optional(),
  /** Where the type came from: the server's ResourceTypes, or a probe of a well-known endpoint. */
  source: z.enum(['discovery', 'probe']),
});
export type ResourceTypeDef = z.infer<typeof resourceTypeDefSchema>;

const tri = z.boolean().nullable(); // null = the server did not say

/** What a server can do, as the UI needs it. */
export const capabilitiesSchema = z.object({
  connectionId: z.string(),
  discoveredAt: z.string(),
  /** Whether ServiceProviderConfig/ResourceTypes/Schemas were readable, or the RFC core schemas stand in. */
  discovery: z.object({ serviceProviderConfig: z.boolean(), resourceTypes: z.boolean(), schemas: z.boolean() }),
  patch: tri,
  bulk: z.object({ supported: tri, maxOperations: z.number().int().nullable(), maxPayloadSize: z.number().int().nullable() }),
  filter: z.object({ supported: tri, maxResults: z.number().int().nullable() }),
  sort: tri,
  etag: tri,
  changePassword: tri,
  paging: z.object({ index: z.boolean(), cursor: z.boolean(), defaultPageSize: z.number().int().nullable(), maxPageSize: z.number().int().nullable() }),
  resourceTypes: z.array(resourceTypeDefSchema),
  schemas: z.array(schemaDefSchema),
  authenticationSchemes: z.array(z.object({ type: z.string(), name: z.string() })),
  notes: z.array(z.string()),
  quirks: z.array(quirkSchema),
});
export type Capabilities = z.infer<typeof capabilitiesSchema>;

/** Ids are text in the UI but go back to the server in its own type (some servers use integers). */
const resourceId = z.union([z.string().min(1).max(500), z.number().int()]);
const endpoint = z.string().trim().min(1).max(200);
const attributeList = z.array(z.string().trim().min(1).max(500)).max(200).optional();
/** A free-form JSON value (a PatchOp value, a Bulk operation's data) within the nesting and size bounds. */
const boundedJson = z.unknown().refine(withinJsonBounds, `A value is at most ${MAX_JSON_BYTES / 1024 / 1024} MB and ${MAX_JSON_DEPTH} levels deep.`);
const etag = z.string().max(500).optional();

export const getInputSchema = z.object({
  connectionId: connectionIdSchema,
  endpoint,
  id: resourceId,
  attributes: attributeList,
  excludedAttributes: attributeList,
});

export const resourceResultSchema = z.object({
  resource: scimResourceSchema,
  status: z.number().int(),
  etag: z.string().nullable(),
  location: z.string().nullable(),
  exchangeId: z.string(),
  quirks: z.array(quirkSchema),
});
export type ResourceResult = z.infer<typeof resourceResultSchema>;

export const createInputSchema = z.object({ connectionId: connectionIdSchema, endpoint, resource: scimResourceInputSchema });
export const replaceInputSchema = z.object({ connectionId: connectionIdSchema, endpoint, id: resourceId, resource: scimResourceInputSchema, etag });

export const patchDialectSchema = z.enum(['rfc', 'entra', 'okta']);
export const patchOperationSchema = z.object({
  op: z.enum(['add', 'replace', 'remove']),
  path: z.string().max(2048).optional(),
  value: boundedJson.optional(),
});
export const patchInputSchema = z.object({
  connectionId: connectionIdSchema,
  endpoint,
  id: resourceId,
  operations: z.array(patchOperationSchema).min(1).max(10_000),
  dialect: patchDialectSchema.default('rfc'),
  etag,
  /**
   * Attributes to ask back (RFC 7644 §3.5.2 lets a server answer 204 without them). Only for a feature
   * that needs the answer shaped: some servers fail a write that carries it.
   */
  attributes: attributeList,
  /** Read the resource back when the server answers 204 (default); a caller that verifies by other means says false. */
  readBack: z.boolean().default(true),
});

export const deleteInputSchema = z.object({ connectionId: connectionIdSchema, endpoint, id: resourceId, etag });
export const deleteResultSchema = z.object({ status: z.number().int(), exchangeId: z.string(), quirks: z.array(quirkSchema) });

export const bulkInputSchema = z.object({
  connectionId: connectionIdSchema,
  failOnErrors: z.number().int().min(0).optional(),
  operations: z
    .array(
      z.object({
        method: z.enum(['POST', 'PUT', 'PATCH', 'DELETE']),
        path: z.string().min(1).max(2048),
        bulkId: z.string().max(200).optional(),
        version: z.string().max(500).optional(),
        data: boundedJson.optional(),
      }),
    )
    .min(1)
    .max(10_000),
});
export const bulkResultSchema = z.object({
  status: z.number().int(),
  operations: z.array(
    z.object({ method: z.string(), bulkId: z.string().optional(), location: z.string().optional(), status: z.string(), response: z.unknown().optional() }),
  ),
  exchangeId: z.string(),
  quirks: z.array(quirkSchema),
});

/** Pushed while main waits to repeat a request: "retrying 2 of 3 in 4 s", with a way to cancel the call. */
export const retryingEventSchema = z.object({
  connectionId: z.string(),
  /** The call the request belongs to, when main knows it (app.cancel takes it). */
  callId: z.string().optional(),
  /** The attempt about to be made (2 for the first retry). */
  attempt: z.number().int(),
  /** The most attempts this request gets. */
  of: z.number().int(),
  /** How long until that attempt starts. */
  inMs: z.number(),
  /** Why the previous attempt is being repeated, e.g. "HTTP 503" or "timeout: … did not answer". */
  reason: z.string(),
  /** One request's retries share it (a call may send several requests, e.g. pages in parallel). */
  requestId: z.string(),
  /** How long the coming attempt may take before it times out (the connection's timeout). */
  timeoutMs: z.number().optional(),
});
export type RetryingEvent = z.infer<typeof retryingEventSchema>;

/** Pushed when a request that was retried has ended, however it ended: nothing is retrying for it any more. */
export const retryEndedEventSchema = z.object({
  connectionId: z.string(),
  callId: z.string().optional(),
  requestId: z.string(),
  /** answered: a response came back (any status); failed: a transport error; cancelled: the call was cancelled. */
  outcome: z.enum(['answered', 'failed', 'cancelled']),
});
export type RetryEndedEvent = z.infer<typeof retryEndedEventSchema>;

export const quirkReportSchema = z.array(quirkSchema.extend({ count: z.number().int(), firstSeen: z.string(), lastSeen: z.string() }));
