import { z } from 'zod';
import { connectionIdSchema } from './connections';
import { patchDialectSchema, patchOperationSchema } from './engine';
import { checkJobParamsSchema } from './check';
import { bulkPlanJobParamsSchema, bulkSendJobParamsSchema } from './bulk';

/**
 * Long work as main-side jobs: an export streamed to a file, a membership change of many requests.
 * A job outlives the screen that started it (and the renderer, and a crash of main: it is persisted
 * as it runs and can be resumed from the first step not confirmed done).
 */
export const jobStates = ['queued', 'running', 'paused', 'succeeded', 'failed', 'cancelled', 'interrupted'] as const;
export type JobState = (typeof jobStates)[number];
/** States a job leaves only by being resumed, removed or started again. */
export const finishedJobStates: readonly JobState[] = ['succeeded', 'failed', 'cancelled'];

const endpoint = z.string().trim().min(1).max(500);
const attributeName = z.string().min(1).max(300);

export const exportJobParamsSchema = z.object({
  connectionId: connectionIdSchema,
  endpoint,
  /** The browser view's filter and sort, as shown. */
  filter: z.string().max(10_000).optional(),
  sortBy: attributeName.optional(),
  sortOrder: z.enum(['ascending', 'descending']).optional(),
  excludedAttributes: z.array(attributeName).max(100).optional(),
  format: z.enum(['csv', 'json']),
  /** CSV columns as the table shows them: a label and the attribute path (`emails`, `name.familyName`, `urn:…:department`). */
  columns: z
    .array(z.object({ label: z.string().max(200), path: attributeName }))
    .max(200)
    .default([]),
  /** What one resource is called in messages ("user"/"users"). */
  noun: z.object({ one: z.string().max(60), many: z.string().max(60) }).default({ one: 'resource', many: 'resources' }),
});
export type ExportJobParams = z.infer<typeof exportJobParamsSchema>;

export const memberRefSchema = z.object({
  value: z.string().min(1).max(500),
  display: z.string().max(1000).optional(),
  type: z.string().max(100).optional(),
});

/** One request of a membership change, exactly as the review showed it. */
export const plannedMembershipRequestSchema = z.object({
  kind: z.enum(['patch', 'put']),
  groupId: z.union([z.string().max(500), z.number()]),
  groupName: z.string().max(1000),
  add: z.array(memberRefSchema).max(100_000),
  remove: z.array(memberRefSchema).max(100_000),
  operations: z.array(patchOperationSchema).max(10_000),
  /** Member sub-attributes the server's schema marks readOnly, left out of member values. */
  readOnly: z.array(z.string().max(100)).max(20).default([]),
});
export type PlannedMembershipRequest = z.infer<typeof plannedMembershipRequestSchema>;

export const membershipJobParamsSchema = z.object({
  connectionId: connectionIdSchema,
  groupsEndpoint: endpoint,
  usersEndpoint: endpoint.optional(),
  dialect: patchDialectSchema.default('rfc'),
  requests: z.array(plannedMembershipRequestSchema).min(1).max(1000),
  /** A title for the jobs list: "Add 3 to “Engineering”". */
  title: z.string().max(300),
});
export type MembershipJobParams = z.infer<typeof membershipJobParamsSchema>;

export const jobStartInputSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('export'), params: exportJobParamsSchema }),
  z.object({ kind: z.literal('membership'), params: membershipJobParamsSchema }),
  z.object({ kind: z.literal('check'), params: checkJobParamsSchema }),
  z.object({ kind: z.literal('bulkPlan'), params: bulkPlanJobParamsSchema }),
  z.object({ kind: z.literal('bulkSend'), params: bulkSendJobParamsSchema }),
]);
export type JobStartInput = z.input<typeof jobStartInputSchema>;
export type JobSpec = z.output<typeof jobStartInputSchema>;
export type JobKind = JobSpec['kind'];

export const jobProgressSchema = z.object({
  /** Items done (resources written, requests confirmed) and the total when known. */
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative().nullable(),
  /** What an item is, for "1,200 of 10,000 users". */
  unit: z.string().max(60),
  /** HTTP requests this job has sent, retries included. */
  requests: z.number().int().nonnegative(),
  /** Items per second over the last few seconds; null before there is a rate. */
  ratePerSecond: z.number().nonnegative().nullable(),
  /** Estimated time left; null when unknown. */
  etaMs: z.number().nonnegative().nullable(),
});
export type JobProgress = z.infer<typeof jobProgressSchema>;

export const jobFailureSchema = z.object({
  /** What failed, in words: "PATCH /Groups/42 (+500 −0)". */
  item: z.string().max(2000),
  message: z.string().max(4000),
  exchangeId: z.string().max(200).optional(),
});
export type JobFailure = z.infer<typeof jobFailureSchema>;

export const jobResultSchema = z.object({
  /** One line: "Exported 10,000 users to CSV", "3 requests sent; the server stored exactly what was asked". */
  summary: z.string().max(4000),
  /** "verified" / "differences" / "unverified" for changes; "complete" / "partial" for exports. */
  outcome: z.string().max(40).optional(),
  /** A file the job wrote (on the main side): its name and size, to open or save. */
  file: z.object({ name: z.string().max(300), bytes: z.number().int().nonnegative(), mime: z.string().max(100) }).optional(),
  failures: z.array(jobFailureSchema).max(1000).default([]),
  /** Notes worth reading: a paging stop, what differs from what was asked. */
  notes: z.array(z.string().max(4000)).max(1000).default([]),
});
export type JobResult = z.infer<typeof jobResultSchema>;

export const jobViewSchema = z.object({
  id: z.string().max(100),
  kind: z.enum(['export', 'membership', 'check', 'bulkPlan', 'bulkSend']),
  connectionId: connectionIdSchema,
  /** "Export users to CSV", "Add 3 to “Engineering”". */
  title: z.string().max(400),
  /** Whether the job writes to the server (refused on read-only connections). */
  writes: z.boolean(),
  state: z.enum(jobStates),
  createdAt: z.string(),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  progress: jobProgressSchema,
  /** Steps confirmed done, of the steps known so far. */
  stepsDone: z.number().int().nonnegative(),
  stepsTotal: z.number().int().nonnegative(),
  /** Why it failed, or what an interruption left: "Interrupted after 3 of 8 requests; resume sends the rest". */
  message: z.string().max(4000).optional(),
  result: jobResultSchema.optional(),
});
export type JobView = z.infer<typeof jobViewSchema>;

export const jobStepStatuses = ['started', 'done', 'failed', 'skipped', 'split'] as const;
export const jobStepSchema = z.object({
  index: z.number().int().nonnegative(),
  label: z.string().max(2000),
  status: z.enum(jobStepStatuses),
  /** Journal exchanges of this step's requests, in order (click through to the Inspector). */
  exchangeIds: z.array(z.string().max(200)).max(200),
  message: z.string().max(4000).optional(),
  at: z.string(),
});
export type JobStep = z.infer<typeof jobStepSchema>;

/** A job with its step log (the most recent steps when there are many) and its parameters' summary. */
export const jobDetailSchema = jobViewSchema.extend({
  steps: z.array(jobStepSchema).max(2000),
  /** Steps left out of `steps` (the oldest), when the log is longer. */
  stepsOmitted: z.number().int().nonnegative(),
});
export type JobDetail = z.infer<typeof jobDetailSchema>;

const jobId = z.object({ id: z.string().min(1).max(100) });

export const jobsContract = {
  /** Starts a job; it runs on the main side whatever the renderer does next. */
  'jobs.start': { input: jobStartInputSchema, output: jobViewSchema },
  'jobs.list': { input: z.object({}).default({}), output: z.array(jobViewSchema) },
  'jobs.get': { input: jobId, output: jobDetailSchema },
  'jobs.cancel': { input: jobId, output: jobViewSchema },
  'jobs.pause': { input: jobId, output: jobViewSchema },
  /** Resumes a paused job, or an interrupted one from its first step not confirmed done. */
  'jobs.resume': { input: jobId, output: jobViewSchema },
  /** Forgets a job that is not running, and deletes its file. */
  'jobs.remove': { input: jobId, output: z.object({ ok: z.literal(true) }) },
  /**
   * Hands a finished job's file to the user: Electron asks where with the native save dialog and
   * copies it there; the web shell answers a same-origin download URL.
   */
  'jobs.saveFile': {
    input: jobId,
    output: z.object({ saved: z.boolean(), path: z.string().max(4000).optional(), downloadUrl: z.string().max(2000).optional() }),
  },
} as const;

export const jobEvents = {
  /** A job's state or progress changed (throttled to a few per second per job). */
  'jobs.progress': jobViewSchema,
} as const;

/** Where the web shell serves a finished job's file (same origin, session cookie). */
export const jobFileUrl = (jobId: string): string => `/api/jobs/${encodeURIComponent(jobId)}/file`;
