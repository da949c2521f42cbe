/**
 * Versioning (RFC 7644 §3.14): a GET of one sampled user must carry an ETag header and meta.version
 * that agree, and `If-None-Match` with that tag must give 304 (with another tag, 200). Where the
 * server sends no tag, ServiceProviderConfig decides: it said so (unsupported), or it claimed ETags (fail).
 */
import type { Verdict } from '../../../../shared/check';
import { fail, ignored, pass, skipped, unsupported, warn, type Check, type CheckContext, type CheckOutcome, type ProbeResponse } from '../types';
import { describeStatus, idOf, prop, userSample } from './sample';

const RFC = 'RFC 7644 §3.14';
const opaque = (tag: string) => tag.trim().replace(/^W\//i, '');

type One = { ok: true; path: string; response: ProbeResponse; header?: string; version?: string } | { ok: false; why: string };

/** One sampled user read by id, once per run. */
function oneUser(ctx: CheckContext): Promise<One> {
  return ctx.memo('query.users.one', async (): Promise<One> => {
    const s = await userSample(ctx);
    if (!s.ok) return { ok: false, why: s.why };
    const path = `${s.endpoint}/${encodeURIComponent(idOf(s.users[0]!))}`;
    const response = await ctx.send({ method: 'GET', path });
    if (response.status !== 200) return { ok: false, why: `GET ${path} answered ${describeStatus(response)}.` };
    const version = prop(prop(response.json, 'meta'), 'version');
    return { ok: true, path, response, header: response.headers.etag || undefined, version: typeof version === 'string' && version ? version : undefined };
  });
}

/** No tag at all: honest when ServiceProviderConfig does not claim ETags. */
function noTag(ctx: CheckContext, what: string): CheckOutcome {
  if (ctx.capabilities.etag === true) return fail(`${what} ServiceProviderConfig says etag is supported.`);
  const said = ctx.capabilities.etag === false ? 'says etag is not supported' : 'does not claim ETag support';
  return unsupported(`${what} ServiceProviderConfig ${said}.`);
}

async function version(ctx: CheckContext): Promise<CheckOutcome> {
  const one = await oneUser(ctx);
  if (!one.ok) return skipped(one.why);
  const { header, version: meta } = one;
  const spcNo = ctx.capabilities.etag === false ? ' though ServiceProviderConfig says etag is not supported' : '';
  if (!header && !meta) return noTag(ctx, `GET ${one.path} sent no ETag header and no meta.version.`);
  if (header && !meta) return warn(`GET ${one.path} sent ETag ${header} but no meta.version${spcNo}.`);
  if (!header && meta) return warn(`GET ${one.path} sent meta.version ${meta} but no ETag header${spcNo}.`);
  if (opaque(header!) !== opaque(meta!)) return fail(`GET ${one.path} sent ETag ${header} but meta.version ${meta}: they must be the same version.`);
  if (spcNo) return warn(`GET ${one.path} sent ETag ${header} and the same meta.version${spcNo}.`);
  return pass(`GET ${one.path} sent ETag ${header} and the same meta.version.`);
}

async function ifNoneMatch(ctx: CheckContext): Promise<CheckOutcome> {
  const one = await oneUser(ctx);
  if (!one.ok) return skipped(one.why);
  const tag = one.header ?? one.version;
  if (!tag) return noTag(ctx, `GET ${one.path} sent no ETag to send back.`);
  const same = await ctx.send({ method: 'GET', path: one.path, headers: { 'if-none-match': tag } });
  const other = await ctx.send({ method: 'GET', path: one.path, headers: { 'if-none-match': 'W/"scimdesk-check-stale"' } });
  if (other.status === 304) return fail(`If-None-Match with a tag the resource never had gave 304: the server answers 304 whatever the tag.`);
  if (same.status === 304) {
    if (other.status !== 200) return fail(`If-None-Match: ${tag} gave 304, but another tag gave ${describeStatus(other)} instead of the resource.`);
    return pass(`If-None-Match: ${tag} gave 304 Not Modified; another tag gave 200 with the resource.`);
  }
  if (same.status === 200) {
    const message = `If-None-Match: ${tag} (the current version) gave 200 with the whole resource instead of 304.`;
    return ctx.capabilities.etag === true ? ignored(message) : unsupported(`${message} ServiceProviderConfig does not claim ETag support.`);
  }
  return fail(`If-None-Match: ${tag} gave ${describeStatus(same)}.`);
}

const meaning: Partial<Record<Verdict, string>> = {
  pass: 'Clients can detect changes and avoid lost updates with ETags.',
  warn: 'ETags work, reported in only one of the places clients look.',
  fail: 'ETags are inconsistent: clients relying on them act on wrong versions.',
  ignored: 'The server sends ETags but ignores them in conditional requests: clients re-read what did not change.',
  unsupported: 'The server has no ETags, and does not claim any: clients cannot guard against lost updates.',
  skipped: 'Not tested: no user to read.',
};

export const versioningChecks: Check[] = [
  {
    id: 'etag.version',
    title: 'ETag header and meta.version on GET',
    rfc: `${RFC}, RFC 7643 §3.1`,
    group: 'versioning',
    writes: false,
    profiles: ['rfc'],
    meaning,
    run: version,
  },
  {
    id: 'etag.if-none-match',
    title: 'If-None-Match with the current ETag gives 304',
    rfc: RFC,
    group: 'versioning',
    writes: false,
    profiles: ['rfc'],
    meaning,
    run: ifNoneMatch,
  },
];
