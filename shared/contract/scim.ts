import { z } from 'zod';
import { MAX_JSON_BYTES, MAX_JSON_DEPTH, withinJsonBounds } from './bounds';
import { connectionIdSchema } from './connections';

/** A SCIM resource exactly as parsed from the server; ids may be numbers on some servers. */
export const scimResourceSchema = z.record(z.string(), z.unknown());
/** A resource sent by the user: within the nesting and serialized-size bounds (5 MB). */
export const scimResourceInputSchema = z
  .record(z.string().max(500), z.unknown())
  .refine(withinJsonBounds, `A resource is at most ${MAX_JSON_BYTES / 1024 / 1024} MB and ${MAX_JSON_DEPTH} levels deep.`);
export type ScimResource = Record<string, unknown>;

/** A deviation from RFC 7643/7644 seen in a server's answer, shown as a badge, never hidden. */
export const quirkSchema = z.object({
  code: z.string(),
  message: z.string(),
  /** The journal exchange that showed it, when known. */
  exchangeId: z.string().optional(),
});
export type Quirk = z.infer<typeof quirkSchema>;

const attributeList = z.array(z.string().trim().min(1).max(500)).max(200).optional();

export const listInputSchema = z.object({
  connectionId: connectionIdSchema,
  /** The resource type's endpoint as discovery names it, e.g. "Users" or "/Groups". */
  endpoint: z.string().trim().min(1).max(200),
  startIndex: z.number().int().min(1).default(1),
  count: z.number().int().min(0).max(10_000).default(50),
  filter: z.string().max(10_000).optional(),
  sortBy: z.string().max(500).optional(),
  sortOrder: z.enum(['ascending', 'descending']).optional(),
  attributes: attributeList,
  excludedAttributes: attributeList,
  /** GET with query parameters, or POST /.search (RFC 7644 §3.4.3), which keeps the filter out of URLs and logs. */
  via: z.enum(['get', 'search']).default('get'),
  /** RFC 9865 cursor paging: "" starts, a previous page's nextCursor continues. Replaces startIndex when set. */
  cursor: z.string().max(2000).optional(),
  /**
   * When the server refuses or ignores the filter, match it here instead: main reads the collection
   * (at most MATCH_HERE_LIMIT resources) and pages the matches. For searches, never for exports.
   */
  matchHere: z.boolean().optional(),
  /** Names the `scim.scanProgress` events of a match-here scan, so the screen that asked can show them. */
  progressKey: z.string().max(200).optional(),
});
export type ListInput = z.input<typeof listInputSchema>;

export const listPageSchema = z.object({
  resources: z.array(scimResourceSchema),
  totalResults: z.number().int().nullable(),
  startIndex: z.number().int().nullable(),
  itemsPerPage: z.number().int().nullable(),
  nextCursor: z.string().nullable().default(null),
  /**
   * The local check of the answer against the filter sent (RFC 7644 §3.4.2.2 evaluated here): a server
   * that silently ignores a filter returns resources that do not match it.
   */
  filterCheck: z.object({ checked: z.number().int(), mismatches: z.number().int() }).nullable().default(null),
  quirks: z.array(quirkSchema),
  exchangeId: z.string().optional(),
  /**
   * How the page was really obtained when the server would not serve it as asked: `search` (POST
   * /.search because GET ignores startIndex), `local` (the collection read whole and paged here).
   */
  servedBy: z.enum(['get', 'search', 'local']).optional(),
  /**
   * Set when the server cannot serve every resource it counts: only the first `reachable` of
   * totalResults can be listed, and why. Callers show this instead of waiting for rows that never come.
   */
  gap: z.object({ reachable: z.number().int(), reason: z.string() }).optional(),
  /** Set when the filter was matched here (matchHere): how much of the collection was read, and why. */
  scan: z.object({ scanned: z.number().int(), total: z.number().int().nullable(), complete: z.boolean(), reason: z.string() }).optional(),
});

/** The most resources a match-here scan reads before it stops and says so. */
export const MATCH_HERE_LIMIT = 10_000;

/** Progress of a match-here scan, pushed while it reads. */
export const scanProgressEventSchema = z.object({
  progressKey: z.string(),
  connectionId: z.string(),
  scanned: z.number().int(),
  total: z.number().int().nullable(),
  matched: z.number().int(),
});
export type ScanProgressEvent = z.infer<typeof scanProgressEventSchema>;
export type ListPage = z.infer<typeof listPageSchema>;

/** The most resources `scim.listAll` returns unless asked otherwise, and the most it may be asked for: every one crosses to the renderer. */
export const LIST_ALL_LIMIT = 10_000;
export const LIST_ALL_MAX = 50_000;

/** Every resource of a listing, paged by the main side (index or cursor, in parallel), up to `limit`. */
export const listAllInputSchema = listInputSchema
  .pick({ connectionId: true, endpoint: true, filter: true, attributes: true, excludedAttributes: true, sortBy: true, sortOrder: true })
  .extend({ limit: z.number().int().min(1).max(LIST_ALL_MAX).default(LIST_ALL_LIMIT) });
export type ListAllRequest = z.input<typeof listAllInputSchema>;

export const listAllResultSchema = z.object({
  resources: z.array(scimResourceSchema),
  /** The server's count, when it gave one. */
  totalResults: z.number().int().nullable(),
  /** False when not every resource was read: `stoppedBecause` says why, for the screen to show. */
  complete: z.boolean(),
  stoppedBecause: z.string().optional(),
  quirks: z.array(quirkSchema),
});
export type ListAllResult = z.infer<typeof listAllResultSchema>;
