import { z } from 'zod';
import { connectionIdSchema } from './connections';
import { journalEntrySchema } from './journal';

/**
 * The request console ("Edit and resend"): a free-form request sent by main with a saved
 * connection's credentials. The renderer never sees or sets a credential: it names the connection,
 * and what comes back is the journal's (redacted) record of the exchange.
 */

export const consoleMethods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
/** What a read-only connection's console may send: nothing that can change the server. */
export const readOnlyConsoleMethods = ['GET', 'HEAD'] as const;

/** An RFC 9110 token: no spaces, colons or control characters, so a name cannot smuggle a header. */
const headerName = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/, 'Not a valid header name.');
/** No CR, LF or NUL: a value cannot start a second header. */
const headerValue = z
  .string()
  .max(8000)
  .regex(/^[^\r\n\0]*$/, 'A header value cannot contain line breaks.');

/**
 * Headers the console will not send: credentials come only from the connection, and framing
 * headers are the HTTP client's to compute.
 */
export const consoleReservedHeaders = [
  'authorization',
  'proxy-authorization',
  'cookie',
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
  'te',
  'trailer',
  'expect',
] as const;

export const consoleSendInputSchema = z.object({
  connectionId: connectionIdSchema,
  method: z.enum(consoleMethods),
  /** Relative to the connection's base URL, e.g. "/Users/123"; never an absolute URL. */
  path: z
    .string()
    .max(4000)
    .regex(/^[^\s\\#?]*$/, 'The path has no spaces, backslashes, "#" or "?" (put query parameters in the query rows).')
    .refine((p) => !/^[a-z][a-z0-9+.-]*:/i.test(p) && !p.startsWith('//'), 'The path is relative to the connection’s base URL, not a URL of its own.'),
  query: z
    .array(z.object({ name: z.string().min(1).max(500), value: z.string().max(8000) }))
    .max(100)
    .default([]),
  headers: z
    .array(z.object({ name: headerName, value: headerValue }))
    .max(50)
    .default([])
    .refine((hs) => hs.every((h) => !(consoleReservedHeaders as readonly string[]).includes(h.name.toLowerCase())), {
      message: `These headers are set by the app, not the console: ${consoleReservedHeaders.join(', ')}.`,
    }),
  /** Sent as is; with no Content-Type header given, it goes as application/scim+json. */
  body: z
    .string()
    .max(5 * 1024 * 1024)
    .optional(),
  /**
   * Method-override headers (`X-HTTP-Method-Override` and kin) and `_method` parameters make a
   * server run another method than the one shown; they are refused unless the user ticks this.
   */
  allowMethodOverride: z.boolean().default(false),
});
export type ConsoleSendInput = z.input<typeof consoleSendInputSchema>;
export type ConsoleSendQuery = z.output<typeof consoleSendInputSchema>;

export const consoleContract = {
  /** Sends one request with the connection's credentials; answers the journal's redacted entry of it, whatever the status. */
  'console.send': { input: consoleSendInputSchema, output: journalEntrySchema },
} as const;
