/**
 * The one IPC contract: every channel's input and output schema and every push event's payload.
 * Main (Electron ipcMain and the web shell) validates inputs with it; the preload derives its
 * functions from it; the renderer imports its types only.
 */
import { z } from 'zod';
import { appInfoSchema, cancelInputSchema, settingsPatchSchema, settingsSchema } from './app';
import { connectionDraftSchema, connectionIdSchema, connectionTestResultSchema, connectionViewSchema } from './connections';
import { listAllInputSchema, listAllResultSchema, listInputSchema, listPageSchema, quirkSchema, scanProgressEventSchema } from './scim';
import {
  bulkInputSchema,
  bulkResultSchema,
  capabilitiesSchema,
  createInputSchema,
  deleteInputSchema,
  deleteResultSchema,
  getInputSchema,
  patchInputSchema,
  quirkReportSchema,
  replaceInputSchema,
  resourceResultSchema,
  retryingEventSchema,
  retryEndedEventSchema,
} from './engine';
import { journalContract, journalEvents } from './journal';
import { consoleContract } from './console';
import { savedFiltersContract } from './savedFilters';
import { learnedContract, learnedEvents } from './learned';
import { jobEvents, jobsContract } from './jobs';
import { checkContract } from './check';
import { bulkContract } from './bulk';
import type { CallResult } from './errors';

const byId = z.object({ id: connectionIdSchema });
const ok = z.object({ ok: z.literal(true) });

export const contract = {
  'app.info': { input: z.object({}).default({}), output: appInfoSchema },
  /** Aborts an in-flight call made with the given call id. */
  'app.cancel': { input: cancelInputSchema, output: ok },
  'settings.get': { input: z.object({}).default({}), output: settingsSchema },
  'settings.update': { input: settingsPatchSchema, output: settingsSchema },
  'connections.list': { input: z.object({}).default({}), output: z.array(connectionViewSchema) },
  'connections.create': { input: connectionDraftSchema, output: connectionViewSchema },
  'connections.update': { input: byId.extend({ draft: connectionDraftSchema }), output: connectionViewSchema },
  'connections.duplicate': { input: byId, output: connectionViewSchema },
  'connections.delete': { input: byId, output: ok },
  /** Tests a saved connection, or an unsaved draft (with `id`, a kept secret comes from the saved one). */
  'connections.test': {
    input: z.object({ id: connectionIdSchema.optional(), draft: connectionDraftSchema.optional() }),
    output: connectionTestResultSchema,
  },
  /** The server's capabilities (ServiceProviderConfig, ResourceTypes, Schemas, or what probing found). */
  'scim.discover': { input: z.object({ connectionId: connectionIdSchema, refresh: z.boolean().default(false) }), output: capabilitiesSchema },
  'scim.list': { input: listInputSchema, output: listPageSchema },
  /** Every resource of a listing, paged on the main side up to `limit`; `complete` false says why it stopped. */
  'scim.listAll': { input: listAllInputSchema, output: listAllResultSchema },
  'scim.get': { input: getInputSchema, output: resourceResultSchema },
  'scim.create': { input: createInputSchema, output: resourceResultSchema },
  'scim.replace': { input: replaceInputSchema, output: resourceResultSchema },
  'scim.patch': { input: patchInputSchema, output: resourceResultSchema },
  'scim.delete': { input: deleteInputSchema, output: deleteResultSchema },
  'scim.bulk': { input: bulkInputSchema, output: bulkResultSchema },
  /** Every deviation from the RFC seen on a connection since launch. */
  'scim.quirks': { input: z.object({ connectionId: connectionIdSchema }), output: quirkReportSchema },
  /** The request journal: every exchange, credentials redacted (list, get, clear, earlier runs). */
  ...journalContract,
  /** The request console: a free-form request with a connection's credentials (Edit and resend). */
  ...consoleContract,
  /** The filter builder's saved filters and history, per connection. */
  ...savedFiltersContract,
  /** What the engine has learned a server really does (refusals, ignored parameters, page caps). */
  ...learnedContract,
  /** Long work on the main side: exports, membership changes (start, watch, pause, resume, cancel). */
  ...jobsContract,
  /** The server check's report (the check itself runs as a job). */
  ...checkContract,
  /** Bulk changes: the stored plan of a plan job, a send job's outcomes, remembered column mappings. */
  ...bulkContract,
} as const;

export const events = {
  'connections.changed': z.object({ ids: z.array(z.string()) }),
  'app.notice': z.object({ level: z.enum(['info', 'warning', 'error']), message: z.string() }),
  /** A deviation seen for the first time on a connection. */
  'quirk.found': z.object({ connectionId: z.string(), quirk: quirkSchema }),
  /** Main is waiting to repeat a request that failed in a way worth retrying. */
  'scim.retrying': retryingEventSchema,
  /** A retried request has ended (answered, failed or cancelled): its "retrying" is over. */
  'scim.retryEnded': retryEndedEventSchema,
  ...journalEvents,
  ...learnedEvents,
  /** A match-here scan read another page (see ListInput.matchHere). */
  'scim.scanProgress': scanProgressEventSchema,
  ...jobEvents,
} as const;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type ChannelInput<C extends Channel> = z.input<Contract[C]['input']>;
export type ChannelParsedInput<C extends Channel> = z.output<Contract[C]['input']>;
export type ChannelOutput<C extends Channel> = z.output<Contract[C]['output']>;
export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

export const channels = Object.keys(contract) as Channel[];
export const eventNames = Object.keys(events) as EventName[];

/** Implementation of every channel on the main side. */
export type Handlers = { [C in Channel]: (input: ChannelParsedInput<C>, ctx: CallContext) => Promise<ChannelOutput<C>> };
export interface CallContext {
  signal: AbortSignal;
}

/** The typed client the renderer uses; both shells' bridges implement it. */
export interface Bridge {
  call<C extends Channel>(channel: C, input: ChannelInput<C>, options?: { signal?: AbortSignal }): Promise<ChannelOutput<C>>;
  subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /**
   * Called when the push-event stream comes back after a drop (the web shell's SSE): events sent
   * meanwhile are lost, so what they would have updated is read again. Electron's IPC never drops.
   */
  onReconnect?(listener: () => void): () => void;
}

/** IPC channel names used by Electron: one per contract channel, plus the push-event channel. */
export const ipcChannelName = (channel: Channel): string => `scim-desk:${channel}`;
export const ipcEventChannel = 'scim-desk:event';

/** What the Electron preload exposes as `window.scimDesk`: one function per channel, never ipcRenderer. */
export interface PreloadApi {
  readonly channels: { readonly [C in Channel]: (input: unknown, callId?: string) => Promise<CallResult<ChannelOutput<C>>> };
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void;
}

/** Web shell routes: POST `${webApiPrefix}/call/<channel>` with {input, callId}; GET `${webApiPrefix}/events` (SSE). */
export const webApiPrefix = '/api';

export * from './errors';
export * from './connections';
export * from './scim';
export * from './app';
export * from './engine';
export * from './journal';
export * from './console';
export * from './savedFilters';
export * from './bounds';
export * from './learned';
export * from './check';
export * from './jobs';
export * from './bulk';
