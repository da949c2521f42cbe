import { SecretScrubber } from '../journal/redact';
import { AppError } from '../../../shared/contract';

/** How many distinct secret values are remembered; the oldest go first (tokens rotate). */
const MAX_SECRETS = 1000;
/** Deeper than this a value is not walked: answers that deep are refused elsewhere. */
const MAX_DEPTH = 2000;

/**
 * The one place where everything the main side sends to the renderer (call results, errors, push
 * events) is scrubbed of credentials, with the journal's own scrubber, so a server that echoes a
 * token in an error detail, a plain-text body, an ETag or a Location header cannot put it on the
 * screen. It learns the secrets from the HTTP client, which reports every value it puts on the
 * wire (tokens, Basic credentials, API keys, OAuth client secrets and access tokens): only a sent
 * secret can be echoed back.
 */
export class OutboundRedactor {
  private readonly secrets = new Set<string>();
  private scrubber: SecretScrubber | null = null;

  remember(values: Iterable<string>): void {
    for (const value of values) {
      if (!value || this.secrets.has(value)) continue;
      this.secrets.add(value);
      this.scrubber = null;
      if (this.secrets.size > MAX_SECRETS) this.secrets.delete(this.secrets.values().next().value as string);
    }
  }

  /** A copy of the value with every secret, in every encoding it may travel in, replaced by [REDACTED]. */
  redact<T>(value: T): T {
    if (this.secrets.size === 0) return value;
    this.scrubber ??= new SecretScrubber(this.secrets);
    return walk(value, this.scrubber, 0) as T;
  }
}

function walk(value: unknown, scrubber: SecretScrubber, depth: number): unknown {
  if (typeof value === 'string') return scrubber.scrub(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > MAX_DEPTH) return '[too deeply nested to display]';
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null;
    value.forEach((item, index) => {
      const next = walk(item, scrubber, depth + 1);
      if (next !== item) (copy ??= value.slice())[index] = next;
    });
    return copy ?? value;
  }
  let changed = false;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const nextKey = scrubber.scrub(key);
    const next = walk(item, scrubber, depth + 1);
    if (nextKey !== key || next !== item) changed = true;
    out[nextKey] = next;
  }
  return changed ? out : value;
}

/** The contract's handlers with every answer and every error passed through the redactor. */
export function redactingHandlers<H extends Record<string, (input: never, ctx: never) => Promise<unknown>>>(handlers: H, redactor: OutboundRedactor): H {
  const wrapped: Record<string, (input: never, ctx: never) => Promise<unknown>> = {};
  for (const [channel, handler] of Object.entries(handlers)) {
    wrapped[channel] = async (input, ctx) => {
      try {
        return redactor.redact(await handler(input, ctx));
      } catch (error) {
        throw error instanceof AppError ? new AppError(redactor.redact(error.data)) : error;
      }
    };
  }
  return wrapped as H;
}
