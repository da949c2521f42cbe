/**
 * The entity tag of a SCIM resource: the ETag header if the server sent one, else the body's
 * `meta.version` (RFC 7644 §3.14 says they match). Returned exactly as sent, weak `W/` prefix and
 * quotes included, because If-Match must echo it byte for byte.
 */
export function readEtag(headers: Record<string, string | undefined> | undefined, body?: unknown): string | undefined {
  const header = valueOf(headers, 'etag');
  if (typeof header === 'string' && header.trim()) return header.trim();
  const meta = valueOf(body, 'meta');
  const version = valueOf(meta, 'version');
  if (typeof version === 'string' && version.trim()) return version.trim();
  return undefined;
}

/** A property looked up case-insensitively: servers disagree on "meta" vs "Meta". */
function valueOf(source: unknown, name: string): unknown {
  if (!source || typeof source !== 'object' || Array.isArray(source)) return undefined;
  const record = source as Record<string, unknown>;
  if (name in record) return record[name];
  const key = Object.keys(record).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : record[key];
}

export interface EtagKey {
  /** The connection the resource lives on (the same key the HTTP client uses). */
  connectionKey: string;
  /** The resource's location URL or its endpoint-and-id; whichever, used consistently. */
  resource: string;
}

/** A structured key, or a string the caller has already composed from the connection and resource (used as is). */
export type EtagCacheKey = EtagKey | string;

export const DEFAULT_ETAG_CACHE_ENTRIES = 50_000;

/**
 * The last-seen ETag of each resource, so an edit can send If-Match without re-reading first.
 * Bounded: the least recently used entries go first, so a long session's browsing cannot grow it forever.
 */
export class EtagCache {
  // A Map iterates in insertion order; re-inserting on use keeps the oldest entry first.
  private readonly entries = new Map<string, string>();

  constructor(private readonly maxEntries: number = DEFAULT_ETAG_CACHE_ENTRIES) {
    if (!Number.isFinite(maxEntries) || maxEntries < 1) throw new RangeError(`An ETag cache needs room for at least 1 entry (got ${maxEntries}).`);
  }

  get size(): number {
    return this.entries.size;
  }

  /** Records the resource's current ETag; an empty or missing one forgets any stale tag instead. */
  remember(key: EtagCacheKey, etag: string | undefined): void {
    const id = idOf(key);
    this.entries.delete(id);
    if (!etag) return;
    this.entries.set(id, etag);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }

  get(key: EtagCacheKey): string | undefined {
    const id = idOf(key);
    const etag = this.entries.get(id);
    if (etag === undefined) return undefined;
    this.entries.delete(id);
    this.entries.set(id, etag);
    return etag;
  }

  forget(key: EtagCacheKey): void {
    this.entries.delete(idOf(key));
  }

  /**
   * Drops every tag of one connection, e.g. when it is edited to point elsewhere or deleted.
   * Covers structured keys only: a caller-composed string key is opaque to the cache.
   */
  forgetConnection(connectionKey: string): void {
    const prefix = `${connectionKey}\u0000`;
    for (const id of [...this.entries.keys()]) if (id.startsWith(prefix)) this.entries.delete(id);
  }

  clear(): void {
    this.entries.clear();
  }
}

// NUL cannot occur in a connection key or a URL, so the pair maps to one string unambiguously
// and never collides with a caller-composed string key.
function idOf(key: EtagCacheKey): string {
  return typeof key === 'string' ? key : `${key.connectionKey}\u0000${key.resource}`;
}
