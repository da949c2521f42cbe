/**
 * What the write checks share: the resources earlier write checks made (or why they could not, so a
 * later check that needs one is skipped with the reason), creating and deleting with the bookkeeping
 * that keeps the run's leftovers exact, reading back, and the server's own schema facts (declared?
 * writable?) that decide whether an attribute can be tested at all.
 */
import { checkResourceName, type CheckRole } from '../../../../shared/check';
import { createAttributeResolver, SCHEMA_ENTERPRISE_USER, SCHEMA_GROUP, SCHEMA_USER, type AttributeResolver } from '../../../../shared/scim';
import { splitAttributePath } from '../../../../shared/scim';
import { skipped, type CheckContext, type CheckOutcome, type ProbeResponse } from '../types';
import { describeStatus, endpointFor, prop, readList, type Rec } from './sample';
import { isObject } from './verdict-findings';

export type Kind = 'User' | 'Group';

/** A resource a write check created and the run still holds. */
export interface Made {
  kind: Kind;
  role: CheckRole;
  /** Below the base URL, as discovery spells it: `Users`. */
  endpoint: string;
  id: string;
  name: string;
  /** `Users/<id>`: where it is read, patched and deleted. */
  path: string;
}

interface WriteState {
  made: Partial<Record<CheckRole, Made>>;
  /** Why a role has no resource: what the check that should have made it saw. */
  why: Partial<Record<CheckRole, string>>;
}

/** The run's write state: a memo that sends nothing, so it cites no exchange. */
export const writeState = (ctx: CheckContext): Promise<WriteState> => ctx.memo('writes.state', async (): Promise<WriteState> => ({ made: {}, why: {} }));

export type Need = { ok: true; made: Made } | { ok: false; outcome: CheckOutcome };

const roleWords: Record<CheckRole, string> = {
  user: 'test user',
  member: 'member user',
  group: 'test group',
  renamed: 'test group',
  bulk: 'bulk user',
  bulkgroup: 'bulk group',
  entra: 'Entra-style user',
  okta: 'Okta-style user',
};

/** The resource `role` made by an earlier check, or skipped with why there is none. */
export async function need(ctx: CheckContext, role: CheckRole): Promise<Need> {
  const state = await writeState(ctx);
  const made = state.made[role];
  if (made) return { ok: true, made };
  return { ok: false, outcome: skipped(`There is no ${roleWords[role]} to work on: ${state.why[role] ?? 'no earlier check created one'}`) };
}

export async function forget(ctx: CheckContext, role: CheckRole, why: string): Promise<void> {
  const state = await writeState(ctx);
  delete state.made[role];
  state.why[role] = why;
}

export const isSuccess = (response: ProbeResponse): boolean => response.status >= 200 && response.status <= 299;

/** A resource's id, as text (some servers use integers). */
export function idText(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** The last path segment of a `Location`: the id, when the body did not give one. */
export function idFromLocation(location: string | undefined): string | undefined {
  if (!location) return undefined;
  const segment = location
    .replace(/[?#].*$/, '')
    .replace(/\/+$/, '')
    .split('/')
    .pop();
  return segment ? decodeURIComponent(segment) : undefined;
}

export const nameAttribute = (kind: Kind): string => (kind === 'User' ? 'userName' : 'displayName');

/**
 * The ids of the resources named exactly `name`, found by an `eq` filter and confirmed here (a server
 * that ignores the filter answers everything): for a create that answered no id, and for the sweep.
 */
export async function idsNamed(ctx: CheckContext, kind: Kind, endpoint: string, name: string): Promise<string[]> {
  const attribute = nameAttribute(kind);
  const answer = readList(await ctx.send({ method: 'GET', path: endpoint, query: { filter: `${attribute} eq ${JSON.stringify(name)}` } }));
  return answer.resources.filter((r) => prop(r, attribute) === name).flatMap((r) => idText(prop(r, 'id')) ?? []);
}

export const findByName = async (ctx: CheckContext, kind: Kind, endpoint: string, name: string): Promise<string | undefined> =>
  (await idsNamed(ctx, kind, endpoint, name))[0];

export type Created = { ok: true; made: Made; response: ProbeResponse; resource?: Rec } | { ok: false; why: string; response?: ProbeResponse };

/**
 * POSTs `body` and, on success, registers what was created (so the run removes it whatever happens
 * next) and remembers it for later checks under `role`. A failure is remembered as the why.
 */
export async function createResource(ctx: CheckContext, kind: Kind, role: CheckRole, body: Rec): Promise<Created> {
  const state = await writeState(ctx);
  const endpoint = endpointFor(ctx, kind);
  const name = checkResourceName(ctx.runId, role);
  const failed = (why: string, response?: ProbeResponse): Created => {
    state.why[role] = why;
    return { ok: false, why, ...(response ? { response } : {}) };
  };
  if (!endpoint) return failed(`The server has no ${kind} resource type.`);
  const response = await ctx.send({ method: 'POST', path: endpoint, body });
  if (!isSuccess(response)) return failed(`POST /${endpoint} answered ${describeStatus(response)}.`, response);
  const resource = isObject(response.json) ? response.json : undefined;
  const id = idText(prop(resource, 'id')) ?? idFromLocation(response.headers.location) ?? (await findByName(ctx, kind, endpoint, name));
  if (id === undefined) {
    return failed(
      `POST /${endpoint} answered ${response.status} without an id (none in the body, no Location), and ${nameAttribute(kind)} eq "${name}" does not find it: it may be left on the server.`,
      response,
    );
  }
  const made: Made = { kind, role, endpoint, id, name, path: `${endpoint}/${encodeURIComponent(id)}` };
  ctx.created({ endpoint: `/${endpoint}`, id, name });
  state.made[role] = made;
  delete state.why[role];
  return { ok: true, made, response, ...(resource ? { resource } : {}) };
}

export interface Read {
  response: ProbeResponse;
  /** The representation, when the answer was 200 with a JSON object. */
  resource?: Rec;
}

export async function readBack(ctx: CheckContext, made: Made): Promise<Read> {
  const response = await ctx.send({ method: 'GET', path: made.path });
  return { response, ...(response.status === 200 && isObject(response.json) ? { resource: response.json } : {}) };
}

/** The resource in a write's answer, when the body is one (has an id). */
export const resourceIn = (response: ProbeResponse): Rec | undefined =>
  isObject(response.json) && prop(response.json, 'id') !== undefined ? response.json : undefined;

export interface Deleted {
  response: ProbeResponse;
  /** The GET after a successful DELETE (404 once it is gone). */
  after?: ProbeResponse;
  gone: boolean;
}

/** DELETE, then (unless refused) GET to see it gone: a 2xx alone does not prove the resource is gone. */
export async function deleteConfirmed(ctx: CheckContext, path: string): Promise<Deleted> {
  const response = await ctx.send({ method: 'DELETE', path });
  if (!isSuccess(response) && response.status !== 404) return { response, gone: false };
  const after = await ctx.send({ method: 'GET', path });
  return { response, after, gone: after.status === 404 || after.status === 410 };
}

/** deleteConfirmed; only once it is gone is it off the run's leftovers, and no later check counts on it. */
export async function deleteMade(ctx: CheckContext, made: Made, by: string): Promise<Deleted> {
  const deleted = await deleteConfirmed(ctx, made.path);
  if (deleted.gone) {
    ctx.removed(`/${made.endpoint}`, made.id);
    await forget(ctx, made.role, `${by} deleted it.`);
  }
  return deleted;
}

function resourceType(ctx: CheckContext, kind: Kind) {
  const schema = (kind === 'User' ? SCHEMA_USER : SCHEMA_GROUP).toLowerCase();
  return ctx.capabilities.resourceTypes.find((t) => t.schema.toLowerCase() === schema || t.name === kind);
}

/** The server's own attribute definitions, or undefined when it published none (the RFC schemas stand in then). */
function resolverFor(ctx: CheckContext, kind: Kind): AttributeResolver | undefined {
  if (!ctx.capabilities.discovery.schemas) return undefined;
  const type = resourceType(ctx, kind);
  if (!type) return undefined;
  const ids = new Set([type.schema, ...type.schemaExtensions.map((e) => e.schema)].map((s) => s.toLowerCase()));
  const schemas = ctx.capabilities.schemas.filter((s) => ids.has(s.id.toLowerCase()));
  return schemas.length ? createAttributeResolver(schemas, type.schema) : undefined;
}

/** Whether the User resource type declares the enterprise extension (a server without discovery is not assumed to have it). */
export function hasEnterprise(ctx: CheckContext): boolean {
  const type = resourceType(ctx, 'User');
  return Boolean(type?.schemaExtensions.some((e) => e.schema.toLowerCase() === SCHEMA_ENTERPRISE_USER.toLowerCase()));
}

type SchemaFact = { fact: 'undeclared' | 'read-only'; why: string } | undefined;

/** What the server's own schema says against writing `path`; undefined when nothing does (or it published no schemas). */
function schemaFact(ctx: CheckContext, kind: Kind, path: string): SchemaFact {
  const resolve = resolverFor(ctx, kind);
  if (!resolve) return undefined;
  const type = resourceType(ctx, kind)!;
  const attr = splitAttributePath(path, [type.schema, ...type.schemaExtensions.map((e) => e.schema)]);
  const top = { ...(attr.uri ? { uri: attr.uri } : {}), name: attr.name };
  for (const part of attr.sub ? [top, { ...top, sub: attr.sub }] : [top]) {
    const shown = 'sub' in part ? `${part.name}.${part.sub}` : part.name;
    const def = resolve(part);
    if (!def) return { fact: 'undeclared', why: `the server's ${kind} schema does not declare "${shown}"` };
    if (def.mutability === 'readOnly' || def.mutability === 'immutable') {
      return { fact: 'read-only', why: `the server's ${kind} schema declares "${shown}" ${def.mutability}` };
    }
  }
  return undefined;
}

/**
 * Why an attribute cannot be tested on this server (its schema does not declare it, or declares it
 * readOnly or immutable), or undefined when it can. Without published schemas every RFC attribute is tried.
 */
export const untestable = (ctx: CheckContext, kind: Kind, path: string): string | undefined => schemaFact(ctx, kind, path)?.why;

/** Whether the server's schema leaves `path` out (so a value sent there is not expected back). */
export const undeclared = (ctx: CheckContext, kind: Kind, path: string): boolean => schemaFact(ctx, kind, path)?.fact === 'undeclared';

export const emailOf = (name: string, tag?: string): string => `${name}${tag ? `+${tag}` : ''}@example.com`;

/** The user a role creates, by the RFC: the same shape every check starts from. */
export function userBody(ctx: CheckContext, role: CheckRole): Rec {
  const name = checkResourceName(ctx.runId, role);
  const enterprise = hasEnterprise(ctx);
  return {
    schemas: enterprise ? [SCHEMA_USER, SCHEMA_ENTERPRISE_USER] : [SCHEMA_USER],
    userName: name,
    name: { givenName: 'Scimdesk', familyName: `Check ${role}` },
    displayName: `SCIM Desk check (${role})`,
    emails: [{ value: emailOf(name), type: 'work', primary: true }],
    active: true,
    ...(enterprise ? { [SCHEMA_ENTERPRISE_USER]: { department: 'SCIM Desk check' } } : {}),
  };
}

export const groupBody = (ctx: CheckContext, role: CheckRole, members: Array<{ value: string }> = []): Rec => ({
  schemas: [SCHEMA_GROUP],
  displayName: checkResourceName(ctx.runId, role),
  ...(members.length ? { members } : {}),
});
