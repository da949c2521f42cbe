import { z } from 'zod';
import { connectionIdSchema } from './connections';
import { patchDialectSchema, patchOperationSchema } from './engine';

/**
 * Bulk changes (issue #14): many resources changed at once, always through a plan.
 *
 * 1. A `bulkPlan` job (reads only: this is the dry run) matches the source (a file's rows, the
 *    browser's selection or filter, or an earlier send job to undo or retry) to fresh reads of the
 *    server's resources and stores, per target, the exact request and the attribute-level diff.
 * 2. A `bulkSend` job sends that stored plan, and nothing else: a target changed on the server since
 *    it was planned is not overwritten (If-Match, or a re-read that differs) but reported as a conflict.
 *    Every change is verified by reading back; every target's before-state is kept for undo.
 */

/** Deleting or deactivating more than this many asks the user to type the count (enforced on the main side). */
export const BULK_CONFIRM_THRESHOLD = 25;
/** The largest source file accepted (characters): one call's input is bounded at 6 MB (bounds.ts MAX_INPUT_BYTES), JSON escaping included. */
export const BULK_MAX_SOURCE_CHARS = 5 * 1024 * 1024;
/** The most targets one plan holds. */
export const BULK_MAX_TARGETS = 100_000;

const attributePath = z.string().trim().min(1).max(500);
const endpoint = z.string().trim().min(1).max(500);
const jobId = z.string().min(1).max(100);
/** A value a bulk change writes: a row's cell as typed (coerced by the schema), or a fixed value. */
const attributeValue = z.union([z.string().max(100_000), z.number(), z.boolean(), z.null()]);

/** The attributes rows can be matched on (a column holds the key's value). */
export const bulkKeyAttributes = ['userName', 'externalId', 'id', 'emails.value', 'displayName'] as const;
export const bulkKeyAttributeSchema = z.enum(bulkKeyAttributes);
export type BulkKeyAttribute = z.infer<typeof bulkKeyAttributeSchema>;

/**
 * Columns of a file matched to SCIM attributes: `name.givenName`, `emails[type eq "work"].value`,
 * `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department`; `null` leaves a column out.
 */
export const bulkMappingSchema = z.object({
  keyColumn: z.string().min(1).max(300),
  keyAttribute: bulkKeyAttributeSchema,
  columns: z.array(z.object({ column: z.string().min(1).max(300), path: attributePath.nullable() })).max(500),
});
export type BulkMapping = z.infer<typeof bulkMappingSchema>;

export const bulkSourceSchema = z.discriminatedUnion('kind', [
  /** A CSV (header row) or JSON-lines file, with its columns mapped. */
  z.object({ kind: z.literal('file'), name: z.string().max(300), text: z.string().max(BULK_MAX_SOURCE_CHARS), mapping: bulkMappingSchema }),
  /** The rows selected in a browser. */
  z.object({ kind: z.literal('ids'), ids: z.array(z.string().min(1).max(500)).min(1).max(BULK_MAX_TARGETS) }),
  /** Every resource a filter matches; `expectedCount` is the count the user was shown (a plan that finds more says so). */
  z.object({ kind: z.literal('filter'), filter: z.string().min(1).max(10_000), expectedCount: z.number().int().nonnegative() }),
  /** The reverse of a send job's confirmed changes, from the before-states it kept. */
  z.object({ kind: z.literal('undo'), jobId, recreateDeleted: z.boolean().default(false) }),
  /** A send job's failed and conflicting targets, planned afresh with the same action. */
  z.object({ kind: z.literal('retry'), jobId }),
]);
export type BulkSource = z.infer<typeof bulkSourceSchema>;

const groupRef = { groupId: z.string().min(1).max(500), groupName: z.string().max(1000) };
/** Fixed values, path → value (for a browser selection, where there is no file to take them from). */
const fixedValues = z.record(attributePath, attributeValue).default({});

export const bulkActionSchema = z.discriminatedUnion('kind', [
  /** Replace the mapped attributes (a file's columns, and/or fixed values) with the given values; an empty cell is left alone. */
  z.object({ kind: z.literal('set'), values: fixedValues }),
  /** Add values: appended to multi-valued attributes, set where absent. */
  z.object({ kind: z.literal('add'), values: fixedValues }),
  /** Remove these attributes. */
  z.object({ kind: z.literal('clear'), paths: z.array(attributePath).min(1).max(100) }),
  z.object({ kind: z.literal('deactivate') }),
  z.object({ kind: z.literal('reactivate') }),
  z.object({ kind: z.literal('delete') }),
  /** Add each target user to a group; with `createMissing`, rows that match no user are created first (a file source). */
  z.object({ kind: z.literal('groupAdd'), ...groupRef, createMissing: z.boolean().default(false) }),
  z.object({ kind: z.literal('groupRemove'), ...groupRef }),
  /** `set` on rows that match, create the rows that match nothing (a file source). */
  z.object({ kind: z.literal('upsert'), values: fixedValues }),
  /** A group's members become exactly the users the source names. */
  z.object({ kind: z.literal('replaceMembers'), ...groupRef }),
  /** Undo: put each target back to its kept before-state (only planned from an `undo` source). */
  z.object({ kind: z.literal('restore') }),
]);
export type BulkAction = z.infer<typeof bulkActionSchema>;
export type BulkActionKind = BulkAction['kind'];

export const bulkPlanJobParamsSchema = z.object({
  connectionId: connectionIdSchema,
  /** The targets' endpoint ("/Users"); group actions target users and name the group. */
  endpoint,
  source: bulkSourceSchema,
  /** Ignored for `undo` (always `restore`) and `retry` (the original plan's action). */
  action: bulkActionSchema,
  dialect: patchDialectSchema.default('rfc'),
  /** "Deactivate 500 users from leavers.csv". */
  title: z.string().max(300),
});
export type BulkPlanJobParams = z.infer<typeof bulkPlanJobParamsSchema>;

/** What is planned for one target. */
export const bulkPlanOutcomes = ['change', 'create', 'delete', 'skip', 'notFound', 'bad'] as const;
export type BulkPlanOutcome = (typeof bulkPlanOutcomes)[number];

export const bulkRequestSchema = z.object({
  method: z.enum(['POST', 'PUT', 'PATCH', 'DELETE']),
  /** Relative to the connection's base URL: "/Users/2819c223". */
  path: z.string().max(2048),
  body: z.unknown().optional(),
  ifMatch: z.string().max(500).optional(),
});
export type BulkRequest = z.infer<typeof bulkRequestSchema>;

export const bulkDiffEntrySchema = z.object({ path: z.string().max(1000), before: z.unknown(), after: z.unknown() });
export type BulkDiffEntry = z.infer<typeof bulkDiffEntrySchema>;

/** One target of a plan, as the plan table shows it. */
export const bulkPlanItemSchema = z.object({
  /** Stable position in the plan (send steps and results are keyed by it). */
  index: z.number().int().nonnegative(),
  /** The source line (file sources). */
  line: z.number().int().positive().optional(),
  /** The row's key value, or the resource id. */
  key: z.string().max(1000),
  /** The matched resource's id. */
  id: z.string().max(500).optional(),
  /** userName / displayName, for people. */
  display: z.string().max(1000),
  outcome: z.enum(bulkPlanOutcomes),
  /** Why a target is skipped, bad or not found; a warning on a change (ids will differ on a recreate). */
  reason: z.string().max(2000).optional(),
  /** The exact request, in the plan's dialect (absent for skip/notFound/bad). */
  request: bulkRequestSchema.optional(),
  diff: z.array(bulkDiffEntrySchema).max(500),
  /** A delete or a deactivation: counted against BULK_CONFIRM_THRESHOLD. */
  destructive: z.boolean(),
});
export type BulkPlanItem = z.infer<typeof bulkPlanItemSchema>;

/** A plan item with what main keeps to send, check for conflicts, verify and undo it. */
export const bulkPlanRecordSchema = bulkPlanItemSchema.extend({
  /** The resource as read when planned (null for a create). */
  before: z.record(z.string(), z.unknown()).nullable(),
  /** What the resource should be once sent (null for a delete): verification compares `paths` of it. */
  after: z.record(z.string(), z.unknown()).nullable(),
  /** The ETag read with `before` (meta.version or the ETag header). */
  etag: z.string().max(500).optional(),
  /** The change as RFC operations (the request body is them in the plan's dialect). */
  operations: z.array(patchOperationSchema).max(10_000).optional(),
  /** Attributes the change touches: conflicts and verification compare these. */
  paths: z.array(z.string().max(1000)).max(500),
  /** For a create another item depends on (groupAdd + createMissing): its bulkId. */
  bulkId: z.string().max(200).optional(),
  /** The index of the create this item waits for (its member value is that create's id, or `bulkId:` in /Bulk). */
  dependsOn: z.number().int().nonnegative().optional(),
});
export type BulkPlanRecord = z.infer<typeof bulkPlanRecordSchema>;

export const bulkTotalsSchema = z.object({
  change: z.number().int().nonnegative(),
  create: z.number().int().nonnegative(),
  delete: z.number().int().nonnegative(),
  skip: z.number().int().nonnegative(),
  notFound: z.number().int().nonnegative(),
  bad: z.number().int().nonnegative(),
  /** Deletes and deactivations: above BULK_CONFIRM_THRESHOLD the send needs this count typed. */
  destructive: z.number().int().nonnegative(),
});
export type BulkTotals = z.infer<typeof bulkTotalsSchema>;

export const bulkPlanSummarySchema = z.object({
  jobId,
  connectionId: connectionIdSchema,
  endpoint: z.string().max(500),
  title: z.string().max(300),
  /** The action as planned (for undo: restore; for retry: the original's). */
  action: bulkActionSchema,
  dialect: patchDialectSchema,
  /** "file leavers.csv (comma, 500 rows)", "12 selected users", "undo of “Deactivate 500 users”". */
  sourceText: z.string().max(1000),
  /** Complete once the plan job has succeeded. */
  complete: z.boolean(),
  totals: bulkTotalsSchema,
  /** How the send will go: /Bulk where ServiceProviderConfig advertises it, single requests otherwise. */
  transport: z.object({
    mode: z.enum(['bulk', 'single']),
    maxOperations: z.number().int().positive().optional(),
    maxPayloadSize: z.number().int().positive().optional(),
    /** Why single requests ("the server does not advertise /Bulk"). */
    reason: z.string().max(500).optional(),
  }),
  /** How targets were found ("filter `userName eq … or …` in 200 requests", "listed all 100,000 users"). */
  matchedBy: z.string().max(500),
  /** Notes worth reading: a filter matching more than counted, rows left out, the file's delimiter. */
  notes: z.array(z.string().max(2000)).max(100),
  /** A send job of this plan, when one was started. */
  sendJobId: jobId.optional(),
});
export type BulkPlanSummary = z.infer<typeof bulkPlanSummarySchema>;

export const bulkSendJobParamsSchema = z.object({
  connectionId: connectionIdSchema,
  planJobId: jobId,
  /** The destructive count as typed by the user; required (and must match) above BULK_CONFIRM_THRESHOLD. */
  confirmCount: z.number().int().nonnegative().optional(),
  /** auto: /Bulk where advertised. */
  transport: z.enum(['auto', 'single']).default('auto'),
  title: z.string().max(300),
});
export type BulkSendJobParams = z.infer<typeof bulkSendJobParamsSchema>;

/** What became of one target when sent. */
export const bulkSendOutcomes = ['pending', 'done', 'failed', 'conflict', 'drifted'] as const;
export type BulkSendOutcome = (typeof bulkSendOutcomes)[number];

export const bulkResultItemSchema = z.object({
  index: z.number().int().nonnegative(),
  line: z.number().int().positive().optional(),
  key: z.string().max(1000),
  id: z.string().max(500).optional(),
  display: z.string().max(1000),
  planned: z.enum(bulkPlanOutcomes),
  outcome: z.enum(bulkSendOutcomes),
  /** The server's error (failed), or why it is a conflict. */
  error: z.string().max(4000).optional(),
  /** Stored differently from asked: "active: asked false, stored true". */
  differences: z.array(z.string().max(2000)).max(100).default([]),
  exchangeId: z.string().max(200).optional(),
});
export type BulkResultItem = z.infer<typeof bulkResultItemSchema>;

const count = z.number().int().nonnegative();
export const bulkResultCountsSchema = z.object({ pending: count, done: count, failed: count, conflict: count, drifted: count });
export type BulkResultCounts = z.infer<typeof bulkResultCountsSchema>;

const page = { offset: z.number().int().nonnegative().default(0), limit: z.number().int().min(1).max(500).default(200) };

export const bulkContract = {
  /** The mapping last used on this connection and endpoint, when one was saved (it is offered where its columns match). */
  'bulk.mapping.get': {
    input: z.object({ connectionId: connectionIdSchema, endpoint }),
    output: z.object({ mapping: bulkMappingSchema.nullable() }),
  },
  'bulk.mapping.save': {
    input: z.object({ connectionId: connectionIdSchema, endpoint, mapping: bulkMappingSchema }),
    output: z.object({ ok: z.literal(true) }),
  },
  /** A plan job's summary so far (complete once the job succeeded). */
  'bulk.plan': { input: z.object({ jobId }), output: bulkPlanSummarySchema },
  /** A page of a plan's items, optionally of one outcome. */
  'bulk.planItems': {
    input: z.object({ jobId, outcome: z.enum(bulkPlanOutcomes).optional(), ...page }),
    output: z.object({ total: z.number().int().nonnegative(), items: z.array(bulkPlanItemSchema) }),
  },
  /** One item with its before-state and expected after-state. */
  'bulk.planItem': { input: z.object({ jobId, index: z.number().int().nonnegative() }), output: bulkPlanRecordSchema },
  /** The plan for sign-off: CSV (a row per target) or JSON (every record): save dialog, or a download URL in the web shell. */
  'bulk.savePlan': {
    input: z.object({ jobId, format: z.enum(['csv', 'json']) }),
    output: z.object({ saved: z.boolean(), path: z.string().max(4000).optional(), downloadUrl: z.string().max(2000).optional() }),
  },
  /** A send job's outcomes so far, a page at a time, optionally of one outcome. */
  'bulk.results': {
    input: z.object({ jobId, outcome: z.enum(bulkSendOutcomes).optional(), ...page }),
    output: z.object({ planJobId: jobId, counts: bulkResultCountsSchema, total: z.number().int().nonnegative(), items: z.array(bulkResultItemSchema) }),
  },
} as const;
