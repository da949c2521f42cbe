/**
 * If-Match (RFC 7644 §3.14, RFC 7232 §3.1) on the test user: a change with the current version is
 * accepted and makes a new one; a change with the version it replaced must get 412 Precondition
 * Failed and leave the user as it was. Where the server sends no version, ServiceProviderConfig
 * decides between an honest "unsupported" and a claim it does not keep.
 */
import { encodePatch } from '../../../../shared/patch';
import { fail, ignored, pass, skipped, unsupported, warn, type Check, type CheckContext, type CheckOutcome } from '../types';
import { shown, valueAt } from './patch-judge';
import { describeStatus, prop } from './sample';
import { isSuccess, need, readBack, untestable, type Read } from './write-kit';

const tagOf = (read: Read): string | undefined => {
  const header = read.response.headers.etag;
  const version = prop(prop(read.resource, 'meta'), 'version');
  return header || (typeof version === 'string' && version ? version : undefined);
};

const PATH = 'name.familyName';
const patchBody = (value: string) => encodePatch([{ op: 'replace', path: PATH, value }], 'rfc');

async function ifMatchStale(ctx: CheckContext): Promise<CheckOutcome> {
  const user = await need(ctx, 'user');
  if (!user.ok) return user.outcome;
  const why = untestable(ctx, 'User', PATH);
  if (why) return skipped(`No change to make under If-Match: ${why}.`);
  const read = await readBack(ctx, user.made);
  if (!read.resource) return fail(`GET /${user.made.path} answered ${describeStatus(read.response)}.`);
  const stale = tagOf(read);
  if (!stale) {
    const what = `GET /${user.made.path} sent no ETag and no meta.version to send back in If-Match.`;
    if (ctx.capabilities.etag === true) return fail(`${what} ServiceProviderConfig says etag is supported.`);
    return unsupported(`${what} ServiceProviderConfig ${ctx.capabilities.etag === false ? 'says etag is not supported' : 'does not claim ETag support'}.`);
  }
  const current = await ctx.send({ method: 'PATCH', path: user.made.path, headers: { 'if-match': stale }, body: patchBody('Check user current') });
  if (!isSuccess(current)) return fail(`PATCH with If-Match: ${stale} (the current version) answered ${describeStatus(current)}.`);
  const refused = await ctx.send({ method: 'PATCH', path: user.made.path, headers: { 'if-match': stale }, body: patchBody('Check user stale') });
  const after = await readBack(ctx, user.made);
  const now = valueAt(after.resource, PATH);
  const said = `PATCH with the replaced version ${stale} in If-Match answered ${describeStatus(refused)}`;
  if (refused.status === 412) {
    if (now === 'Check user stale') return fail(`${said}, yet the change was applied.`);
    return pass(`${said}; the current version was accepted, and ${PATH} is still ${shown(now)}.`);
  }
  if (isSuccess(refused)) {
    const message = `${said}: the stale version was not checked and ${PATH} is now ${shown(now)}.`;
    // As for If-None-Match: versions handed out without a claim of ETag support are not a promise broken.
    if (ctx.capabilities.etag === true) return ignored(`${message} ServiceProviderConfig says etag is supported.`);
    return unsupported(`${message} ServiceProviderConfig ${ctx.capabilities.etag === false ? 'says etag is not supported' : 'does not claim ETag support'}.`);
  }
  if (refused.status === 409) return warn(`${said} instead of 412 Precondition Failed.`);
  return fail(`${said}, not 412 Precondition Failed.`);
}

export const ifMatchCheck: Check = {
  id: 'etag.if-match-stale',
  title: 'If-Match with a stale version gets 412',
  rfc: 'RFC 7644 §3.14',
  group: 'versioning',
  writes: true,
  profiles: ['rfc'],
  meaning: {
    pass: 'Clients can guard their changes with If-Match: a concurrent change is never overwritten.',
    warn: 'Stale versions are refused, with another status than clients look for.',
    fail: 'If-Match does not work as the RFC says: clients cannot guard against lost updates.',
    ignored: 'The server hands out versions but does not check them: concurrent changes overwrite each other silently.',
    unsupported: 'The server has no versions: clients cannot guard against lost updates.',
  },
  run: ifMatchStale,
};
