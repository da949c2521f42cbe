import { z } from 'zod';
import { learnedFactSchema, type LearnedFact } from '../../../shared/contract';
import { readJsonFile, writeJsonFile, WriteQueue } from '../storage/json-file';

const fileSchema = z.object({ version: z.literal(1), connections: z.record(z.string(), z.array(learnedFactSchema)) });

/** More than any real server needs; the oldest facts go first, so a misbehaving session cannot grow the file without end. */
export const MAX_FACTS_PER_CONNECTION = 500;

export type NewFact = Omit<LearnedFact, 'learnedAt'>;

/**
 * What each connection's server has been seen to do, kept in `learned.json` in the data dir so the
 * app does not send a refused request again after a restart. Only the main side holds it.
 */
export class LearnedStore {
  private readonly byConnection = new Map<string, Map<string, LearnedFact>>();
  private readonly queue = new WriteQueue();
  private readonly listeners = new Set<(connectionId: string, facts: LearnedFact[]) => void>();
  readonly notices: string[] = [];

  private constructor(private readonly path: string | null) {}

  /** Facts kept in memory only (tests, throwaway engines). */
  static memory(): LearnedStore {
    return new LearnedStore(null);
  }

  /** With `path` null the facts live in memory only (tests, throwaway engines). */
  static async open(path: string | null): Promise<LearnedStore> {
    const store = new LearnedStore(path);
    if (!path) return store;
    const read = await readJsonFile(path, (raw) => fileSchema.parse(raw));
    if (read.state === 'ok') {
      for (const [id, facts] of Object.entries(read.value.connections)) store.byConnection.set(id, new Map(facts.map((f) => [f.key, f])));
    }
    if (read.state === 'corrupt')
      store.notices.push(`What was learned about servers could not be read and was moved to ${read.movedTo}; it will be learned again.`);
    return store;
  }

  map(connectionId: string): ReadonlyMap<string, LearnedFact> {
    return this.byConnection.get(connectionId) ?? new Map();
  }

  get(connectionId: string, key: string): LearnedFact | undefined {
    return this.byConnection.get(connectionId)?.get(key);
  }

  /** Newest first. */
  list(connectionId: string): LearnedFact[] {
    return [...this.map(connectionId).values()].sort((a, b) => b.learnedAt.localeCompare(a.learnedAt));
  }

  /**
   * Records a fact; returns it when it is new or changed (so the caller can raise a quirk), undefined
   * when it was already known. A refusal is never downgraded to "accepted" by a later success of a
   * different request: only forgetting clears it.
   */
  learn(connectionId: string, fact: NewFact): LearnedFact | undefined {
    let facts = this.byConnection.get(connectionId);
    if (!facts) this.byConnection.set(connectionId, (facts = new Map()));
    const existing = facts.get(fact.key);
    if (existing && existing.state === fact.state && existing.value === fact.value) return undefined;
    if (existing && existing.state !== 'accepted' && fact.state === 'accepted') return undefined;
    const stamped: LearnedFact = { ...fact, learnedAt: new Date().toISOString() };
    facts.delete(fact.key);
    facts.set(fact.key, stamped);
    while (facts.size > MAX_FACTS_PER_CONNECTION) facts.delete(facts.keys().next().value as string);
    this.changed(connectionId);
    return stamped;
  }

  forget(connectionId: string): number {
    const count = this.byConnection.get(connectionId)?.size ?? 0;
    this.byConnection.delete(connectionId);
    if (count > 0) this.changed(connectionId);
    return count;
  }

  onChange(listener: (connectionId: string, facts: LearnedFact[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves once everything learned so far is on disk. */
  flush(): Promise<void> {
    return this.queue.run(async () => undefined);
  }

  private changed(connectionId: string): void {
    const facts = this.list(connectionId);
    for (const listener of this.listeners) listener(connectionId, facts);
    if (!this.path) return;
    const path = this.path;
    void this.queue.run(() =>
      writeJsonFile(path, { version: 1, connections: Object.fromEntries([...this.byConnection].map(([id, f]) => [id, [...f.values()]])) }),
    );
  }
}
