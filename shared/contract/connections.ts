import { z } from 'zod';

export { isCredentialHeaderName } from '../exchange/credential-headers';

export const demoPersonas = ['rfc', 'cortex', 'confirmit', 'coginiti'] as const;
export const demoPersonaSchema = z.enum(demoPersonas);
export type DemoPersonaName = z.infer<typeof demoPersonaSchema>;

const httpUrl = z
  .string()
  .trim()
  .min(1, 'Enter a URL')
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'http:' || url.protocol === 'https:';
    } catch {
      return false;
    }
  }, 'Enter an absolute http:// or https:// URL');

const headerName = z
  .string()
  .trim()
  .min(1, 'Enter a header name')
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, "Header names may only contain letters, digits and !#$%&'*+.^_`|~-");

/** Auth settings without their secret; the secret travels separately and only towards main. */
export const authConfigSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }),
  z.object({ type: z.literal('bearer') }),
  z.object({ type: z.literal('basic'), username: z.string().trim().min(1, 'Enter a username') }),
  z.object({ type: z.literal('header'), headerName }),
  z.object({
    type: z.literal('oauth2'),
    tokenUrl: httpUrl,
    clientId: z.string().trim().min(1, 'Enter a client id'),
    scope: z.string().trim().optional(),
  }),
]);
export type AuthConfig = z.infer<typeof authConfigSchema>;
export type AuthType = AuthConfig['type'];

/** What a secret is, per auth type, for labels. */
export const secretLabel: Record<AuthType, string | null> = {
  none: null,
  bearer: 'Bearer token',
  basic: 'Password',
  header: 'Header value',
  oauth2: 'Client secret',
};

export const tlsConfigSchema = z.object({
  /** Accepting an invalid certificate is per connection and off by default. */
  allowInvalidCertificates: z.boolean().default(false),
  /** Extra trusted CA certificates, PEM. */
  caCertificatesPem: z
    .string()
    .optional()
    .refine((v) => !v || v.includes('-----BEGIN CERTIFICATE-----'), 'The CA bundle must be PEM text containing "-----BEGIN CERTIFICATE-----"'),
});

export const proxyConfigSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('environment') }), // HTTPS_PROXY / HTTP_PROXY / NO_PROXY
  z.object({ mode: z.literal('none') }),
  z.object({ mode: z.literal('custom'), url: httpUrl }),
]);

export const extraHeaderSchema = z.object({ name: headerName, value: z.string() });

/** The editable, non-secret part of a connection profile. */
export const connectionSettingsSchema = z.object({
  name: z.string().trim().min(1, 'Enter a name').max(100, 'Keep the name under 100 characters'),
  /** For demo connections the main side fills in the running demo server's URL. */
  baseUrl: httpUrl,
  auth: authConfigSchema,
  /** Sent as they are; headers named like credentials are kept apart as secret headers (see the draft). */
  extraHeaders: z.array(extraHeaderSchema).max(50).default([]),
  tls: tlsConfigSchema.default({ allowInvalidCertificates: false }),
  proxy: proxyConfigSchema.default({ mode: 'environment' }),
  timeoutMs: z.number().int().min(1000, 'Use at least 1,000 ms').max(600_000, 'Use at most 600,000 ms').default(30_000),
  /** Requests in flight at once, shared by browsing and every job; the app goes lower by itself on 429/503. */
  maxConcurrency: z.number().int('Use a whole number').min(1, 'Use at least 1').max(32, 'Use at most 32').default(6),
  /** Starts per second, evenly spaced; null: no limit but the one the app learns from 429 answers. */
  maxRequestsPerSecond: z.number().positive('Use a number above 0').max(10_000, 'Use at most 10,000 per second').nullable().default(null),
  readOnly: z.boolean().default(false),
  /** How edits are sent: PATCH from the diff (RFC 7644 §3.5.2), or PUT of the whole resource (§3.5.1). PUT is used anyway where the server has no PATCH. */
  updateMethod: z.enum(['patch', 'put']).default('patch'),
});
export type ConnectionSettings = z.infer<typeof connectionSettingsSchema>;
export type ConnectionSettingsInput = z.input<typeof connectionSettingsSchema>;

/** Write-only: the renderer can set or clear a secret, never read it. */
export const secretChangeSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('keep') }),
  z.object({ action: z.literal('set'), value: z.string().min(1, 'The secret is empty') }),
  z.object({ action: z.literal('clear') }),
]);
export type SecretChange = z.infer<typeof secretChangeSchema>;

/**
 * An extra header named like a credential (`isCredentialHeaderName`): its value is a secret, as
 * write-only as `secret`. `keep` keeps the value saved under this name (names match ignoring case).
 */
export const secretHeaderChangeSchema = z.object({ name: headerName, value: secretChangeSchema });
export type SecretHeaderChange = z.infer<typeof secretHeaderChangeSchema>;

export const connectionDraftSchema = z.object({
  settings: connectionSettingsSchema,
  secret: secretChangeSchema.default({ action: 'keep' }),
  /**
   * The connection's secret headers, all of them: a saved one left out (or cleared) is removed.
   * A credential-named header in `settings.extraHeaders` is taken as one of these, set to its value.
   */
  secretHeaders: z.array(secretHeaderChangeSchema).max(50).default([]),
});
export type ConnectionDraft = z.infer<typeof connectionDraftSchema>;
export type ConnectionDraftInput = z.input<typeof connectionDraftSchema>;

export const connectionIdSchema = z.string().min(1).max(100);

/** What the renderer sees of a connection: everything but the secret. */
export const connectionViewSchema = connectionSettingsSchema.extend({
  id: connectionIdSchema,
  hasSecret: z.boolean(),
  /** Extra headers named like credentials: only whether a value is saved, never the value. */
  secretHeaders: z.array(z.object({ name: z.string(), hasValue: z.boolean() })).default([]),
  /** Set on the built-in demo connections; their baseUrl follows the running demo server. */
  demo: z.object({ persona: demoPersonaSchema, description: z.string() }).optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ConnectionView = z.infer<typeof connectionViewSchema>;

export const testStepSchema = z.object({
  name: z.enum(['url', 'reachability', 'tls', 'auth', 'scim', 'discovery']),
  ok: z.boolean(),
  message: z.string(),
  durationMs: z.number().optional(),
});

export const discoverySummarySchema = z.object({
  serviceProviderConfig: z.boolean(),
  resourceTypes: z.array(z.object({ name: z.string(), endpoint: z.string() })),
  schemaCount: z.number().int().nullable(),
  capabilities: z.object({
    patch: z.boolean().nullable(),
    bulk: z.boolean().nullable(),
    filter: z.boolean().nullable(),
    sort: z.boolean().nullable(),
    etag: z.boolean().nullable(),
    maxResults: z.number().int().nullable(),
  }),
  usersTotal: z.number().int().nullable(),
  notes: z.array(z.string()),
});
export type DiscoverySummary = z.infer<typeof discoverySummarySchema>;

export const connectionTestResultSchema = z.object({
  ok: z.boolean(),
  steps: z.array(testStepSchema),
  summary: discoverySummarySchema.optional(),
});
export type ConnectionTestResult = z.infer<typeof connectionTestResultSchema>;
