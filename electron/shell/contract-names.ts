/**
 * The contract's channel and event names, and their IPC channel names, without the schemas: the
 * sandboxed preload needs only names, and importing shared/contract would bundle all of zod
 * (~450 kB) into it. Only types are imported from the contract (erased at build time), and the
 * checks below make tsc fail if a channel or event is added to the contract but not here;
 * contract-names.test.ts checks the values match at runtime.
 */
import type { Channel, EventName } from '../../shared/contract';

export const CHANNEL_NAMES = [
  'app.info',
  'app.cancel',
  'settings.get',
  'settings.update',
  'connections.list',
  'connections.create',
  'connections.update',
  'connections.duplicate',
  'connections.delete',
  'connections.test',
  'scim.discover',
  'scim.list',
  'scim.listAll',
  'scim.get',
  'scim.create',
  'scim.replace',
  'scim.patch',
  'scim.delete',
  'scim.bulk',
  'scim.quirks',
  'journal.list',
  'journal.get',
  'journal.clear',
  'journal.sessions',
  'console.send',
  'filters.list',
  'filters.save',
  'filters.delete',
  'filters.history.add',
  'scim.learned',
  'scim.forget',
  'jobs.start',
  'jobs.list',
  'jobs.get',
  'jobs.cancel',
  'jobs.pause',
  'jobs.resume',
  'jobs.remove',
  'jobs.saveFile',
  'check.report',
  'check.saveReport',
  'bulk.mapping.get',
  'bulk.mapping.save',
  'bulk.plan',
  'bulk.planItems',
  'bulk.planItem',
  'bulk.savePlan',
  'bulk.results',
] as const satisfies readonly Channel[];

export const EVENT_NAMES = [
  'connections.changed',
  'app.notice',
  'quirk.found',
  'journal.exchange',
  'journal.annotated',
  'scim.retrying',
  'scim.retryEnded',
  'learned.changed',
  'scim.scanProgress',
  'jobs.progress',
] as const satisfies readonly EventName[];

type Missing<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : { missingFromContractNames: Exclude<All, Listed> };
export const channelNamesComplete: Missing<Channel, (typeof CHANNEL_NAMES)[number]> = true;
export const eventNamesComplete: Missing<EventName, (typeof EVENT_NAMES)[number]> = true;

/** Same as the contract's `ipcChannelName` / `ipcEventChannel` (asserted in the test). */
export const ipcChannelName = (channel: Channel): string => `scim-desk:${channel}`;
export const ipcEventChannel = 'scim-desk:event';
