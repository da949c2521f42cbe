/**
 * Test wiring for the write checks: what a run registered as created, the names its requests wrote,
 * and what the server still holds under the check's name prefix (listed straight from the server,
 * not through the code under test).
 */
import type { CheckResult, Verdict } from '../../../shared/check';
import type { RawExchange } from '../http/client';
import type { CheckRun } from './context';

export type Leftover = { endpoint: string; id: string; name: string };

/** Everything checks of `run` register with `ctx.created`, in order (the run's own bookkeeping stays as it is). */
export function recordCreated(run: CheckRun): Leftover[] {
  const created: Leftover[] = [];
  const contextFor = run.contextFor.bind(run);
  run.contextFor = (options) => {
    const given = contextFor(options);
    const inner = given.ctx.created;
    return {
      evidence: given.evidence,
      ctx: {
        ...given.ctx,
        created: (item) => {
          created.push(item);
          inner(item);
        },
      },
    };
  };
  return created;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** userName/displayName values a run's requests wrote: POST bodies (and bulk operations' data) and displayName replaces. */
export function namesWritten(exchanges: readonly RawExchange[]): string[] {
  const names: string[] = [];
  const take = (body: unknown) => {
    if (!isObject(body)) return;
    // A user's name is its userName (its displayName is just a label); a group's is its displayName.
    const name = typeof body.userName === 'string' ? body.userName : body.displayName;
    if (typeof name === 'string') names.push(name);
  };
  for (const exchange of exchanges) {
    if (!exchange.requestBody) continue;
    const body: unknown = JSON.parse(exchange.requestBody);
    if (exchange.method === 'POST' && /\/Bulk$/i.test(new URL(exchange.url).pathname) && isObject(body) && Array.isArray(body.Operations)) {
      for (const op of body.Operations) if (isObject(op) && op.method === 'POST') take(op.data);
    } else if (exchange.method === 'POST' && !/\/\.search$/.test(exchange.url)) take(body);
    else if (exchange.method === 'PATCH' && isObject(body) && Array.isArray(body.Operations)) {
      for (const op of body.Operations) if (isObject(op) && op.path === 'displayName' && typeof op.value === 'string') names.push(op.value);
    }
  }
  return [...new Set(names)];
}

/** The names under `scimdesk-check-` the server lists now, users and groups (matched here too: some servers ignore filters). */
export async function listedCheckResources(baseUrl: string, token: string, endpoints = { users: 'Users', groups: 'Groups' }): Promise<string[]> {
  const names: string[] = [];
  for (const [endpoint, attribute] of [
    [endpoints.users, 'userName'],
    [endpoints.groups, 'displayName'],
  ] as const) {
    const url = new URL(`${baseUrl}/${endpoint}`);
    url.searchParams.set('filter', `${attribute} sw "scimdesk-check-"`);
    url.searchParams.set('count', '1000');
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'application/scim+json' } });
    if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}`);
    const body = (await response.json()) as unknown;
    const list = Array.isArray(body) ? body : isObject(body) ? (body.Resources ?? body.resources) : undefined;
    for (const r of Array.isArray(list) ? list : []) if (isObject(r) && String(r[attribute]).startsWith('scimdesk-check-')) names.push(String(r[attribute]));
  }
  return names;
}

export const verdictsOf = (results: readonly CheckResult[]): Record<string, Verdict> => Object.fromEntries(results.map((r) => [r.id, r.verdict]));
export const resultOf = (results: readonly CheckResult[], id: string): CheckResult => results.find((r) => r.id === id)!;
