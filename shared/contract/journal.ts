import { z } from 'zod';
import { appErrorCodes } from './errors';
import { quirkSchema } from './scim';

/**
 * The request journal: every HTTP exchange the main side made, redacted before it is kept, for
 * the raw request inspector. Credentials never appear in any of these shapes.
 */

/** A request or response body as journaled: redacted, cut at the journal's cap. */
export const journalBodySchema = z.object({
  /** The redacted text; when `truncated`, only its first bytes up to the cap. */
  text: z.string(),
  truncated: z.boolean(),
  /** The body's original size in bytes, on the wire (before redaction and truncation). */
  size: z.number().int().min(0),
  contentType: z.string().optional(),
});
export type JournalBody = z.infer<typeof journalBodySchema>;

/** Header name (lowercase) to value; credential values replaced with "[REDACTED]". */
export const journalHeadersSchema = z.record(z.string(), z.string());

export const journalErrorSchema = z.object({
  code: z.enum(appErrorCodes),
  message: z.string(),
  status: z.number().int().optional(),
});
export type JournalError = z.infer<typeof journalErrorSchema>;

export const journalTimingsSchema = z.object({
  /** ISO 8601 time the request started. */
  startedAt: z.string(),
  /** Time to the response headers; null when no response arrived. */
  ttfbMs: z.number().nullable(),
  totalMs: z.number(),
});

export const journalSizesSchema = z.object({
  /** Bytes of the request body (0 without one). */
  request: z.number().int().min(0),
  /** Bytes of the response body (0 without one). */
  response: z.number().int().min(0),
});

const journalCommonShape = {
  /** The exchange id; `HttpResponse.exchangeId` and `Quirk.exchangeId` point here. */
  id: z.string(),
  /** The connection's id (for a draft under test, its throwaway key). */
  connectionId: z.string(),
  connectionName: z.string(),
  method: z.string(),
  /** The full URL, redacted. */
  url: z.string(),
  /** Path and query, for display. */
  path: z.string(),
  status: z.number().int().nullable(),
  /** A 2xx answer with no transport error. */
  ok: z.boolean(),
  error: journalErrorSchema.optional(),
  timings: journalTimingsSchema,
  sizes: journalSizesSchema,
  /** 1 for the first try; retries count up. */
  attempt: z.number().int().min(1),
  /** Deviations from the RFCs this exchange showed; annotations add to them later. */
  quirks: z.array(quirkSchema),
};

export const journalEntrySchema = z.object({
  ...journalCommonShape,
  requestHeaders: journalHeadersSchema,
  responseHeaders: journalHeadersSchema,
  requestBody: journalBodySchema.nullable(),
  responseBody: journalBodySchema.nullable(),
});
export type JournalEntry = z.infer<typeof journalEntrySchema>;

/** An entry without headers and bodies, for the live list. */
export const journalSummarySchema = z.object({
  ...journalCommonShape,
  requestSize: z.number().int().min(0),
  responseSize: z.number().int().min(0),
});
export type JournalSummary = z.infer<typeof journalSummarySchema>;

export const journalListInputSchema = z.object({
  connectionId: z.string().min(1).max(200).optional(),
  limit: z.number().int().min(1).max(5000).default(200),
  /** Only entries that started strictly before this ISO time (paging back through the journal). */
  beforeStartedAt: z.iso.datetime({ offset: true }).optional(),
  /** Only entries whose URL or request/response body contains this text (ignoring case), on disk too. */
  text: z.string().trim().min(1).max(500).optional(),
});
export type JournalListInput = z.input<typeof journalListInputSchema>;
export type JournalListQuery = z.output<typeof journalListInputSchema>;

export const journalGetInputSchema = z.object({ id: z.string().min(1).max(200) });

export const journalClearInputSchema = z.object({
  /** Without it, the whole journal (every connection) is cleared. */
  connectionId: z.string().min(1).max(200).optional(),
});

export const journalClearResultSchema = z.object({ ok: z.literal(true), removed: z.number().int().min(0) });
export type JournalClearResult = z.infer<typeof journalClearResultSchema>;

/** A connection with a journal on disk, possibly from an earlier run, which can be reopened. */
export const journalSessionSchema = z.object({
  connectionId: z.string(),
  connectionName: z.string(),
  entries: z.number().int().min(0),
  bytes: z.number().int().min(0),
  /** ISO start time of the oldest and newest kept entry. */
  oldest: z.string().nullable(),
  newest: z.string().nullable(),
});
export type JournalSession = z.infer<typeof journalSessionSchema>;

/** Pushed when quirks are added to an entry: `quirks` is the entry's full list after the addition. */
export const journalAnnotatedSchema = z.object({ id: z.string(), quirks: z.array(quirkSchema) });
export type JournalAnnotated = z.infer<typeof journalAnnotatedSchema>;

/** The journal's channels, to spread into the contract. */
export const journalContract = {
  /** Newest first; from memory, then from disk (earlier runs) when memory has too few. */
  'journal.list': { input: journalListInputSchema, output: z.array(journalSummarySchema) },
  /** One entry with headers and bodies; `not_found` once it has rotated out or been cleared. */
  'journal.get': { input: journalGetInputSchema, output: journalEntrySchema },
  'journal.clear': { input: journalClearInputSchema, output: journalClearResultSchema },
  /** Connections with journals on disk. */
  'journal.sessions': { input: z.object({}).default({}), output: z.array(journalSessionSchema) },
} as const;

/** The journal's push events, to spread into the contract's events. */
export const journalEvents = {
  'journal.exchange': journalSummarySchema,
  'journal.annotated': journalAnnotatedSchema,
} as const;
export type JournalEventName = keyof typeof journalEvents;
export type JournalEventPayload<E extends JournalEventName> = z.output<(typeof journalEvents)[E]>;
