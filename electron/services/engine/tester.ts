import { AppError, type ConnectionTestResult, type DiscoverySummary } from '../../../shared/contract';
import type { HttpClient, HttpResponse, ResolvedConnection } from '../http/client';
import { readListResponse, resourceUrl } from './list-response';
import { getCaseInsensitive, httpError, parseScimBody } from './response';

type Step = ConnectionTestResult['steps'][number];

/** "Test connection": reachability, TLS, auth, a SCIM answer, and a discovery summary, each a step that names what failed. */
export async function testConnection(client: HttpClient, connection: ResolvedConnection, signal?: AbortSignal): Promise<ConnectionTestResult> {
  const steps: Step[] = [];
  const notes: string[] = [];
  const base = connection.settings.baseUrl;
  const isHttps = new URL(base).protocol === 'https:';

  const timed = async (url: URL): Promise<{ response?: HttpResponse; error?: AppError; ms: number }> => {
    const t0 = performance.now();
    try {
      return { response: await client.send(connection, { method: 'GET', url, signal }), ms: performance.now() - t0 };
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return { error, ms: performance.now() - t0 };
    }
  };

  const spc = await timed(resourceUrl(base, 'ServiceProviderConfig'));
  if (spc.error) {
    if (spc.error.code === 'cancelled') throw spc.error;
    const failedStep = spc.error.code === 'tls' ? 'tls' : spc.error.code === 'auth' ? 'auth' : 'reachability';
    if (failedStep === 'tls') steps.push({ name: 'reachability', ok: true, message: `${new URL(base).host} accepted a connection.` });
    steps.push({ name: failedStep, ok: false, message: spc.error.message, durationMs: spc.ms });
    return { ok: false, steps };
  }
  steps.push({ name: 'reachability', ok: true, message: `${new URL(base).host} answered in ${Math.round(spc.ms)} ms.`, durationMs: spc.ms });
  if (isHttps) {
    steps.push({
      name: 'tls',
      ok: true,
      message: connection.settings.tls.allowInvalidCertificates ? 'TLS connected, but certificate checks are OFF for this connection.' : 'The certificate is valid and trusted.',
    });
  }

  const probe = await timed(resourceUrl(base, 'Users', { startIndex: 1, count: 1 }));
  if (probe.error) {
    steps.push({ name: 'scim', ok: false, message: probe.error.message, durationMs: probe.ms });
    return { ok: false, steps };
  }
  const users = probe.response!;
  if (users.status === 401 || users.status === 403) {
    steps.push({ name: 'auth', ok: false, message: httpError(users, 'Reading /Users').message, durationMs: probe.ms });
    return { ok: false, steps };
  }
  steps.push({
    name: 'auth',
    ok: true,
    message: connection.settings.auth.type === 'none' ? 'No credentials are configured and the server allowed access.' : 'The server accepted the credentials.',
  });

  let usersTotal: number | null = null;
  if (users.status === 404) {
    // A host answering 404 to everything (a wrong base URL, a web server) is not a SCIM server.
    if (!looksLikeScimJson(spc.response!)) {
      steps.push({ name: 'scim', ok: false, message: `Neither ${base}/ServiceProviderConfig nor ${base}/Users answered SCIM (both 404). Is the base URL the SCIM root (ending in /scim/v2 or similar)?`, durationMs: probe.ms });
      return { ok: false, steps };
    }
    notes.push('The server has no /Users endpoint.');
  } else if (users.status < 200 || users.status > 299) {
    steps.push({ name: 'scim', ok: false, message: httpError(users, 'Reading /Users').message, durationMs: probe.ms });
    return { ok: false, steps };
  } else {
    try {
      const parsed = parseScimBody(users, 'Reading /Users');
      const page = readListResponse(parsed.json, parsed.quirks, 'Reading /Users');
      usersTotal = page.totalResults;
      for (const quirk of page.quirks) notes.push(quirk.message);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      steps.push({ name: 'scim', ok: false, message: `${error.message} Is the base URL the SCIM root (ending in /scim/v2 or similar)?`, durationMs: probe.ms });
      return { ok: false, steps };
    }
  }
  steps.push({ name: 'scim', ok: true, message: usersTotal === null ? 'The server answers SCIM list requests.' : `The server answers SCIM: ${usersTotal.toLocaleString('en-US')} users.` });

  const summary = await discoverySummary(spc.response!, timed, notes);
  summary.usersTotal = usersTotal;
  steps.push({
    name: 'discovery',
    ok: true,
    message: summary.serviceProviderConfig
      ? `Discovery found ${summary.resourceTypes.length} resource type(s)${summary.schemaCount !== null ? ` and ${summary.schemaCount} schema(s)` : ''}.`
      : 'No discovery endpoints; the app will fall back to the RFC core schemas and probe.',
  });
  return { ok: true, steps, summary };
}

async function discoverySummary(
  spcResponse: HttpResponse,
  timed: (url: URL) => Promise<{ response?: HttpResponse; error?: AppError }>,
  notes: string[],
): Promise<DiscoverySummary> {
  const summary: DiscoverySummary = {
    serviceProviderConfig: false,
    resourceTypes: [],
    schemaCount: null,
    capabilities: { patch: null, bulk: null, filter: null, sort: null, etag: null, maxResults: null },
    usersTotal: null,
    notes,
  };
  const base = spcResponse.url.replace(/\/ServiceProviderConfig$/i, '');
  const readJson = (response: HttpResponse | undefined, name: string): unknown => {
    if (!response) return undefined;
    if (response.status === 404) {
      notes.push(`No ${name} endpoint (404).`);
      return undefined;
    }
    if (response.status < 200 || response.status > 299) {
      notes.push(`${name}: HTTP ${response.status}.`);
      return undefined;
    }
    try {
      return parseScimBody(response, name).json;
    } catch {
      notes.push(`${name} did not answer JSON.`);
      return undefined;
    }
  };
  const spc = readJson(spcResponse, 'ServiceProviderConfig');
  if (spc && typeof spc === 'object') {
    summary.serviceProviderConfig = true;
    const flag = (name: string) => {
      const entry = getCaseInsensitive(spc as Record<string, unknown>, name)?.value as Record<string, unknown> | undefined;
      const supported = entry ? getCaseInsensitive(entry, 'supported')?.value : undefined;
      return typeof supported === 'boolean' ? supported : typeof supported === 'string' ? supported.toLowerCase() === 'true' : null;
    };
    summary.capabilities = { patch: flag('patch'), bulk: flag('bulk'), filter: flag('filter'), sort: flag('sort'), etag: flag('etag'), maxResults: null };
    const filter = getCaseInsensitive(spc as Record<string, unknown>, 'filter')?.value as Record<string, unknown> | undefined;
    const max = filter ? getCaseInsensitive(filter, 'maxResults')?.value : undefined;
    summary.capabilities.maxResults = typeof max === 'number' ? max : null;
  }
  const types = readJson((await timed(new URL(`${base}/ResourceTypes`))).response, 'ResourceTypes');
  const typeList = Array.isArray(types) ? types : types && typeof types === 'object' ? getCaseInsensitive(types as Record<string, unknown>, 'Resources')?.value : undefined;
  if (Array.isArray(typeList)) {
    summary.resourceTypes = typeList
      .filter((t): t is Record<string, unknown> => typeof t === 'object' && t !== null)
      .map((t) => ({ name: String(getCaseInsensitive(t, 'name')?.value ?? '?'), endpoint: String(getCaseInsensitive(t, 'endpoint')?.value ?? '?') }));
  }
  const schemas = readJson((await timed(new URL(`${base}/Schemas`))).response, 'Schemas');
  const schemaList = Array.isArray(schemas) ? schemas : schemas && typeof schemas === 'object' ? getCaseInsensitive(schemas as Record<string, unknown>, 'Resources')?.value : undefined;
  if (Array.isArray(schemaList)) summary.schemaCount = schemaList.length;
  return summary;
}

function looksLikeScimJson(response: HttpResponse): boolean {
  if (response.status < 200 || response.status > 299) return false;
  try {
    const json = JSON.parse(response.body) as unknown;
    return typeof json === 'object' && json !== null;
  } catch {
    return false;
  }
}
