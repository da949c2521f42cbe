import { z } from 'zod';
import { connectionIdSchema } from './connections';

/**
 * What the engine has seen a server do, as opposed to what its discovery documents claim: a filter
 * term it refused or ignored, a parameter it does not honour, the real page-size cap. Each fact names
 * the exchange that proved it, is kept with the connection across launches, and can be forgotten.
 */
export const learnedFactKinds = ['filter', 'param', 'page-cap', 'search', 'method'] as const;
export const learnedStates = ['accepted', 'refused', 'ignored', 'capped'] as const;

export const learnedFactSchema = z.object({
  /** Stable identity of the fact, e.g. `filter|users|username sw`. */
  key: z.string().max(600),
  kind: z.enum(learnedFactKinds),
  /** The resource endpoint the fact is about, lowercase without slashes (`users`). */
  endpoint: z.string().max(200),
  /** What the fact is about, in the server's terms: `userName sw`, `startIndex`, `count`. */
  subject: z.string().max(500),
  state: z.enum(learnedStates),
  /** With `capped`: the most resources the server sends per page. */
  value: z.number().int().optional(),
  /** What the server did, in words. */
  message: z.string().max(2000),
  /** What SCIM Desk does about it. */
  action: z.string().max(2000),
  /** The journal exchange that proved it. */
  exchangeId: z.string().max(200).optional(),
  learnedAt: z.string().max(40),
});
export type LearnedFact = z.infer<typeof learnedFactSchema>;

export const learnedContract = {
  /** Everything learned about a connection's server, newest first. */
  'scim.learned': { input: z.object({ connectionId: connectionIdSchema }), output: z.array(learnedFactSchema) },
  /** Forgets what was learned (and the quirks it raised): the next requests are sent as if new. */
  'scim.forget': { input: z.object({ connectionId: connectionIdSchema }), output: z.object({ forgotten: z.number().int() }) },
} as const;

export const learnedEvents = {
  /** Something was learned about (or forgotten for) a connection's server. */
  'learned.changed': z.object({ connectionId: z.string(), facts: z.array(learnedFactSchema) }),
} as const;
