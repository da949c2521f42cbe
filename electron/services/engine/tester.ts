import { AppError, type Capabilities, type ConnectionTestResult, type DiscoverySummary } from '../../../shared/contract';
import type { HttpClient, ResolvedConnection } from '../http/client';
import { discover } from './discovery';
import { readListResponse, resourceUrl } from './list-response';
import { Requester } from './requester';

type Step = ConnectionTestResult['steps'][number];
const ROOT_HINT = 'Is the base URL the SCIM root (ending in /scim/v2 or similar)?';

/**
 * "Test connection": reachability, TLS, auth, a SCIM answer, and a discovery summary, each a step
 * that names what failed. Discovery is the engine's own, so a test sees what browsing will see.
 */
export async function testConnection(client: HttpClient, connection: ResolvedConnection, signal?: AbortSignal): Promise<ConnectionTestResult> {
  const steps: Step[] = [];
  const base = connection.settings.baseUrl;
  const host = new URL(base).host;
  // A draft under test must not add quirks to any saved connection's report.
  const requester = new Requester(client, (_key, _exchange, quirks) => quirks);
  const timed = async <T>(work: () => Promise<T>): Promise<{ value?: T; error?: AppError; ms: number }> => {
    const t0 = performance.now();
    try {
      return { value: await work(), ms: performance.now() - t0 };
    } catch (error) {
      if (!(error instanceof AppError) || error.code === 'cancelled') throw error;
      return { error, ms: performance.now() - t0 };
    }
  };

  // Reachability and TLS: any HTTP answer at all will do.
  const reach = await timed(() => client.send(connection, { method: 'GET', url: resourceUrl(base, 'ServiceProviderConfig'), signal }));
  if (reach.error) {
    const failedStep = reach.error.code === 'tls' ? 'tls' : reach.error.code === 'auth' ? 'auth' : 'reachability';
    if (failedStep === 'tls') steps.push({ name: 'reachability', ok: true, message: `${host} accepted a connection.` });
    steps.push({ name: failedStep, ok: false, message: reach.error.message, durationMs: reach.ms });
    return { ok: false, steps };
  }
  steps.push({ name: 'reachability', ok: true, message: `${host} answered in ${Math.round(reach.ms)} ms.`, durationMs: reach.ms });
  if (new URL(base).protocol === 'https:') {
    steps.push({
      name: 'tls',
      ok: true,
      message: connection.settings.tls.allowInvalidCertificates
        ? 'TLS connected, but certificate checks are OFF for this connection.'
        : 'The certificate is valid and trusted.',
    });
  }

  const discovered = await timed(() => discover(requester, connection, connection.key, signal));
  if (discovered.error) {
    steps.push({ name: discovered.error.code === 'auth' ? 'auth' : 'scim', ok: false, message: discovered.error.message, durationMs: discovered.ms });
    return { ok: false, steps };
  }
  const caps = discovered.value!;

  // One page of users proves the credentials and that the answer is SCIM.
  const userType = caps.resourceTypes.find((t) => t.name.toLowerCase() === 'user');
  const endpoint = userType?.endpoint ?? '/Users';
  const probe = await timed(() =>
    requester.request(connection, { method: 'GET', url: resourceUrl(base, endpoint, { startIndex: 1, count: 1 }), what: `Reading ${endpoint}`, signal }),
  );
  if (probe.error?.code === 'auth') {
    steps.push({ name: 'auth', ok: false, message: probe.error.message, durationMs: probe.ms });
    return { ok: false, steps };
  }
  const scimAnswered = probe.value !== undefined || caps.discovery.serviceProviderConfig || caps.resourceTypes.length > 0;
  if (!scimAnswered) {
    const message =
      probe.error?.status === 404
        ? `Neither ${base}/ServiceProviderConfig nor ${base}/Users answered SCIM (both 404). ${ROOT_HINT}`
        : `${probe.error?.message ?? 'The server did not answer SCIM.'} ${ROOT_HINT}`;
    steps.push({ name: 'scim', ok: false, message, durationMs: probe.ms });
    return { ok: false, steps };
  }
  steps.push({
    name: 'auth',
    ok: true,
    message: connection.settings.auth.type === 'none' ? 'No credentials are configured and the server allowed access.' : 'The server accepted the credentials.',
  });

  const notes = [...caps.notes, ...caps.quirks.map((q) => q.message)];
  let usersTotal: number | null = null;
  if (probe.value) {
    try {
      const page = readListResponse(probe.value.json, [...probe.value.quirks], `Reading ${endpoint}`);
      usersTotal = page.totalResults;
      for (const quirk of page.quirks) if (!notes.includes(quirk.message)) notes.push(quirk.message);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      steps.push({ name: 'scim', ok: false, message: `${error.message} ${ROOT_HINT}`, durationMs: probe.ms });
      return { ok: false, steps };
    }
  } else {
    // Discovery answering is not enough: a connection that passes must be able to list users.
    steps.push({ name: 'scim', ok: false, message: `Discovery answered, but listing ${endpoint} failed: ${probe.error!.message}`, durationMs: probe.ms });
    return { ok: false, steps };
  }
  // And groups, where the server has them.
  const groupType = caps.resourceTypes.find((t) => t.name.toLowerCase() === 'group');
  let groupsTotal: number | null = null;
  if (groupType) {
    const groups = await timed(async () => {
      const answer = await requester.request(connection, {
        method: 'GET',
        url: resourceUrl(base, groupType.endpoint, { startIndex: 1, count: 1, excludedAttributes: 'members' }),
        what: `Reading ${groupType.endpoint}`,
        signal,
      });
      return readListResponse(answer.json, [...answer.quirks], `Reading ${groupType.endpoint}`);
    });
    if (groups.error) {
      steps.push({ name: 'scim', ok: false, message: `Users list, but listing ${groupType.endpoint} failed: ${groups.error.message}`, durationMs: groups.ms });
      return { ok: false, steps };
    }
    groupsTotal = groups.value!.totalResults ?? groups.value!.resources.length;
  }
  const counted = [
    usersTotal !== null && `${usersTotal.toLocaleString('en-US')} users`,
    groupsTotal !== null && `${groupsTotal.toLocaleString('en-US')} groups`,
  ]
    .filter(Boolean)
    .join(' and ');
  steps.push({ name: 'scim', ok: true, message: counted ? `The server answers SCIM: listed ${counted}.` : 'The server answers SCIM: users listed.' });

  const summary = toSummary(caps, usersTotal, notes);
  steps.push({
    name: 'discovery',
    ok: true,
    message: summary.serviceProviderConfig
      ? `Discovery found ${summary.resourceTypes.length} resource type(s)${summary.schemaCount !== null ? ` and ${summary.schemaCount} schema(s)` : ''}.`
      : `No ServiceProviderConfig; found ${summary.resourceTypes.map((t) => t.endpoint).join(', ') || 'no resource types'} by probing and will use the RFC core schemas.`,
  });
  return { ok: true, steps, summary };
}

function toSummary(caps: Capabilities, usersTotal: number | null, notes: string[]): DiscoverySummary {
  return {
    serviceProviderConfig: caps.discovery.serviceProviderConfig,
    resourceTypes: caps.resourceTypes.map((t) => ({ name: t.name, endpoint: t.endpoint })),
    schemaCount: caps.discovery.schemas ? caps.schemas.length : null,
    capabilities: {
      patch: caps.patch,
      bulk: caps.bulk.supported,
      filter: caps.filter.supported,
      sort: caps.sort,
      etag: caps.etag,
      maxResults: caps.filter.maxResults,
    },
    usersTotal,
    notes,
  };
}
