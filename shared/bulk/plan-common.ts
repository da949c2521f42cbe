/**
 * The parts every kind of plan record shares: where a resource lives, what a person is called, and the
 * records that send nothing (skip, not found, bad).
 */
import type { BulkDiffEntry, BulkKeyAttribute, BulkPlanOutcome, BulkPlanRecord } from '../contract/bulk';
import type { PatchDialect } from '../patch/dialects';
import { findKey, isJsonObject } from '../filter/resource-access';
import type { ScimSchema } from '../scim/index';
import { nounOf } from './schema';

export type { PatchDialect };

export interface PlanContext {
  /** The targets' endpoint ("/Users"). */
  endpoint: string;
  dialect: PatchDialect;
  schemas: readonly ScimSchema[];
  coreSchemaUrn: string;
}

export interface PlanTargetInput {
  index: number;
  key: string;
  line?: number;
  /**
   * Mapped values of a file row (path → value). The action's fixed values are merged over them: where both
   * name a path, the fixed value wins (it is what the user chose for every target).
   */
  row?: Record<string, unknown>;
  /** The resource as just read, or null when the key matched nothing. */
  before: Record<string, unknown> | null;
  etag?: string;
  /** What `key` is (for "no user with userName “x”", and what a create sets); userName (displayName for groups) when left out. */
  keyAttribute?: BulkKeyAttribute;
}

/** `/Users` + id → `/Users/2819c223` (the id URL-encoded). */
export function resourcePath(endpoint: string, id: string): string {
  return `${endpoint.replace(/\/+$/, '')}/${encodeURIComponent(id)}`;
}

export const endpointPath = (endpoint: string): string => endpoint.replace(/\/+$/, '') || '/';

function text(resource: Record<string, unknown> | null | undefined, name: string): string | undefined {
  if (!isJsonObject(resource)) return undefined;
  const value = resource[findKey(resource, name) ?? name];
  return typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined;
}

/** The resource's id as text (servers send numbers too). */
export const idOf = (resource: Record<string, unknown> | null | undefined): string | undefined => text(resource, 'id');

/** userName, else displayName, else the key. */
export const displayOf = (resource: Record<string, unknown> | null | undefined, key: string): string =>
  text(resource, 'userName') ?? text(resource, 'displayName') ?? key;

/** "no user with userName “ada”". */
export const notFoundReason = (coreSchemaUrn: string, keyAttribute: string, key: string): string => `no ${nounOf(coreSchemaUrn)} with ${keyAttribute} “${key}”`;

export const defaultKeyAttribute = (coreSchemaUrn: string): BulkKeyAttribute => (nounOf(coreSchemaUrn) === 'group' ? 'displayName' : 'userName');

/** The fields of a record that come from its input, before an outcome is decided. */
export function recordBase(input: Pick<PlanTargetInput, 'index' | 'key' | 'line' | 'before' | 'etag'>) {
  const id = idOf(input.before);
  return {
    index: input.index,
    ...(input.line !== undefined ? { line: input.line } : {}),
    key: input.key,
    ...(id !== undefined ? { id } : {}),
    display: displayOf(input.before, input.key),
    before: input.before,
    ...(input.etag !== undefined ? { etag: input.etag } : {}),
  };
}

type Base = ReturnType<typeof recordBase>;

/** A record that sends nothing: skip, notFound or bad. */
export function quietRecord(base: Base, outcome: Extract<BulkPlanOutcome, 'skip' | 'notFound' | 'bad'>, reason: string): BulkPlanRecord {
  return { ...base, outcome, reason: clip(reason, REASON_MAX), diff: [], destructive: false, after: base.before, paths: [] };
}

/** The contract's bounds on a record's text and lists. */
export const REASON_MAX = 2000;
export const PATHS_MAX = 500;

export const clip = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export const DIFF_MAX = 500;

/** At most DIFF_MAX entries: the rest summarised in the last one. */
export function capDiff(entries: BulkDiffEntry[], summary: (rest: BulkDiffEntry[]) => BulkDiffEntry): BulkDiffEntry[] {
  if (entries.length <= DIFF_MAX) return entries;
  return [...entries.slice(0, DIFF_MAX - 1), summary(entries.slice(DIFF_MAX - 1))];
}

/** The message of an error thrown while planning (a PatchError, mostly). */
export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
