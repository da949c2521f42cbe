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
});
export type ListPage = z.infer<typeof listPageSchema>;
