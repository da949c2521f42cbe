/**
 * The few answers the response checks judge, fetched once per run (memoized, so each check cites the
 * exchanges that prove it): the first page of Users and of Groups, one user read by id, and an id
 * that does not exist. A sample, never a walk of the tenant.
 */
import { randomUUID } from 'node:crypto';
import { typeOfKind } from '../../../../shared/scim';
import type { CheckContext, ProbeResponse } from '../types';
import { readList, type ListReading } from './discovery-documents';
import { field, isObject, type Json } from './verdict-findings';

/** Resources asked for on the sample page: enough to see the shape, cheap on any server. */
export const SAMPLE_COUNT = 5;

const relative = (endpoint: string) => endpoint.replace(/^\/+/, '');

/** The Users endpoint as discovery (or the engine's probing) found it; the RFC's `Users` otherwise. */
export function usersEndpoint(ctx: CheckContext): string {
  return relative(typeOfKind(ctx.capabilities, 'users')?.endpoint ?? 'Users');
}

export function groupsEndpoint(ctx: CheckContext): string | undefined {
  const type = typeOfKind(ctx.capabilities, 'groups');
  return type ? relative(type.endpoint) : undefined;
}

export interface SamplePage {
  path: string;
  response: ProbeResponse;
  list: ListReading;
  /** The objects on the page. */
  resources: Json[];
}

function page(ctx: CheckContext, key: string, path: string): Promise<SamplePage> {
  return ctx.memo(key, async () => {
    const response = await ctx.send({ method: 'GET', path, query: { startIndex: 1, count: SAMPLE_COUNT } });
    const list = readList(response.status === 200 ? response.json : undefined);
    return { path, response, list, resources: list.items.filter(isObject) };
  });
}

export const usersPage = (ctx: CheckContext) => page(ctx, 'sample.users.first-page', usersEndpoint(ctx));

export function groupsPage(ctx: CheckContext): Promise<SamplePage> | undefined {
  const path = groupsEndpoint(ctx);
  return path === undefined ? undefined : page(ctx, 'sample.groups.first-page', path);
}

/** The id of the first user on the sample page that has one (a string or a number, as the server sent it). */
export async function firstUserId(ctx: CheckContext): Promise<string | number | undefined> {
  const { resources } = await usersPage(ctx);
  for (const resource of resources) {
    const id = field(resource, 'id');
    if ((typeof id === 'string' && id !== '') || typeof id === 'number') return id;
  }
  return undefined;
}

/** `GET Users/<id>` of the first sampled user; undefined without one. */
export async function userById(ctx: CheckContext): Promise<{ id: string | number; path: string; response: ProbeResponse } | undefined> {
  const id = await firstUserId(ctx);
  if (id === undefined) return undefined;
  return ctx.memo('sample.users.by-id', async () => {
    const path = `${usersEndpoint(ctx)}/${encodeURIComponent(String(id))}`;
    return { id, path, response: await ctx.send({ method: 'GET', path }) };
  });
}

/** An id shaped like the server's own (a UUID, an integer, or text) that no resource has. */
export async function missingUserId(ctx: CheckContext): Promise<string> {
  const sample = await firstUserId(ctx);
  if (typeof sample === 'number' || (typeof sample === 'string' && /^\d+$/.test(sample))) return '2147483600';
  if (sample === undefined || /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(sample)) return randomUUID();
  return `scimdesk-check-missing-${ctx.runId}`;
}

/** `GET Users/<an id that does not exist>`. */
export async function unknownUser(ctx: CheckContext): Promise<{ path: string; response: ProbeResponse }> {
  const id = await missingUserId(ctx);
  return ctx.memo('sample.users.unknown-id', async () => {
    const path = `${usersEndpoint(ctx)}/${encodeURIComponent(id)}`;
    return { path, response: await ctx.send({ method: 'GET', path }) };
  });
}
