import { DEFAULT_MAX_TIMEOUT_ATTEMPTS, worstCaseWaitMs } from '../../../shared/reliability';

const seconds = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/**
 * The hint next to a connection's timeout: the longest one request can wait on a server that never
 * answers (every allowed attempt runs to the timeout, every backoff at its longest). Null while the
 * typed timeout is not a usable number (the field's own error says why).
 */
export function worstCaseHint(timeoutText: string): string | null {
  const timeoutMs = Number(timeoutText.trim());
  if (timeoutText.trim() === '' || !Number.isInteger(timeoutMs) || timeoutMs < 1000 || timeoutMs > 600_000) return null;
  return `A server that never answers keeps a request waiting at most ${seconds.format(worstCaseWaitMs(timeoutMs) / 1000)} s (timeout × ${DEFAULT_MAX_TIMEOUT_ATTEMPTS} attempts + backoff).`;
}
