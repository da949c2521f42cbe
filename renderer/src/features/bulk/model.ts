import type {
  BulkAction,
  BulkActionKind,
  BulkKeyAttribute,
  BulkMapping,
  BulkPlanOutcome,
  BulkPlanSummary,
  BulkSendOutcome,
  BulkTotals,
  JobView,
} from '../../../../shared/contract';
import { coerceCell, delimiterLabels, type ReadRows } from '../../../../shared/bulk';
import type { ScimAttribute } from '../../../../shared/scim';
import { formatCount } from '../../lib/format';

/** The contract's BULK_CONFIRM_THRESHOLD (shared/contract/bulk.ts), repeated: the renderer imports the contract for types only. */
export const CONFIRM_THRESHOLD = 25;
/** The contract's BULK_MAX_SOURCE_CHARS: the largest file a plan accepts (characters). */
export const MAX_SOURCE_CHARS = 5 * 1024 * 1024;
/** The page size of `bulk.planItems` and `bulk.results` (the contract's default `limit`). */
export const BULK_PAGE_SIZE = 200;

/** What the targets are: users (any source) or groups (the groups browser, or a file keyed on groups). */
export type TargetKind = 'users' | 'groups';
/** Where the targets come from: a file's rows, or what a browser handed over. */
export type SourceKind = 'file' | 'browser';
/** The actions the screen offers (restore is only ever planned from an undo). */
export type ChosenActionKind = Exclude<BulkActionKind, 'restore'>;

export interface ValueDraft {
  path: string;
  /** As typed; coerced by the attribute's type when the plan starts. */
  value: string;
}

/** The action as the user is composing it. */
export interface ActionDraft {
  kind: ChosenActionKind;
  values: ValueDraft[];
  paths: string[];
  group: { groupId: string; groupName: string } | null;
  createMissing: boolean;
}

export const initialActionDraft: ActionDraft = { kind: 'deactivate', values: [], paths: [], group: null, createMissing: false };

export const actionLabels: Record<BulkActionKind, string> = {
  set: 'Set attributes',
  add: 'Add values',
  clear: 'Clear attributes',
  deactivate: 'Deactivate',
  reactivate: 'Reactivate',
  delete: 'Delete',
  groupAdd: 'Add to a group',
  groupRemove: 'Remove from a group',
  upsert: 'Update, and create what matches nothing',
  replaceMembers: 'Make them a group’s only members',
  restore: 'Put back as before (undo)',
};

/** What an action does, said under the choice. */
export const actionHelp: Record<BulkActionKind, string> = {
  set: 'Replaces the attributes the columns (and fixed values) name; an empty cell leaves its attribute alone.',
  add: 'Appends to multi-valued attributes, sets single-valued ones where they are empty.',
  clear: 'Removes the chosen attributes.',
  deactivate: 'Sets active to false.',
  reactivate: 'Sets active to true.',
  delete: 'Deletes each target. Undo can recreate deleted users, with new ids.',
  groupAdd: 'Adds each user to the group.',
  groupRemove: 'Removes each user from the group.',
  upsert: 'Sets the mapped attributes of rows that match, creates the rows that match nothing.',
  replaceMembers: 'The group’s members become exactly the users the source names: others are removed.',
  restore: 'Puts every target back as the undone job found it.',
};

/** The actions offered for a source and a kind of target, in the order shown. */
export function actionChoices(source: SourceKind, target: TargetKind): ChosenActionKind[] {
  if (target === 'groups') return source === 'file' ? ['set', 'add', 'clear', 'delete', 'upsert'] : ['set', 'add', 'clear', 'delete'];
  const common: ChosenActionKind[] = ['deactivate', 'reactivate', 'set', 'add', 'clear', 'delete', 'groupAdd', 'groupRemove', 'replaceMembers'];
  return source === 'file' ? [...common, 'upsert'] : common;
}

/** The attributes rows can be matched on, per kind of target. */
export function keyAttributeChoices(target: TargetKind): BulkKeyAttribute[] {
  return target === 'groups' ? ['displayName', 'externalId', 'id'] : ['userName', 'externalId', 'id', 'emails.value'];
}

export const needsValues = (kind: ChosenActionKind): boolean => kind === 'set' || kind === 'add' || kind === 'upsert';
export const needsGroup = (kind: ChosenActionKind): boolean => kind === 'groupAdd' || kind === 'groupRemove' || kind === 'replaceMembers';

type AttributeValue = string | number | boolean | null;

/** A typed value as the attribute's SCIM type wants it (the same reading as a file's cells), or what it should have been. */
export function coerceValue(text: string, type: string | undefined): { value: AttributeValue } | { error: string } {
  if (!type) return { value: text };
  const coerced = coerceCell(text, { type: type as ScimAttribute['type'] });
  return coerced.ok ? { value: coerced.value as AttributeValue } : { error: `“${text}” is not ${coerced.expected}.` };
}

/**
 * The action to plan, or what still has to be chosen. `typeOf` gives an attribute path's SCIM type
 * (to coerce fixed values). A file source may leave the values to its columns.
 */
export function buildAction(
  draft: ActionDraft,
  source: SourceKind,
  typeOf: (path: string) => string | undefined,
): { action: BulkAction } | { problem: string } {
  switch (draft.kind) {
    case 'set':
    case 'add':
    case 'upsert': {
      const values: Record<string, AttributeValue> = {};
      for (const row of draft.values) {
        if (!row.path) return { problem: 'Choose an attribute for every fixed value, or remove the row.' };
        if (row.path in values) return { problem: `${row.path} has two fixed values.` };
        const coerced = coerceValue(row.value, typeOf(row.path));
        if ('error' in coerced) return { problem: `${row.path}: ${coerced.error}` };
        values[row.path] = coerced.value;
      }
      if (source === 'browser' && Object.keys(values).length === 0) return { problem: 'Add at least one attribute and its value.' };
      return { action: { kind: draft.kind, values } };
    }
    case 'clear': {
      const paths = [...new Set(draft.paths.filter(Boolean))];
      return paths.length === 0 ? { problem: 'Choose at least one attribute to clear.' } : { action: { kind: 'clear', paths } };
    }
    case 'groupAdd':
    case 'groupRemove':
    case 'replaceMembers': {
      if (!draft.group) return { problem: 'Choose the group.' };
      const group = { groupId: draft.group.groupId, groupName: draft.group.groupName };
      if (draft.kind === 'groupAdd') return { action: { kind: 'groupAdd', ...group, createMissing: source === 'file' && draft.createMissing } };
      return { action: { kind: draft.kind, ...group } };
    }
    case 'deactivate':
    case 'reactivate':
    case 'delete':
      return { action: { kind: draft.kind } };
  }
}

/**
 * "the users in leavers.csv (502 rows)", "12 selected users", "1,234 users the filter matches": what a plan's
 * title names. A file's rows are counted, not its users: the title is set before the dry run finds them.
 */
export function sourceWords(
  source: { kind: 'file'; name: string; rows: number } | { kind: 'ids'; count: number } | { kind: 'filter'; count: number },
  noun: { one: string; many: string },
): string {
  const n = (count: number) => `${formatCount(count)} ${count === 1 ? noun.one : noun.many}`;
  if (source.kind === 'file') return `the ${noun.many} in ${source.name} (${formatCount(source.rows)} ${source.rows === 1 ? 'row' : 'rows'})`;
  if (source.kind === 'ids') return `${formatCount(source.count)} selected ${source.count === 1 ? noun.one : noun.many}`;
  return `${n(source.count)} the filter matches`;
}

/** The job's title: "Deactivate the users in leavers.csv (502 rows)", "Add 12 selected users to “Engineering”" (at most 300 characters). */
export function planTitle(action: BulkAction, what: string): string {
  const title = (() => {
    switch (action.kind) {
      case 'deactivate':
      case 'reactivate':
      case 'delete':
        return `${actionLabels[action.kind]} ${what}`;
      case 'set':
        return `Set ${Object.keys(action.values).join(', ') || 'attributes'} of ${what}`;
      case 'add':
        return `Add ${Object.keys(action.values).join(', ') || 'values'} to ${what}`;
      case 'upsert':
        return `Update or create ${what}`;
      case 'clear':
        return `Clear ${action.paths.join(', ')} of ${what}`;
      case 'groupAdd':
        return `Add ${what} to “${action.groupName}”`;
      case 'groupRemove':
        return `Remove ${what} from “${action.groupName}”`;
      case 'replaceMembers':
        return `Make ${what} the members of “${action.groupName}”`;
      case 'restore':
        return `Undo: ${what}`;
    }
  })();
  return title.length > 300 ? `${title.slice(0, 299)}…` : title;
}

export const planOutcomeOrder: readonly BulkPlanOutcome[] = ['change', 'create', 'delete', 'skip', 'notFound', 'bad'] satisfies readonly BulkPlanOutcome[];
export const planOutcomeLabels: Record<BulkPlanOutcome, string> = {
  change: 'to change',
  create: 'to create',
  delete: 'to delete',
  skip: 'already as asked',
  notFound: 'not found',
  bad: 'bad rows',
};
export const planOutcomeWords: Record<BulkPlanOutcome, string> = {
  change: 'Change',
  create: 'Create',
  delete: 'Delete',
  skip: 'Skip',
  notFound: 'Not found',
  bad: 'Bad row',
};

export const sendOutcomeOrder: readonly BulkSendOutcome[] = ['failed', 'conflict', 'drifted', 'pending', 'done'] satisfies readonly BulkSendOutcome[];
export const sendOutcomeLabels: Record<BulkSendOutcome, string> = {
  pending: 'Pending',
  done: 'Done',
  failed: 'Failed',
  conflict: 'Conflict',
  drifted: 'Drifted',
};
export const sendOutcomeHelp: Record<BulkSendOutcome, string> = {
  pending: 'Not sent yet, or sent and not confirmed.',
  done: 'Sent, and read back as asked.',
  failed: 'The server refused it (its error is shown).',
  conflict: 'Changed on the server since the plan: not overwritten.',
  drifted: 'Stored differently from what was asked (the difference is shown).',
};

/** What the send writes: the changes, creates and deletes (skipped, not found and bad rows send nothing). */
export const sendCount = (totals: BulkTotals): number => totals.change + totals.create + totals.delete;

/** Above the threshold, the number of deletions and deactivations has to be typed to send. */
export const needsTypedCount = (totals: BulkTotals): boolean => totals.destructive > CONFIRM_THRESHOLD;

/** Whether what was typed confirms the destructive count ("1,234", "1234" and " 1234 " all do). */
export function typedCountMatches(typed: string, destructive: number): boolean {
  const digits = typed.trim().replace(/[,.\s\u00a0\u202f']/g, '');
  return /^\d+$/.test(digits) && Number(digits) === destructive;
}

/** "/Bulk, up to 100 operations per request" or "single requests: the server does not advertise /Bulk". */
export function transportText(transport: BulkPlanSummary['transport']): string {
  if (transport.mode === 'bulk') {
    const limits = [
      transport.maxOperations !== undefined ? `up to ${formatCount(transport.maxOperations)} operations` : null,
      transport.maxPayloadSize !== undefined ? `${formatBytesShort(transport.maxPayloadSize)}` : null,
    ].filter(Boolean);
    return limits.length ? `/Bulk, ${limits.join(' and ')} per request` : '/Bulk';
  }
  return transport.reason ? `single requests: ${transport.reason}` : 'single requests';
}

function formatBytesShort(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

/** The newest job of a kind on a connection (jobs.list is newest first). */
export function latestJob(jobs: readonly JobView[] | undefined, connectionId: string, kind: 'bulkPlan' | 'bulkSend'): JobView | undefined {
  return jobs?.find((j) => j.kind === kind && j.connectionId === connectionId);
}

/**
 * A saved mapping, when it fits the file: its key column is in the file and it names every one of the
 * file's columns (a file with other columns is mapped afresh, rather than half from memory).
 */
export function savedMappingFits(saved: BulkMapping | null | undefined, columns: readonly string[]): saved is BulkMapping {
  if (!saved || !columns.includes(saved.keyColumn)) return false;
  const named = new Set(saved.columns.map((c) => c.column));
  return columns.every((c) => named.has(c));
}

/** A saved mapping cut to the file's columns, in the file's order. */
export function fitMapping(saved: BulkMapping, columns: readonly string[]): BulkMapping {
  const byColumn = new Map(saved.columns.map((c) => [c.column, c.path]));
  return { ...saved, columns: columns.map((column) => ({ column, path: byColumn.get(column) ?? null })) };
}

/** A value of a diff or a request, short: "(none)" for absent, JSON for the rest, strings as they are. */
export function valueText(value: unknown): string {
  if (value === undefined || value === null) return '(none)';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** One line of a diff: "active: true → false". */
export const diffLine = (entry: { path: string; before: unknown; after: unknown }): string =>
  `${entry.path}: ${valueText(entry.before)} → ${valueText(entry.after)}`;

/** Toggles a chip: a second press shows everything again. */
export const toggleOutcome = <T extends string>(current: T | null, outcome: T): T | null => (current === outcome ? null : outcome);

/** The count a results chip shows, from the results' counts. */
export const resultTotal = (counts: Record<BulkSendOutcome, number>): number => sendOutcomeOrder.reduce((sum, o) => sum + counts[o], 0);

/** "CSV, semicolon-separated" or "JSON lines": how the file was read, the delimiter in words. */
export function fileFormatText(read: Pick<ReadRows, 'format' | 'delimiter'>): string {
  if (read.format === 'jsonl') return 'JSON lines';
  return read.delimiter ? `CSV, ${delimiterLabels[read.delimiter]}-separated` : 'CSV';
}
