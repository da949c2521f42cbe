import { AsyncResource } from 'node:async_hooks';
import { cancelledError } from './cancellation';

interface Waiter {
  start: () => void;
}

/**
 * A per-connection semaphore: at most `max` tasks run at once, the rest wait in arrival order.
 * It keeps bulk jobs from flooding a SCIM server (and tripping its rate limits) while the UI's own
 * requests still get through in turn.
 */
export class ConcurrencyLimiter {
  private max: number;
  private running = 0;
  // A Set keeps insertion (FIFO) order and lets a cancelled waiter leave from anywhere in O(1).
  private readonly waiting = new Set<Waiter>();

  constructor(max: number) {
    this.max = validMax(max);
  }

  get active(): number {
    return this.running;
  }

  get queued(): number {
    return this.waiting.size;
  }

  get limit(): number {
    return this.max;
  }

  /** Raising the limit starts queued tasks at once; lowering it lets running tasks finish. */
  setMax(max: number): void {
    this.max = validMax(max);
    this.drain();
  }

  /**
   * Runs `task` when a slot is free. If `signal` aborts while the task is still queued, it leaves the
   * queue and the promise rejects with 'cancelled'; once started, the task owns its own cancellation.
   */
  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) return Promise.reject(cancelledError());
    return new Promise<T>((resolve, reject) => {
      const execute = () => {
        this.running++;
        let result: Promise<T>;
        try {
          result = task();
        } catch (error) {
          result = Promise.reject(error);
        }
        // The slot is freed before the caller hears back, so a caller that runs again at once is not queued behind itself.
        const release = () => {
          this.running--;
          this.drain();
        };
        result.then(
          (value) => {
            release();
            resolve(value);
          },
          (error: unknown) => {
            release();
            reject(error);
          },
        );
      };
      if (this.running < this.max && this.waiting.size === 0) return execute();

      const onAbort = () => {
        this.waiting.delete(waiter);
        reject(cancelledError());
      };
      const waiter: Waiter = {
        // A queued task is started by whichever task frees the slot; bound here, it runs in its own
        // caller's async context (so what it reports, e.g. a retry, names the call it belongs to).
        start: AsyncResource.bind(() => {
          signal?.removeEventListener('abort', onAbort);
          execute();
        }),
      };
      this.waiting.add(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private drain(): void {
    while (this.running < this.max) {
      const next = this.waiting.values().next();
      if (next.done) return;
      this.waiting.delete(next.value);
      next.value.start();
    }
  }
}

function validMax(max: number): number {
  if (!Number.isFinite(max) || max < 1) throw new RangeError(`A concurrency limit must be at least 1 (got ${max}).`);
  return Math.floor(max);
}
