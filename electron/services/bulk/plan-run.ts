/**
 * What planning a bulk change needs while it runs, whatever the source: the engine and connection,
 * the planners' context from the server's schemas, and the sink the records go to in index order.
 */
import { AppError, BULK_MAX_TARGETS, type BulkAction, type BulkPlanRecord, type Capabilities } from '../../../shared/contract';
import type { GroupPlanContext } from '../../../shared/bulk';
import { SCHEMA_GROUP, SCHEMA_USER } from '../../../shared/scim';
import type { ScimEngine } from '../engine/engine';
import { memberIdsOf, resourceTypeOf, versionOf } from './resources';

export interface PlanRun {
  engine: ScimEngine;
  connectionId: string;
  signal: AbortSignal;
  checkpoint(): Promise<void>;
  progress(done: number, total: number | null): void;
  /** Records a step of the job's log (the reads so far go with it). */
  step(key: string, label: string, message?: string): Promise<void>;
  caps: Capabilities;
  /** Where a scratch file of the job's may go (removed when planned). */
  scratchPath?(name: string): string;
}

/** Where records go, in index order: the next record's index is `size`. */
export interface PlanSink {
  readonly size: number;
  append(record: BulkPlanRecord): Promise<void>;
}

/** What a source's planning says about itself, for the summary. */
export interface SourceOutcome {
  matchedBy: string;
  notes: string[];
}

/** The planners' context for an endpoint: the server's schemas, the endpoint's core schema, the groups' endpoint. */
export function planContext(caps: Capabilities, endpoint: string, dialect: GroupPlanContext['dialect']): GroupPlanContext {
  const type = resourceTypeOf(caps, endpoint);
  const groups = caps.resourceTypes.find((t) => t.name.toLowerCase() === 'group');
  const coreSchemaUrn = type?.schema ?? (/groups\/?$/i.test(endpoint) ? SCHEMA_GROUP : SCHEMA_USER);
  return {
    // The server's own spelling ("/users" where it routes only that), when discovery names the type.
    endpoint: type ? `/${type.endpoint.replace(/^\/+/, '')}` : endpoint,
    dialect,
    schemas: caps.schemas,
    coreSchemaUrn,
    groupsEndpoint: groups ? `/${groups.endpoint.replace(/^\/+/, '')}` : '/Groups',
    ...(groups && groups.schema !== SCHEMA_GROUP ? { groupSchemaUrn: groups.schema } : {}),
  };
}

/** A record for a row or target that is left out, with why. */
export function badRecord(index: number, key: string, reason: string, line?: number): BulkPlanRecord {
  return {
    index,
    ...(line !== undefined ? { line } : {}),
    key,
    display: key,
    outcome: 'bad',
    reason,
    diff: [],
    destructive: false,
    before: null,
    after: null,
    paths: [],
  };
}

/** Refuses a plan of more targets than one plan holds. */
export function checkTargetCount(count: number): void {
  if (count > BULK_MAX_TARGETS) {
    throw new AppError({
      code: 'invalid_input',
      message: `A plan holds at most ${BULK_MAX_TARGETS.toLocaleString('en-US')} targets; this one has ${count.toLocaleString('en-US')}. Split the change.`,
    });
  }
}

/** A group action's group, read fresh: its member values and ETag. */
export async function readGroup(run: PlanRun, ctx: GroupPlanContext, action: Extract<BulkAction, { groupId: string }>) {
  try {
    const read = await run.engine.get({ connectionId: run.connectionId, endpoint: ctx.groupsEndpoint, id: action.groupId }, run.signal);
    return { group: read.resource, etag: read.etag ?? versionOf(read.resource), memberIds: memberIdsOf(read.resource) };
  } catch (error) {
    if (error instanceof AppError && error.status === 404) {
      throw new AppError({ code: 'not_found', message: `The group “${action.groupName || action.groupId}” is not on the server any more.` });
    }
    throw error;
  }
}
