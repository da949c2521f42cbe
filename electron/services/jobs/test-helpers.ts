/** Calling the app core's handlers as a shell does, and waiting for a job to end, in job tests. */
import type { JobView } from '../../../shared/contract';
import type { AppCore } from '../core';
import { dispatch } from '../dispatch';

/** `core` is read at each call: tests open (and reopen) their core in hooks. */
export function coreCalls(core: () => AppCore) {
  return {
    /** A channel through `dispatch`; a refusal throws an Error carrying the AppError's code. */
    async call<T>(channel: string, input: unknown): Promise<T> {
      const result = await dispatch(core().handlers, channel, input, new AbortController().signal);
      if (!result.ok) throw Object.assign(new Error(result.error.message), { code: result.error.code });
      return result.data as T;
    },
    /** The job's view once it has succeeded, failed or been cancelled. */
    ended(id: string): Promise<JobView> {
      return new Promise((resolve) => {
        const off = core().events.on((event, payload) => {
          const view = payload as JobView;
          if (event === 'jobs.progress' && view.id === id && ['succeeded', 'failed', 'cancelled'].includes(view.state)) {
            off();
            resolve(view);
          }
        });
      });
    },
  };
}
