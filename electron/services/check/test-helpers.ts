/**
 * Test wiring for checks: a real server on loopback (a demo persona, SCIMMY, a scripted liar), the
 * engine harness and a saved connection, and `run(check)` giving a check's outcome with its evidence.
 */
import { afterAll, beforeAll } from 'vitest';
import type { Capabilities } from '../../../shared/contract';
import { createEngineHarness, type EngineHarness } from '../engine/integration/harness';
import type { TargetServer } from '../engine/integration/suite';
import { CheckRun } from './context';
import type { Check, CheckOutcome } from './types';

export interface CheckTarget {
  harness: EngineHarness;
  connectionId: string;
  server: TargetServer;
  caps(): Promise<Capabilities>;
  /** A fresh run (memos not shared with earlier calls) unless one is given. */
  newRun(options?: { writes?: boolean; runId?: string; signal?: AbortSignal }): Promise<CheckRun>;
  /** Runs one check and returns its outcome and evidence (exchange ids, which `harness.exchanges` holds). */
  run(check: Check, run?: CheckRun): Promise<CheckOutcome & { evidence: string[] }>;
}

export function useCheckTarget(name: string, start: () => Promise<TargetServer>): CheckTarget {
  const target = {} as CheckTarget;
  beforeAll(async () => {
    target.server = await start();
    target.harness = await createEngineHarness();
    target.connectionId = await target.harness.connect(name, target.server.baseUrl, target.server.token);
    target.caps = () => target.harness.engine.capabilities(target.connectionId);
    target.newRun = async (options = {}) => {
      const engine = target.harness.engine;
      return new CheckRun({
        transport: { connection: engine.resolve(target.connectionId), sendRaw: (c, r) => engine.sendRaw(c, r) },
        capabilities: await target.caps(),
        signal: options.signal ?? new AbortController().signal,
        writes: options.writes ?? false,
        runId: options.runId ?? 'test',
      });
    };
    target.run = async (check, given) => {
      const run = given ?? (await target.newRun());
      const { ctx, evidence } = run.contextFor();
      const outcome = await check.run(ctx);
      return { ...outcome, evidence };
    };
  });
  afterAll(async () => {
    await target.harness?.close();
    await target.server?.close();
  });
  return target;
}
