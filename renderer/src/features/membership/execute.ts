import type { AppErrorData, Bridge } from '../../../../shared/contract';
import type { PatchDialect } from '../../../../shared/patch';
import { errorMessage, isBridgeError } from '../../bridge/BridgeError';
import { halve, putBody, type PlannedRequest } from './model';

export type OutcomeStatus = 'done' | 'failed' | 'skipped';

export interface RequestOutcome {
  request: PlannedRequest;
  status: OutcomeStatus;
  error?: AppErrorData;
}

export interface ExecuteProgress {
  done: number;
  total: number;
  /** Requests split in two after the server refused one as too large (HTTP 413). */
  splits: number;
}

export interface ExecuteOptions {
  bridge: Bridge;
  connectionId: string;
  groupsEndpoint: string;
  dialect: PatchDialect;
  signal: AbortSignal;
  onProgress?: (progress: ExecuteProgress) => void;
}

export interface ExecuteResult {
  outcomes: RequestOutcome[];
  splits: number;
  cancelled: boolean;
}

const errorData = (error: unknown): AppErrorData => (isBridgeError(error) ? error.data : { code: 'internal', message: errorMessage(error) });

/**
 * Sends the requests one after another. A 413 splits that request in half and retries the halves;
 * any other failure is recorded and the rest still go (each request is a complete change of its own).
 * Membership PATCHes carry no If-Match: adding or removing named members commutes with other edits,
 * and an ETag would make every concurrent change to a busy group fail.
 */
export async function executePlan(requests: readonly PlannedRequest[], options: ExecuteOptions): Promise<ExecuteResult> {
  const { bridge, connectionId, groupsEndpoint: endpoint, dialect, signal } = options;
  const queue = [...requests];
  const outcomes: RequestOutcome[] = [];
  let splits = 0;
  let total = queue.length;
  const report = () => options.onProgress?.({ done: outcomes.length, total, splits });
  report();
  while (queue.length) {
    if (signal.aborted) {
      for (const request of queue.splice(0)) outcomes.push({ request, status: 'skipped' });
      return { outcomes, splits, cancelled: true };
    }
    const request = queue.shift()!;
    try {
      if (request.kind === 'patch') {
        // No optional parameters on a write (some servers fail a PATCH that carries `attributes`), and no
        // read-back of a 10,000-member group after a 204: the membership is verified separately afterwards.
        await bridge.call('scim.patch', { connectionId, endpoint, id: request.groupId, operations: request.ops, dialect, readBack: false }, { signal });
      } else {
        const read = await bridge.call('scim.get', { connectionId, endpoint, id: request.groupId }, { signal });
        await bridge.call('scim.replace', { connectionId, endpoint, id: request.groupId, resource: putBody(read.resource, request), ...(read.etag ? { etag: read.etag } : {}) }, { signal });
      }
      outcomes.push({ request, status: 'done' });
    } catch (error) {
      const data = errorData(error);
      if (data.code === 'cancelled' || signal.aborted) {
        outcomes.push({ request, status: 'skipped', error: data });
        for (const rest of queue.splice(0)) outcomes.push({ request: rest, status: 'skipped' });
        return { outcomes, splits, cancelled: true };
      }
      const halves = data.status === 413 ? halve(request) : undefined;
      if (halves) {
        splits += 1;
        total += 1;
        queue.unshift(...halves);
      } else outcomes.push({ request, status: 'failed', error: data });
    }
    report();
  }
  return { outcomes, splits, cancelled: false };
}

/**
 * What a retry sends, in words: requests the server answered with an error (a 500, a refusal) "failed";
 * requests never sent (cancelled before their turn) "not sent". Null when there is nothing to retry.
 */
export function retryLabel(outcomes: readonly Pick<RequestOutcome, 'status'>[]): string | null {
  const failed = outcomes.filter((o) => o.status === 'failed').length;
  const notSent = outcomes.filter((o) => o.status === 'skipped').length;
  const requests = (count: number) => `${count} ${count === 1 ? 'request' : 'requests'}`;
  if (failed && notSent) return `Retry ${requests(failed)} that failed and send ${notSent} not sent`;
  if (failed) return `Retry ${requests(failed)} that failed`;
  if (notSent) return `Send ${requests(notSent)} not sent`;
  return null;
}
