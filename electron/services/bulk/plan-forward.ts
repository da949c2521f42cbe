/**
 * Planning an action over a file's rows, a browser's selection or a filter's matches (issue #14):
 * the targets are matched to fresh reads (see match.ts), then each becomes a record through the
 * shared planners, in the source's order. A row that cannot be used is a `bad` record with its line
 * and why (a missing or repeated key, a value the schema refuses, a key matching several resources,
 * two rows naming the same resource), never silently fixed.
 */
import { AppError, type BulkAction, type BulkKeyAttribute, type BulkSource, type ScimResource } from '../../../shared/contract';
import {
  applyMapping,
  delimiterLabels,
  planCreateThenAdd,
  planMembership,
  planReplaceMembers,
  planTarget,
  readRows,
  type GroupPlanContext,
  type PlanTargetInput,
} from '../../../shared/bulk';
import { parsePatchPath } from '../../../shared/patch';
import { keyCaseExact, matchIds, matchKeys, type Found, type KeyMatch } from './match';
import { matchFilter } from './match-filter';
import { countOf, nounOfEndpoint } from './resources';
import { badRecord, checkTargetCount, readGroup, type PlanRun, type PlanSink, type SourceOutcome } from './plan-run';

type ForwardSource = Extract<BulkSource, { kind: 'file' | 'ids' | 'filter' }>;

/** Only these of a source (a retry): file lines, or resource ids. */
export interface Restriction {
  lines?: ReadonlySet<number>;
  ids?: ReadonlySet<string>;
}

/** A target to match: a file row (its line and mapped values) or a selected id. */
interface Row {
  line?: number;
  key: string;
  values?: Record<string, unknown>;
}
/** Rows and bad rows together, in the source's order. */
type Entry = { row: Row } | { bad: { line?: number; key: string; reason: string } };

export function describeSource(source: ForwardSource, endpoint: string): string {
  const noun = nounOfEndpoint(endpoint);
  if (source.kind === 'ids') return `${countOf(source.ids.length, noun.replace(/s$/, ''), noun)} selected`;
  if (source.kind === 'filter') return `${noun} where ${source.filter.slice(0, 300)} (${source.expectedCount.toLocaleString('en-US')} counted)`;
  return `file ${source.name}`;
}

/** Plans `action` over the source's targets. */
export async function planForward(
  run: PlanRun,
  ctx: GroupPlanContext,
  source: ForwardSource,
  action: BulkAction,
  sink: PlanSink,
  restriction?: Restriction,
): Promise<SourceOutcome & { sourceText?: string }> {
  if (source.kind === 'filter' && !restriction) return planFilter(run, ctx, source, action, sink);
  const { entries, keyAttribute, notes, sourceText } =
    source.kind === 'file'
      ? readFileSource(ctx, source, restriction)
      : idEntries(source.kind === 'ids' ? source.ids : [...(restriction?.ids ?? [])], restriction);
  checkTargetCount(entries.length);
  const rows = entries.flatMap((e) => ('row' in e ? [e.row] : []));
  await run.step('read', `Read the source: ${countOf(rows.length, 'target')}`, sourceText);
  const attributes = attributesFor(action, keyAttribute, rows);
  const matchOptions = {
    connectionId: run.connectionId,
    endpoint: ctx.endpoint,
    signal: run.signal,
    checkpoint: run.checkpoint,
    progress: run.progress,
    ...(run.scratchPath ? { spillPath: run.scratchPath('matched.jsonl') } : {}),
    ...(attributes ? { attributes } : {}),
  };
  const keys = rows.map((r) => r.key);
  const match: KeyMatch =
    keyAttribute === 'id'
      ? await matchIds(run.engine, keys, matchOptions)
      : await matchKeys(run.engine, keyAttribute, keys, { ...matchOptions, caseExact: keyCaseExact(run.caps, ctx.endpoint, keyAttribute) });
  try {
    await run.step('match', `Found the targets: ${match.matchedBy}`);
    await run.checkpoint();
    await planEntries(run, ctx, action, entries, match, keyAttribute, sink, source.kind === 'file');
  } finally {
    await match.close();
  }
  run.progress(rows.length, rows.length);
  return { matchedBy: match.matchedBy, notes: [...notes, ...match.notes], ...(sourceText ? { sourceText } : {}) };
}

function idEntries(
  ids: readonly string[],
  restriction?: Restriction,
): { entries: Entry[]; keyAttribute: BulkKeyAttribute; notes: string[]; sourceText?: string } {
  const unique = [...new Set(ids)].filter((id) => !restriction?.ids || restriction.ids.has(id));
  return { entries: unique.map((id) => ({ row: { key: id } })), keyAttribute: 'id', notes: [] };
}

function readFileSource(ctx: GroupPlanContext, source: Extract<BulkSource, { kind: 'file' }>, restriction?: Restriction) {
  const read = readRows(source.text);
  const mapped = applyMapping(read, source.mapping, ctx.schemas, ctx.coreSchemaUrn);
  if (mapped.problems.length > 0) {
    throw new AppError({ code: 'invalid_input', message: `The mapping of ${source.name} cannot be used: ${mapped.problems.join(' ')}` });
  }
  const keyColumn = read.columns.find((c) => c.toLowerCase() === source.mapping.keyColumn.toLowerCase()) ?? source.mapping.keyColumn;
  const rawKeys = new Map(read.rows.map((r) => [r.line, (r.values[keyColumn] ?? '').trim()]));
  const wanted = (line: number) => !restriction?.lines || restriction.lines.has(line);
  const entries: Array<Entry & { line: number }> = [
    ...mapped.rows.filter((r) => wanted(r.line)).map((r) => ({ line: r.line, row: { line: r.line, key: r.key, values: r.values } })),
    ...mapped.bad.filter((b) => wanted(b.line)).map((b) => ({ line: b.line, bad: { line: b.line, key: rawKeys.get(b.line) ?? '', reason: b.reason } })),
  ].sort((a, b) => a.line - b.line);
  const format = read.format === 'csv' ? `${delimiterLabels[read.delimiter ?? ',']}-separated` : 'JSON lines';
  const rowCount = read.rows.length + read.bad.filter((b) => b.line > 1).length;
  const notes = [...mapped.warnings];
  if (read.format === 'csv') notes.unshift(`The file is ${format} (detected from its header).`);
  const bad = entries.filter((e) => 'bad' in e).length;
  if (bad > 0) notes.push(`${countOf(bad, 'row')} left out as bad, each with its line and why.`);
  const sourceText = `file ${source.name} (${format}, ${countOf(rowCount, 'row')})`;
  return { entries: entries as Entry[], keyAttribute: source.mapping.keyAttribute, notes, sourceText };
}

/** Each entry's record(s), in order; the group of a group action read first. */
async function planEntries(
  run: PlanRun,
  ctx: GroupPlanContext,
  action: BulkAction,
  entries: readonly Entry[],
  match: KeyMatch,
  keyAttribute: BulkKeyAttribute,
  sink: PlanSink,
  fromFile: boolean,
): Promise<void> {
  const group = 'groupId' in action ? await readGroup(run, ctx, action) : undefined;
  const noun = nounOfEndpoint(ctx.endpoint).replace(/s$/, '');
  /** The first row that named each resource: a second row naming it is bad (its changes would collide). */
  const claimed = new Map<string, string>();
  const members: Array<{ id: string; display: string }> = [];
  const left: Entry[] = [];
  for (const [n, entry] of entries.entries()) {
    if (n % 500 === 499) await run.checkpoint(); // a pause or cancel need not wait for the whole plan
    if ('bad' in entry) {
      await sink.append(badRecord(sink.size, entry.bad.key, entry.bad.reason, entry.bad.line));
      continue;
    }
    const { row } = entry;
    const error = match.errors.get(row.key);
    const found: Found[] = error ? [] : await match.get(row.key);
    const where = row.line !== undefined ? `line ${row.line}` : `“${row.key}”`;
    if (error) {
      await sink.append(badRecord(sink.size, row.key, `It could not be read: ${error}`, row.line));
      continue;
    }
    if (found.length > 1) {
      await sink.append(badRecord(sink.size, row.key, `${keyAttribute} “${row.key}” matches ${found.length} ${noun}s.`, row.line));
      continue;
    }
    const target = found[0];
    const id = target ? String(target.resource.id) : undefined;
    if (id !== undefined && claimed.has(id)) {
      await sink.append(badRecord(sink.size, row.key, `${keyAttribute} “${row.key}” is the same ${noun} as ${claimed.get(id)}.`, row.line));
      continue;
    }
    if (id !== undefined) claimed.set(id, where);
    const input: PlanTargetInput = {
      index: sink.size,
      key: row.key,
      ...(row.line !== undefined ? { line: row.line } : {}),
      ...(row.values ? { row: row.values } : {}),
      before: target?.resource ?? null,
      ...(target?.etag ? { etag: target.etag } : {}),
      keyAttribute,
    };
    if (action.kind === 'replaceMembers') {
      if (target) members.push({ id: id!, display: displayOf(target.resource, row.key) });
      else left.push(entry);
    } else if (action.kind === 'groupAdd' || action.kind === 'groupRemove') {
      if (!target && action.kind === 'groupAdd' && action.createMissing && fromFile) {
        for (const record of planCreateThenAdd(ctx, action, input, [sink.size, sink.size + 1])) await sink.append(record);
      } else await sink.append(planMembership(ctx, action, input, group!.memberIds));
    } else await sink.append(planTarget(ctx, action, input));
  }
  if (action.kind === 'replaceMembers') {
    await sink.append(planReplaceMembers(ctx, action, group!.group, group!.etag, members, sink.size));
    for (const entry of left) {
      const { row } = entry as { row: Row };
      const input = { index: sink.size, key: row.key, ...(row.line !== undefined ? { line: row.line } : {}), before: null, keyAttribute };
      await sink.append(planTarget(ctx, action, input));
    }
  }
}

/**
 * What a plan of `action` reads of each target: the key, what names a person, `active`, `meta` (the
 * ETag) and the attributes the change writes, which is what the diff, the send's conflict check, the
 * verification and an undo compare. A delete keeps the whole resource (an undo may create it again);
 * so does a path that cannot be read here (the server is then asked for everything).
 */
export function attributesFor(
  action: BulkAction,
  keyAttribute: BulkKeyAttribute,
  rows: ReadonlyArray<{ values?: Record<string, unknown> }>,
): string[] | undefined {
  if (action.kind === 'delete' || action.kind === 'restore') return undefined;
  const paths = new Set<string>();
  for (const row of rows) for (const path of Object.keys(row.values ?? {})) paths.add(path);
  if ('values' in action) for (const path of Object.keys(action.values)) paths.add(path);
  if (action.kind === 'clear') for (const path of action.paths) paths.add(path);
  const wanted = new Set(['userName', 'displayName', 'active', 'meta', keyAttribute.split('.')[0]!]);
  for (const path of paths) {
    const top = topLevel(path);
    if (top === undefined) return undefined;
    wanted.add(top);
  }
  return [...wanted];
}

/** `name.givenName` → `name`, `emails[type eq "work"].value` → `emails`, `urn:…:User:manager.value` → `urn:…:User:manager`. */
function topLevel(path: string): string | undefined {
  try {
    const { attr } = parsePatchPath(path);
    return attr.uri && !/^urn:ietf:params:scim:schemas:core:2\.0:/i.test(attr.uri) ? `${attr.uri}:${attr.name}` : attr.name;
  } catch {
    return undefined;
  }
}

const displayOf = (resource: ScimResource, key: string): string =>
  typeof resource.userName === 'string' ? resource.userName : typeof resource.displayName === 'string' ? resource.displayName : key;

/** Every resource the filter matches, planned a page at a time (the listing is not held whole). */
async function planFilter(
  run: PlanRun,
  ctx: GroupPlanContext,
  source: Extract<BulkSource, { kind: 'filter' }>,
  action: BulkAction,
  sink: PlanSink,
): Promise<SourceOutcome> {
  const group = 'groupId' in action ? await readGroup(run, ctx, action) : undefined;
  const members: Array<{ id: string; display: string }> = [];
  const options = { connectionId: run.connectionId, endpoint: ctx.endpoint, signal: run.signal, checkpoint: run.checkpoint, progress: run.progress };
  const result = await matchFilter(run.engine, source.filter, source.expectedCount, { ...options, limit: 100_000 }, async (found) => {
    for (const { resource, etag } of found) {
      const id = String(resource.id ?? '');
      const input: PlanTargetInput = { index: sink.size, key: id, before: resource, ...(etag ? { etag } : {}), keyAttribute: 'id' };
      if (action.kind === 'replaceMembers') members.push({ id, display: displayOf(resource, id) });
      else if (action.kind === 'groupAdd' || action.kind === 'groupRemove') await sink.append(planMembership(ctx, action, input, group!.memberIds));
      else await sink.append(planTarget(ctx, action, input));
    }
  });
  if (action.kind === 'replaceMembers') await sink.append(planReplaceMembers(ctx, action, group!.group, group!.etag, members, sink.size));
  await run.step('match', `Found the targets: ${result.matchedBy}`);
  return { matchedBy: result.matchedBy, notes: result.notes };
}
