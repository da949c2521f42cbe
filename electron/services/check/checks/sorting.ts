/**
 * Sorting (RFC 7644 §3.4.2.3): `sortBy=userName` ascending and descending, checked pair by pair and
 * against the sampled users (the first of a sorted list comes before every sampled one). Orders are
 * read tolerantly, since databases collate differently: a pair is out of order only when neither
 * case-insensitive code-point order nor a punctuation-blind collation allows it.
 */
import type { Verdict } from '../../../../shared/check';
import { fail, ignored, pass, skipped, unsupported, warn, type Check, type CheckContext, type CheckOutcome } from '../types';
import { describeStatus, isRefusal, readList, userSample } from './sample';

const COUNT = 50;
const collator = new Intl.Collator('en', { sensitivity: 'base', ignorePunctuation: true });
const codePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Whether `a` may come before `b` in ascending order under some reading we accept. */
const mayPrecede = (a: string, b: string) => codePoint(a.toLowerCase(), b.toLowerCase()) <= 0 || collator.compare(a, b) <= 0;

function inversions(names: string[], descending: boolean, before: (a: string, b: string) => boolean): number {
  let bad = 0;
  for (let i = 0; i + 1 < names.length; i++) {
    const [a, b] = descending ? [names[i + 1]!, names[i]!] : [names[i]!, names[i + 1]!];
    if (!before(a, b)) bad += 1;
  }
  return bad;
}

async function sorted(ctx: CheckContext, order: 'ascending' | 'descending'): Promise<CheckOutcome> {
  const s = await userSample(ctx);
  if (!s.ok) return skipped(s.why);
  const sampled = s.users.map((u) => u.userName).filter((n): n is string => typeof n === 'string');
  if (sampled.length < 3) return skipped(`Only ${sampled.length} sampled users have a userName: too few to see an order.`);
  const asked = `sortBy=userName&sortOrder=${order}`;
  const spcNo = ctx.capabilities.sort === false;
  const response = await ctx.send({ method: 'GET', path: s.endpoint, query: { sortBy: 'userName', sortOrder: order, startIndex: 1, count: COUNT } });
  if (isRefusal(response)) return unsupported(`${asked} was refused: ${describeStatus(response)}${spcNo ? ', as ServiceProviderConfig says' : ''}.`);
  const a = readList(response);
  if (a.problem) return fail(`${asked} failed: ${a.problem}.`);
  const names = a.resources.map((r) => r.userName).filter((n): n is string => typeof n === 'string');
  if (names.length < 2) return skipped(`${asked} gave ${names.length} users with a userName: nothing to compare.`);
  const descending = order === 'descending';
  const pairs = names.length - 1;
  const bad = inversions(names, descending, mayPrecede);
  // Ignored, unless ServiceProviderConfig said so: then the server was honest and clients were told not to rely on it.
  const notApplied = (message: string) =>
    spcNo
      ? unsupported(`${message} ServiceProviderConfig says sort is not supported.`)
      : ignored(`${message} ServiceProviderConfig ${ctx.capabilities.sort ? 'says sort is supported' : 'does not say sort is unsupported'}.`);
  if (bad === 0) {
    const head = names[0]!;
    const beyond = sampled.find((n) => (descending ? !mayPrecede(n, head) : !mayPrecede(head, n)));
    if (beyond)
      return fail(
        `${asked}: the ${names.length} returned are in order, but the sampled "${beyond}" belongs before the first, "${head}": pages are sorted, not the list.`,
      );
    const note = spcNo ? ' (though ServiceProviderConfig says sort is not supported)' : '';
    return pass(`${asked}: all ${names.length} returned in order, and none of the ${sampled.length} sampled belongs before the first${note}.`);
  }
  if (descending && inversions(names, false, mayPrecede) === 0)
    return notApplied(`sortOrder=descending was ignored: the ${names.length} came back in ascending order.`);
  if (inversions(names, descending, (x, y) => codePoint(x, y) <= 0) === 0) {
    return warn(`${asked}: in order only case-sensitively (${bad} of ${pairs} pairs out of case-insensitive order), though userName is caseExact false.`);
  }
  if (bad <= Math.max(1, Math.floor(pairs / 10))) return warn(`${asked}: ${bad} of ${pairs} pairs out of order, in a collation this check does not read.`);
  return notApplied(`sortBy=userName: ${bad} of ${pairs} pairs out of order.`);
}

const meaning: Partial<Record<Verdict, string>> = {
  pass: 'Clients can have the server sort large lists.',
  warn: 'The server sorts, in an order clients may not expect.',
  fail: 'The server sorts wrongly: clients showing its order mislead.',
  ignored: 'The server claims to sort and does not: clients showing "sorted" pages show an arbitrary order.',
  unsupported: 'The server does not sort, and says so: clients sort what they read.',
  skipped: 'Not tested: too few users to see an order.',
};

export const sortingChecks: Check[] = (['ascending', 'descending'] as const).map((order) => ({
  id: `sort.${order}`,
  title: `sortBy=userName, sortOrder=${order}`,
  rfc: 'RFC 7644 §3.4.2.3',
  group: 'sorting',
  writes: false,
  profiles: ['rfc'],
  meaning,
  run: (ctx: CheckContext) => sorted(ctx, order),
}));
