import type { ConnectionView, JournalEntry } from '../../../../shared/contract';
import type { ConsoleSeed } from '../../stores/inspectorSlice';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
/** Set by the app on every request (credentials, framing, the default Accept), so not copied into the form. */
const NOT_COPIED = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'accept',
]);

/**
 * The console's starting point for "Edit and resend": the exchange's method, path under the
 * connection's base URL, query, the headers the user could have chosen, and body. Redacted values
 * stay "[REDACTED]" for the user to replace: the real ones were never kept.
 */
export function seedFromEntry(entry: JournalEntry, connections: readonly ConnectionView[], fallbackId: string | null): ConsoleSeed | null {
  const own = connections.find((c) => c.id === entry.connectionId);
  const connection = own ?? connections.find((c) => c.id === fallbackId) ?? connections[0];
  if (!connection) return null;
  let url: URL;
  try {
    url = new URL(entry.url);
  } catch {
    return null;
  }
  const basePath = safePath(connection.baseUrl).replace(/\/+$/, '');
  const path = basePath && url.pathname.startsWith(`${basePath}/`) ? url.pathname.slice(basePath.length) : url.pathname;
  const method = (METHODS as readonly string[]).includes(entry.method) ? (entry.method as ConsoleSeed['method']) : 'GET';
  return {
    connectionId: connection.id,
    method,
    // Kept percent-encoded: the console sends the path as typed.
    path,
    query: [...url.searchParams].map(([name, value]) => ({ name, value })),
    headers: Object.entries(entry.requestHeaders)
      .filter(([name, value]) => !NOT_COPIED.has(name) && !value.includes('[REDACTED]'))
      .map(([name, value]) => ({ name, value })),
    body: entry.requestBody?.text ?? '',
    ...(own ? {} : { note: `“${entry.connectionName}” is no longer a saved connection; this goes to “${connection.name}”.` }),
  };
}

/** An empty console on a connection. */
export const blankSeed = (connectionId: string): ConsoleSeed => ({
  connectionId,
  method: 'GET',
  path: '/Users',
  query: [{ name: 'count', value: '10' }],
  headers: [],
  body: '',
});

function safePath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return '';
  }
}
