import { AppError, readOnlyConsoleMethods, type ConsoleSendQuery, type JournalEntry } from '../../shared/contract';
import type { ConnectionService } from './connections/service';
import type { HttpClient } from './http/client';
import type { RequestJournal } from './journal/journal';

/**
 * The request console ("Edit and resend"): one free-form request with a saved connection's
 * credentials. Credentials only ever go to the connection's own origin, read-only connections send
 * GET only, and the caller gets the journal's redacted record, never the raw exchange.
 */
export interface ConsoleDeps {
  connections: Pick<ConnectionService, 'resolve'>;
  http: Pick<HttpClient, 'send'>;
  journal: Pick<RequestJournal, 'get'>;
}

/** The request's URL under the base URL; refused if it would leave the connection's origin. */
export function consoleUrl(baseUrl: string, path: string, query: ConsoleSendQuery['query']): URL {
  const base = new URL(baseUrl);
  const trimmed = path.replace(/^\/+/, '');
  const url = new URL(`${base.href.replace(/\/+$/, '')}/${trimmed}`);
  if (url.origin !== base.origin) {
    throw new AppError({ code: 'invalid_input', message: `The console sends only to the connection's server (${base.origin}).` });
  }
  for (const { name, value } of query) url.searchParams.append(name, value);
  return url;
}

export async function sendConsoleRequest(deps: ConsoleDeps, input: ConsoleSendQuery, signal?: AbortSignal): Promise<JournalEntry> {
  const connection = deps.connections.resolve(input.connectionId);
  // Stricter than the engine (which lets POST /.search through): in a free-form console, only GET and HEAD read for sure.
  const hasBody = input.body !== undefined && input.body !== '';
  if (connection.settings.readOnly && (!(readOnlyConsoleMethods as readonly string[]).includes(input.method) || hasBody)) {
    throw new AppError({
      code: 'read_only',
      message: (readOnlyConsoleMethods as readonly string[]).includes(input.method)
        ? `"${connection.settings.name}" is read-only: the console sends ${input.method} without a body on it. Clear the body to send it.`
        : `"${connection.settings.name}" is read-only: the console sends only GET and HEAD requests on it. Turn off read-only mode in the connection's settings to send ${input.method}.`,
    });
  }
  const url = consoleUrl(connection.settings.baseUrl, input.path, input.query);
  const headers: Record<string, string> = {};
  for (const { name, value } of input.headers) headers[name.toLowerCase()] = value;
  if (input.body !== undefined && input.body !== '' && !('content-type' in headers)) headers['content-type'] = 'application/scim+json';
  const response = await deps.http.send(connection, {
    method: input.method,
    url,
    headers,
    ...(hasBody ? { body: input.body } : {}),
    allowMethodOverride: input.allowMethodOverride,
    ...(signal ? { signal } : {}),
  });
  return deps.journal.get(response.exchangeId);
}
