/**
 * Paging (RFC 7644 §3.4.2.4, RFC 9865 cursors): windows compared with the sampled first page, count=0,
 * a walk that never pages a large tenant whole (the first pages plus the list's end prove the same
 * thing), a count above maxResults, cursor paging where advertised, and Okta's startIndex/count=100.
 */
import type { Verdict } from '../../../../shared/check';
import { fail, ignored, pass, skipped, unsupported, warn, type Check, type CheckContext, type CheckOutcome } from '../types';
import { describeStatus, idOf, isRefusal, nameOf, readList, SAMPLE_COUNT, userSample, type ListAnswer, type UserSample } from './sample';

type Sample = Extract<UserSample, { ok: true }>;
const RFC = 'RFC 7644 §3.4.2.4';
/** Tenants up to this size are walked whole; larger ones by their first pages and their end. */
const WALK_ALL = 300;
/** The largest count the cap probe asks for (with `attributes=id`, a few hundred kB). */
const CAP_PROBE_LIMIT = 2000;

const same = (a: string[], b: string[]) => a.length === b.length && a.every((v, i) => v === b[i]);

async function page(ctx: CheckContext, s: Sample, query: Record<string, string | number>): Promise<ListAnswer> {
  return readList(await ctx.send({ method: 'GET', path: s.endpoint, query }));
}

const meaning = (ok: string, bad: string): Partial<Record<Verdict, string>> => ({
  pass: ok,
  warn: `${ok} With a deviation clients tolerate.`,
  fail: bad,
  ignored: `The server accepts the paging parameter and does not apply it: ${bad[0]!.toLowerCase()}${bad.slice(1)}`,
  unsupported: 'The server says it does not do this: clients must page another way.',
  skipped: 'Not tested: the data or the server offered nothing to test it on.',
});

/** Runs `body` on the sample, or skips with why there is none. */
function withSample(body: (ctx: CheckContext, s: Sample) => Promise<CheckOutcome>): (ctx: CheckContext) => Promise<CheckOutcome> {
  return async (ctx) => {
    const s = await userSample(ctx);
    return s.ok ? body(ctx, s) : skipped(s.why);
  };
}

async function startIndex(ctx: CheckContext, s: Sample): Promise<CheckOutcome> {
  const n = s.users.length;
  if (n < 4) return skipped(`Only ${n} users on the first page: too few to compare two windows.`);
  const size = Math.min(5, Math.floor(n / 2));
  const k = Math.min(10, n - size - 1); // 0-based offset; leaves room to recognise a 0-based server
  const start = k + 1;
  const asked = `startIndex=${start}&count=${size}`;
  const a = await page(ctx, s, { startIndex: start, count: size });
  if (isRefusal(a.response)) return unsupported(`${asked} was refused: ${describeStatus(a.response)}.`);
  if (a.problem) return fail(`${asked} failed: ${a.problem}.`);
  const got = a.resources.map(idOf);
  const window = (from: number) => s.users.slice(from, from + size).map(idOf);
  if (got.length > size) return ignored(`count=${size} gave ${got.length} resources (${asked}).`);
  if (same(got, window(k))) {
    // A 0-based server agrees with itself; startIndex=0 (read as 1, RFC 7644 §3.4.2.4) shows the resource startIndex=1 skips.
    const zero = await page(ctx, s, { startIndex: 0, count: size });
    const head = zero.resources.map(idOf);
    if (!zero.problem && head.length > 1 && same(head.slice(1), window(0).slice(0, head.length - 1)) && !s.users.some((u) => idOf(u) === head[0])) {
      return fail(`startIndex is counted from 0: startIndex=0 gave ${nameOf(zero.resources[0]!)} first, which startIndex=1 skips.`);
    }
    const zeroSaid = zero.problem ? `startIndex=0 (to be read as 1) failed: ${zero.problem}` : 'startIndex=0 started where 1 does';
    return pass(`${asked} gave resources ${start}–${start + size - 1} exactly as startIndex=1&count=${SAMPLE_COUNT} had them; ${zeroSaid}.`);
  }
  if (same(got, window(0))) return ignored(`${asked} gave the first ${size} resources again: startIndex was not applied.`);
  if (same(got, window(k + 1))) return fail(`startIndex is counted from 0: ${asked} gave resources ${start + 1}–${start + size}.`);
  if (same(got, window(k - 1))) return fail(`${asked} gave resources ${start - 1}–${start + size - 2}: off by one.`);
  if (got.length < size) return fail(`${asked} gave ${got.length} resources of ${s.total}.`);
  const common = got.filter((id) => window(k).includes(id)).length;
  if (common === size) return warn(`${asked} gave resources ${start}–${start + size - 1}, in another order than the first page had them.`);
  return fail(
    `${asked} gave resources that are not at positions ${start}–${start + size - 1} of the first page (${common} of ${size} in common): the order is not stable between requests.`,
  );
}

async function countZero(ctx: CheckContext, s: Sample): Promise<CheckOutcome> {
  const a = await page(ctx, s, { count: 0 });
  if (isRefusal(a.response)) return unsupported(`count=0 was refused: ${describeStatus(a.response)}.`);
  if (a.problem) return fail(`count=0 failed: ${a.problem}.`);
  if (a.resources.length) return ignored(`count=0 gave ${a.resources.length} resources, where only totalResults belongs.`);
  if (a.totalResults === null) return fail('count=0 gave no resources and no totalResults either.');
  if (a.totalResults !== s.total) return fail(`count=0 said totalResults ${a.totalResults}, startIndex=1&count=${SAMPLE_COUNT} said ${s.total}.`);
  return pass(`count=0 gave totalResults ${a.totalResults} and no resources.`);
}

/** Pages from startIndex 1 with `size`, advancing by what came back, until `want` ids or `maxPages`. */
async function walkPages(ctx: CheckContext, s: Sample, size: number, want: number, maxPages: number) {
  const seen = new Set<string>();
  let duplicates = 0;
  let pages = 0;
  let start = 1;
  while (seen.size + duplicates < want && pages < maxPages) {
    const a = await page(ctx, s, { startIndex: start, count: size });
    pages += 1;
    if (a.problem) return { problem: `startIndex=${start}&count=${size} failed: ${a.problem}`, seen, duplicates, pages };
    if (!a.resources.length) break;
    for (const r of a.resources) {
      if (seen.has(idOf(r))) duplicates += 1;
      else seen.add(idOf(r));
    }
    start += a.resources.length;
  }
  return { seen, duplicates, pages };
}

async function walk(ctx: CheckContext, s: Sample): Promise<CheckOutcome> {
  const total = s.answer.totalResults;
  if (total === null) return skipped('The list has no totalResults to walk towards.');
  if (total <= WALK_ALL) {
    const size = Math.max(1, Math.ceil(total / 4));
    const w = await walkPages(ctx, s, size, total, 8);
    const walked = `Walked all ${total} users in ${w.pages} pages of count=${size}`;
    if (w.problem) return fail(`${w.problem}.`);
    if (w.duplicates) return fail(`${walked}: ${w.duplicates} duplicates, ${Math.max(0, total - w.seen.size)} missing.`);
    if (w.seen.size < total) return fail(`The walk ended after ${w.seen.size} of totalResults ${total} (pages of count=${size}): a gap.`);
    return pass(`${walked}: ${w.seen.size} distinct, no duplicates, no gaps.`);
  }
  // A large tenant: the first pages must equal the sampled first page, and the list must end exactly at totalResults.
  const covered = s.users.map(idOf);
  const size = Math.max(1, Math.ceil(covered.length / 4));
  const w = await walkPages(ctx, s, size, covered.length, 6);
  if (w.problem) return fail(`${w.problem}.`);
  const sample = `the first ${covered.length} of ${total} in ${w.pages} pages of count=${size}`;
  const missing = covered.filter((id) => !w.seen.has(id)).length;
  if (w.duplicates || missing) return fail(`Walked ${sample}: ${w.duplicates} duplicates, ${missing} of startIndex=1&count=${SAMPLE_COUNT}'s users missing.`);
  const tailStart = total - 4;
  const tail = await page(ctx, s, { startIndex: tailStart, count: 10 });
  if (tail.problem) return fail(`startIndex=${tailStart}&count=10 failed: ${tail.problem}.`);
  const end = `startIndex=${tailStart}&count=10 gave ${tail.resources.length}`;
  if (tail.resources.length !== 5) return fail(`Walked ${sample} fine, but ${end} where the last 5 of totalResults ${total} belong.`);
  return pass(`Walked ${sample} (only a sample of this tenant): the same users as one page, no duplicates, no gaps; ${end}, so the list ends at totalResults.`);
}

async function countCapped(ctx: CheckContext, s: Sample): Promise<CheckOutcome> {
  const max = ctx.capabilities.filter.maxResults ?? ctx.capabilities.paging.maxPageSize;
  const count = max !== null ? Math.min(max + 1, CAP_PROBE_LIMIT) : CAP_PROBE_LIMIT;
  // `attributes=id` keeps a thousand-resource answer small; a server refusing it is asked again without.
  let a = await page(ctx, s, { startIndex: 1, count, attributes: 'id' });
  if (isRefusal(a.response)) a = await page(ctx, s, { startIndex: 1, count });
  if (a.problem) return fail(`count=${count} failed: ${a.problem}.`);
  const total = a.totalResults ?? s.total;
  const got = a.resources.length;
  const said = max !== null ? `ServiceProviderConfig's maxResults is ${max}` : 'ServiceProviderConfig names no maxResults';
  if (max !== null && got > max) return warn(`count=${count} gave ${got} resources, more than maxResults ${max}: ServiceProviderConfig understates the cap.`);
  const want = Math.min(count, total, max ?? Infinity);
  if (got < want) return ignored(`count=${count} gave ${got} of ${total} resources: capped at ${got} without saying so (${said}).`);
  if (max !== null && count > max && total > max)
    return pass(`count=${count} gave ${got} of ${total}: capped at maxResults ${max}, as ServiceProviderConfig says.`);
  if (total < count)
    return skipped(`count=${count} gave all ${total} users: with so few, ${max !== null ? `the cap at maxResults ${max}` : 'a cap'} cannot show.`);
  return pass(`count=${count} gave ${got} of ${total}: honoured (${said}, above what this check asks for).`);
}

async function cursor(ctx: CheckContext, s: Sample): Promise<CheckOutcome> {
  if (!ctx.capabilities.paging.cursor) return unsupported('ServiceProviderConfig does not advertise cursor paging (RFC 9865 pagination.cursor).');
  const size = 5;
  if (s.total <= size) return skipped(`Only ${s.total} users: one cursor page holds them all.`);
  const a = await page(ctx, s, { cursor: '', count: size });
  if (a.problem) return fail(`Cursor paging is advertised, but cursor=&count=${size} failed: ${a.problem}.`);
  if (!a.nextCursor)
    return ignored(`cursor=&count=${size} gave ${a.resources.length} of ${s.total} resources and no nextCursor: the cursor parameter was not applied.`);
  const b = await page(ctx, s, { cursor: a.nextCursor, count: size });
  if (b.problem) return fail(`cursor=<nextCursor>&count=${size} failed: ${b.problem}.`);
  const first = a.resources.map(idOf);
  const next = b.resources.map(idOf);
  if (same(first, next)) return ignored('cursor=<nextCursor> gave the first page again: the cursor was not applied.');
  const overlap = next.filter((id) => first.includes(id)).length;
  if (overlap) return fail(`The page after nextCursor repeats ${overlap} of the ${first.length} resources before it.`);
  if (!next.length) return fail(`The page after nextCursor is empty though totalResults is ${s.total}.`);
  return pass(`cursor= and its nextCursor gave two pages (${first.length} + ${next.length} of ${s.total}) with no overlap.`);
}

async function oktaPaging(ctx: CheckContext, s: Sample): Promise<CheckOutcome> {
  const a = s.answer;
  const first = s.users.map(idOf);
  if (first.length > 100) return ignored(`startIndex=1&count=100 gave ${first.length} resources.`);
  if (a.totalResults === null) return fail('startIndex=1&count=100 gave no totalResults: Okta cannot tell when its import is done.');
  const notes = [a.startIndex === null ? 'no startIndex' : '', a.itemsPerPage === null ? 'no itemsPerPage' : ''].filter(Boolean);
  let seen = `startIndex=1&count=100 gave ${first.length} of ${a.totalResults}`;
  if (a.totalResults > 100) {
    const b = await page(ctx, s, { startIndex: 101, count: 100 });
    if (b.problem) return fail(`startIndex=101&count=100 failed: ${b.problem}.`);
    const next = b.resources.map(idOf);
    if (same(next, first)) return ignored('startIndex=101&count=100 gave the first page again: startIndex was not applied.');
    const overlap = next.filter((id) => first.includes(id)).length;
    if (overlap) return fail(`startIndex=101&count=100 repeats ${overlap} users of the first page.`);
    if (!next.length) return fail(`startIndex=101&count=100 gave nothing though totalResults is ${a.totalResults}.`);
    seen += `; startIndex=101&count=100 the next ${next.length}, no overlap`;
  }
  // RFC 7644 lets a server return fewer than asked, but a client stepping startIndex by 100 then skips users.
  if (first.length < Math.min(100, a.totalResults))
    notes.push(`only ${first.length} resources on a page of count=100 (a client stepping by 100 skips the rest)`);
  if (notes.length) return warn(`${seen}, but the ListResponse has ${notes.join(' and ')}.`);
  return pass(`${seen}.`);
}

export const pagingChecks: Check[] = [
  {
    id: 'paging.start-index',
    title: 'startIndex and count are honoured',
    rfc: RFC,
    group: 'paging',
    writes: false,
    profiles: ['rfc', 'entra', 'okta'],
    consequence: {
      entra: 'Entra pages with startIndex/count: it will read the same users twice or miss some.',
      okta: 'Okta imports with startIndex/count: it will import duplicates or miss users.',
    },
    meaning: meaning('Clients can read any page of a list.', 'Clients paging through a list read the wrong resources.'),
    run: withSample(startIndex),
  },
  {
    id: 'paging.count-zero',
    title: 'count=0 gives the total only',
    rfc: RFC,
    group: 'paging',
    writes: false,
    profiles: ['rfc'],
    meaning: meaning('Clients can count a collection without reading it.', 'Clients cannot count a collection cheaply.'),
    run: withSample(countZero),
  },
  {
    id: 'paging.walk',
    title: 'A full walk gives totalResults resources, no duplicates, no gaps',
    rfc: RFC,
    group: 'paging',
    writes: false,
    profiles: ['rfc', 'okta'],
    consequence: { okta: 'Okta imports every page: it will import duplicates or miss users.' },
    meaning: meaning('Clients reading every page get every resource once.', 'Clients reading every page get duplicates or miss resources.'),
    run: withSample(walk),
  },
  {
    id: 'paging.count-capped',
    title: 'count above maxResults is capped, and the cap is said',
    rfc: 'RFC 7644 §3.4.2.4, §5 (filter.maxResults)',
    group: 'paging',
    writes: false,
    profiles: ['rfc'],
    meaning: {
      ...meaning('Clients know the largest page they can ask for.', 'Clients get short pages they cannot explain.'),
      ignored: 'The server returns fewer than asked without saying its limit: a client taking a short page for the last one stops early.',
    },
    run: withSample(countCapped),
  },
  {
    id: 'paging.cursor',
    title: 'Cursor paging (cursor, nextCursor) where advertised',
    rfc: 'RFC 9865 §2',
    group: 'paging',
    writes: false,
    profiles: ['rfc'],
    meaning: meaning('Clients can page with cursors, stable under changes.', 'Clients paging with cursors read the wrong resources.'),
    run: withSample(cursor),
  },
  {
    id: 'okta.paging',
    title: 'Okta: GET /Users?startIndex=1&count=100, then the next page',
    rfc: RFC,
    group: 'paging',
    writes: false,
    profiles: ['okta'],
    consequence: { okta: 'Okta imports users 100 at a time with startIndex/count: it will import duplicates, miss users or never finish.' },
    meaning: meaning('Okta can import every user.', 'Okta imports the wrong users.'),
    run: withSample(oktaPaging),
  },
];
