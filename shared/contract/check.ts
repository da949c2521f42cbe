import { z } from 'zod';
import { checkGroups, checkProfiles, checkRunIdPattern, verdicts, type CheckReport } from '../check';
import { connectionIdSchema } from './connections';

/**
 * The server check: a job that proves, request by request, what a SCIM server supports. Its report
 * is a stable JSON format (documented in the README): the schema below is that format.
 */
export const verdictSchema = z.enum(verdicts);
export const checkProfileSchema = z.enum(checkProfiles);

export const checkJobParamsSchema = z.object({
  connectionId: connectionIdSchema,
  profiles: z.array(checkProfileSchema).min(1).max(checkProfiles.length),
  /** Opt-in write checks (create, change and remove `scimdesk-check-<run id>` resources); refused on read-only connections. */
  writes: z.boolean().default(false),
  /**
   * Names what the write checks create (`scimdesk-check-<run id>-…`, see writeCheckPlan): chosen before
   * the run so the confirmation can list exactly those names. Drawn by the job when absent.
   */
  runId: z.string().regex(checkRunIdPattern, 'A run id is 4 to 16 lower-case letters and digits.').optional(),
});
export type CheckJobParams = z.infer<typeof checkJobParamsSchema>;

const profileText = z.partialRecord(checkProfileSchema, z.string().max(2000));

export const checkResultSchema = z.object({
  id: z.string().max(200),
  title: z.string().max(500),
  rfc: z.string().max(200),
  group: z.enum(checkGroups),
  verdict: verdictSchema,
  message: z.string().max(4000),
  meaning: z.string().max(2000).optional(),
  evidence: z.array(z.string().max(200)).max(500),
  profiles: z.array(checkProfileSchema),
  consequence: profileText.optional(),
  durationMs: z.number().nonnegative().optional(),
});

export const checkReportSchema = z.object({
  target: z.object({ url: z.string().max(4000), checkedAt: z.string(), profiles: z.array(checkProfileSchema), writes: z.boolean() }),
  checks: z.array(checkResultSchema).max(2000),
  summary: z.record(verdictSchema, z.number().int().nonnegative()),
  readiness: z.partialRecord(checkProfileSchema, z.object({ passed: z.number().int().nonnegative(), total: z.number().int().nonnegative() })),
  requests: z.number().int().nonnegative().optional(),
  leftovers: z
    .array(z.object({ endpoint: z.string().max(500), id: z.string().max(500), name: z.string().max(500) }))
    .max(1000)
    .optional(),
}) satisfies z.ZodType<CheckReport>;

export const checkReportFormats = ['markdown', 'html', 'json', 'har'] as const;

const jobId = z.object({ jobId: z.string().min(1).max(100) });

export const checkContract = {
  /** A check job's report so far (checks in run order; the whole report once the job has ended). */
  'check.report': { input: jobId, output: checkReportSchema },
  /**
   * Hands a check job's report to the user as Markdown, self-contained HTML, JSON, or the HAR of every
   * evidence exchange: Electron's save dialog, or a same-origin download URL in the web shell.
   */
  'check.saveReport': {
    input: jobId.extend({ format: z.enum(checkReportFormats) }),
    output: z.object({ saved: z.boolean(), path: z.string().max(4000).optional(), downloadUrl: z.string().max(2000).optional() }),
  },
} as const;
