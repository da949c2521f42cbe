import type { JobKind, JobResult, JobSpec } from '../../../shared/contract';

/** A step of a job as persisted: `key` is stable across runs, so a resumed run knows what is done. */
export interface StepRecord {
  key: string;
  label: string;
  status: 'started' | 'done' | 'failed' | 'skipped' | 'split';
  exchangeIds: string[];
  message?: string;
  at: string;
}

/** What a running job's code is given: its parameters, its past (on resume), and ways to report. */
export interface JobRuntime<P> {
  readonly id: string;
  readonly params: P;
  /** Aborted on cancel and on shutdown; pass it to every request. */
  readonly signal: AbortSignal;
  /** Steps a previous run recorded, by key, last record winning (empty on a first run). */
  readonly previous: ReadonlyMap<string, StepRecord>;
  /** Between steps: waits while the job is paused; throws when it was cancelled. */
  checkpoint(): Promise<void>;
  /** Records a step (persisted and fsync'd before this resolves); takes the exchanges sent since the last step. */
  step(step: Omit<StepRecord, 'at' | 'exchangeIds'> & { exchangeIds?: string[] }): Promise<void>;
  /** Items done and the total when known (throttled before it reaches the renderer). */
  progress(done: number, total: number | null): void;
  /** Steps known so far (for "3 of 8 steps"). */
  setStepsTotal(total: number): void;
  /** Scrubs every credential the app has sent from text the job writes (a server may echo one back in its data). */
  redact(text: string): string;
  /** Where the job's file goes (a path in the data dir); the job writes it and names it in its result. */
  filePath(name: string): string;
}

/** One kind of job: what it does, given its runtime; resolves with the result shown when it ends. */
export interface JobKindRunner<K extends JobKind = JobKind> {
  kind: K;
  /** Write jobs are refused on read-only connections (a kind whose params decide says so per job). */
  writes: boolean | ((params: Extract<JobSpec, { kind: K }>['params']) => boolean);
  /** The most of each body the journal keeps for this kind's exchanges (see JobRequestContext). */
  journalBodyBytes?: number;
  /** What an item is ("users", "requests"). */
  unit(params: Extract<JobSpec, { kind: K }>['params']): string;
  title(params: Extract<JobSpec, { kind: K }>['params']): string;
  /**
   * Checks made at `jobs.start`, before the job exists: a refusal (an AppError) reaches the user who
   * asked, instead of a job that fails later. Not repeated on resume.
   */
  validate?(params: Extract<JobSpec, { kind: K }>['params']): Promise<void> | void;
  run(runtime: JobRuntime<Extract<JobSpec, { kind: K }>['params']>): Promise<JobResult>;
}

/** A runner of any kind (the manager's registry). */
export type AnyJobKindRunner = { [K in JobKind]: JobKindRunner<K> }[JobKind];
