/**
 * The words and keys of a membership job, in one place for the job (which writes them) and the
 * renderer (which reads them back: which requests a Retry sends, how many differences were found).
 */
import { describeRef, halve, type MemberRef, type PlannedRequest } from './membership';

/** A request in words, as failures list it: "PATCH /Groups/42 (+500 −0)". */
export function requestItem(request: PlannedRequest, groupsEndpoint: string): string {
  const endpoint = `/${groupsEndpoint.replace(/^\/+|\/+$/g, '')}`;
  return `${request.kind === 'patch' ? 'PATCH' : 'PUT'} ${endpoint}/${String(request.groupId)} (+${request.add.length} −${request.remove.length})`;
}

/**
 * Step keys: a request's index in the job's parameters ("3"), and the halves of a request the server
 * refused as too large ("3.0", "3.1", then "3.0.1"…).
 */
export const halfKeys = (key: string): [string, string] => [`${key}.0`, `${key}.1`];
export const VERIFY_STEP = 'verify';

/** A step's label: the key shown 1-based ("#4.2" for "3.1"), then the request in words. */
export function stepLabel(key: string, request: PlannedRequest, groupsEndpoint: string): string {
  const shown = key
    .split('.')
    .map((part) => Number(part) + 1)
    .join('.');
  return `#${shown} ${requestItem(request, groupsEndpoint)}`;
}

/** The step key a label was made from (undefined for other steps, such as the verification). */
export function stepKeyOf(label: string): string | undefined {
  const match = /^#(\d+(?:\.\d+)*) /.exec(label);
  return match
    ? match[1]!
        .split('.')
        .map((part) => String(Number(part) - 1))
        .join('.')
    : undefined;
}

export type StepStatus = 'started' | 'done' | 'failed' | 'skipped' | 'split';

/** Each request step's last status, from a job's step log (oldest first). */
export function stepStatuses(steps: ReadonlyArray<{ label: string; status: StepStatus }>): Map<string, StepStatus> {
  const out = new Map<string, StepStatus>();
  for (const step of steps) {
    const key = stepKeyOf(step.label);
    if (key !== undefined) out.set(key, step.status);
  }
  return out;
}

export interface Unfinished {
  request: PlannedRequest;
  /** `failed`: the server answered with an error; `not-sent`: never sent, or sent with no answer recorded (cancelled). */
  status: 'failed' | 'not-sent';
}

/**
 * The requests of a job not confirmed done, given its steps' statuses: the halves still owed of a
 * request that was split, whole requests otherwise. What a Retry sends. `logTruncated`: the oldest
 * steps were left out of the log, so requests sent before the first one it mentions were handled then.
 */
export function unfinishedRequests(
  requests: readonly PlannedRequest[],
  statuses: ReadonlyMap<string, StepStatus>,
  options: { logTruncated?: boolean } = {},
): Unfinished[] {
  const out: Unfinished[] = [];
  const keys = [...statuses.keys()];
  // A Map keeps first insertion order: the first key is the oldest request step still in the log.
  const firstLogged = options.logTruncated ? keys[0] : undefined;
  const visit = (key: string, request: PlannedRequest) => {
    // A parent whose own records were left out is known split by its halves' records.
    const status = statuses.get(key) ?? (keys.some((k) => k.startsWith(`${key}.`)) ? 'split' : undefined);
    if (status === 'done') return;
    const halves = status === 'split' ? halve(request) : undefined;
    if (halves) {
      const [first, second] = halfKeys(key);
      visit(first, halves[0]);
      visit(second, halves[1]);
    } else if (status !== undefined || firstLogged === undefined || !sentBefore(key, firstLogged)) {
      out.push({ request, status: status === 'failed' ? 'failed' : 'not-sent' });
    }
  };
  requests.forEach((request, i) => visit(String(i), request));
  return out;
}

/** Whether step `a` is sent before step `b`: requests in order, each one's halves right after it. */
function sentBefore(a: string, b: string): boolean {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! < y[i]!;
  return x.length < y.length;
}

/** What a retry sends, in words; null when there is nothing to retry. */
export function retryLabel(unfinished: ReadonlyArray<Pick<Unfinished, 'status'>>): string | null {
  const failed = unfinished.filter((u) => u.status === 'failed').length;
  const notSent = unfinished.filter((u) => u.status === 'not-sent').length;
  const requests = (count: number) => `${count} ${count === 1 ? 'request' : 'requests'}`;
  if (failed && notSent) return `Retry ${requests(failed)} that failed and send ${notSent} not sent`;
  if (failed) return `Retry ${requests(failed)} that failed`;
  if (notSent) return `Send ${requests(notSent)} not sent`;
  return null;
}

export interface GroupChange {
  groupId: string | number;
  groupName: string;
  add: MemberRef[];
  remove: MemberRef[];
}

/** What was asked of each group, over all of a job's requests (in the order the groups first appear). */
export function changesByGroup(requests: readonly PlannedRequest[]): GroupChange[] {
  const groups = new Map<string, GroupChange>();
  for (const request of requests) {
    const key = String(request.groupId);
    const group = groups.get(key) ?? { groupId: request.groupId, groupName: request.groupName, add: [], remove: [] };
    group.add.push(...request.add);
    group.remove.push(...request.remove);
    groups.set(key, group);
  }
  return [...groups.values()];
}

const MISSING = 'not a member after add: ';
const REMAINING = 'still a member after remove: ';

/** A difference between what was asked and what the server stored, as a job's result notes it. */
export function differenceNote(kind: 'missing' | 'remaining', member: MemberRef, group?: GroupChange): string {
  const where = group ? ` in ${describeRef({ value: String(group.groupId), display: group.groupName })}` : '';
  return `${kind === 'missing' ? MISSING : REMAINING}${describeRef(member)}${where}`;
}

export const isDifferenceNote = (note: string): boolean => note.startsWith(MISSING) || note.startsWith(REMAINING);
