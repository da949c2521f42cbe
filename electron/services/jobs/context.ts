import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The job a piece of main-side work belongs to, through every await below it: the scheduler sends a
 * job's requests after interactive ones, and each request's journal exchange joins the job's step log.
 * Undefined for interactive calls (the renderer's own list, get, edit).
 */
export interface JobRequestContext {
  readonly jobId: string;
  /** Told of every exchange (each attempt) sent on the job's behalf. */
  exchange(exchangeId: string): void;
  /**
   * The most of each body the journal keeps for this job's exchanges, when less than its usual cap: an
   * export's pages would otherwise fill the journal (and memory) with the tenant it is writing to a file.
   */
  journalBodyBytes?: number;
}

const storage = new AsyncLocalStorage<JobRequestContext>();

export function currentJob(): JobRequestContext | undefined {
  return storage.getStore();
}

export function runInJob<T>(context: JobRequestContext, work: () => T): T {
  return storage.run(context, work);
}

/** Who a request is sent for: interactive calls always go before jobs'. */
export type RequestPriority = 'interactive' | 'job';
export const currentPriority = (): RequestPriority => (currentJob() ? 'job' : 'interactive');
