import { AppError, MATCH_HERE_LIMIT, type ListInput, type ListPage } from '../../../shared/contract';
import { compileFilter, parseFilter } from '../../../shared/filter';
import { normalizeEndpoint, pageCapKey, paramFactKey, predictFilter, searchFactKey } from '../../../shared/scim';
import type { NewFact } from './learned-store';
import {
  describeUnhelpfulFilter,
  isFilterRefusal,
  learnFilterOutcome,
  learnFilterRefusal,
  namedFilterRefusal,
  refuseKnownRefusal,
  type LearnedAccess,
} from './learned-filters';
import { listResources, type OperationContext } from './operations';

type ListArgs = Omit<ListInput, 'connectionId'> & { startIndex?: number; count?: number };

/** Page size of a match-here scan, before any learned cap. */
const SCAN_PAGE = 500;

interface MatchedScan {
  at: number;
  matches: Record<string, unknown>[];
  scan: NonNullable<ListPage['scan']>;
  template: ListPage;
}

/** A collection read whole (for a server that ignores startIndex) is kept briefly, so scrolling does not read it again per page. */
const WHOLE_READ_LIMIT = 20_000;
const WHOLE_READ_TTL_MS = 60_000;
const FIRST_IDS_KEPT = 200;
/** Sub-requests made to fill one page past a server's page-size cap. */
const MAX_FILL_REQUESTS = 50;

interface WholeRead {
  at: number;
  resources: Record<string, unknown>[];
  template: ListPage;
  /** Set when the read was cut short by a page-size cap: only these resources can be listed. */
  gap?: NonNullable<ListPage['gap']>;
}

/**
 * Lists one page the way the server has been seen to accept: a filter term the server refused is not
 * sent again; a page the server cannot serve by startIndex is fetched through POST /.search or read
 * whole and paged here; a page cut short by a page-size cap is filled with further requests. Every
 * new thing seen becomes a learned fact (and so a quirk with its exchange).
 */
export class AdaptiveLister {
  private readonly firstIds = new Map<string, string>();
  private readonly wholeReads = new Map<string, WholeRead>();
  private readonly scans = new Map<string, MatchedScan>();

  async list(ctx: OperationContext, learned: LearnedAccess, input: ListArgs): Promise<ListPage> {
    const endpoint = normalizeEndpoint(input.endpoint);
    if (input.filter && input.matchHere) return this.listOrMatchHere(ctx, learned, input);
    if (input.filter) refuseKnownRefusal(learned.facts(), input.endpoint, input.filter);
    const startIndex = input.startIndex ?? 1;
    const byIndex = input.cursor === undefined;

    if (byIndex && startIndex > 1 && input.via !== 'search' && learned.facts().get(paramFactKey(endpoint, 'startIndex'))?.state === 'ignored') {
      return this.pageAround(ctx, learned, input);
    }
    const page = await this.send(ctx, learned, input);
    if (!byIndex) return page;

    const queryKey = this.queryKey(ctx, input);
    if (startIndex === 1 && page.resources[0]?.id !== undefined) this.rememberFirstId(queryKey, String(page.resources[0].id));
    if (startIndex > 1 && this.ignoredStartIndex(queryKey, startIndex, page)) {
      const via = input.via === 'search' ? 'POST /.search' : 'GET';
      if (input.via === 'search') {
        learned.learn(searchFact(endpoint, 'refused', `POST ${input.endpoint}/.search answers page 1 whatever startIndex asks.`, page.exchangeId));
      } else {
        learned.learn({
          key: paramFactKey(endpoint, 'startIndex'),
          kind: 'param',
          endpoint,
          subject: 'startIndex',
          state: 'ignored',
          message: `${via} ${input.endpoint} answers the first page whatever startIndex asks (asked ${startIndex}, got the resources of page 1).`,
          action:
            'Later pages are fetched through POST /.search where that pages correctly, else the collection is read whole and paged here; the screen says how many rows can be shown when neither works.',
          exchangeId: page.exchangeId,
        });
      }
      return this.pageAround(ctx, learned, input);
    }
    return this.fillPastCap(ctx, learned, input, page);
  }

  /**
   * A search that must come back right: sent as asked while the server is not known to refuse or ignore
   * the filter; otherwise (known, or learned from this very answer) matched here over the collection.
   */
  private async listOrMatchHere(ctx: OperationContext, learned: LearnedAccess, input: ListArgs): Promise<ListPage> {
    const plain = { ...input, matchHere: undefined, progressKey: undefined };
    const verdict = predictFilter(learned.facts(), input.endpoint, input.filter!).verdict;
    if (verdict !== 'refused' && verdict !== 'ignored') {
      try {
        const page = await this.list(ctx, learned, plain);
        if (!page.filterCheck || page.filterCheck.mismatches === 0) return page;
      } catch (error) {
        if (!(error instanceof AppError && isFilterRefusal(error))) throw error;
      }
    }
    return this.matchHere(ctx, learned, input);
  }

  /** Reads the collection (bounded), keeps what matches the filter, and pages the matches. */
  private async matchHere(ctx: OperationContext, learned: LearnedAccess, input: ListArgs): Promise<ListPage> {
    const startIndex = input.startIndex ?? 1;
    const count = input.count ?? 50;
    const key = `${this.queryKey(ctx, input)}\u0000match`;
    let found = this.scans.get(key);
    if (found && Date.now() - found.at > WHOLE_READ_TTL_MS) found = undefined;
    if (!found) {
      const refuse = (error: unknown) =>
        new AppError({
          code: 'invalid_input',
          field: 'filter',
          message: `The filter cannot be matched here: ${error instanceof Error ? error.message : String(error)}`,
        });
      let compiled: (resource: Record<string, unknown>) => boolean;
      try {
        compiled = compileFilter(parseFilter(input.filter!), ctx.lookupFor(input.endpoint));
      } catch (error) {
        throw refuse(error);
      }
      // Some invalid filters show only on the data (a boolean ordered where no schema said it was one).
      const matches = (resource: Record<string, unknown>) => {
        try {
          return compiled(resource);
        } catch (error) {
          throw refuse(error);
        }
      };
      const cap = learned.facts().get(pageCapKey(normalizeEndpoint(input.endpoint)))?.value;
      const pageSize = Math.min(SCAN_PAGE, cap ?? SCAN_PAGE);
      const base: ListArgs = {
        endpoint: input.endpoint,
        attributes: input.attributes,
        excludedAttributes: input.excludedAttributes,
        sortBy: input.sortBy,
        sortOrder: input.sortOrder,
        via: input.via,
      };
      const kept: Record<string, unknown>[] = [];
      let scanned = 0;
      let total: number | null = null;
      let template: ListPage | undefined;
      let stoppedBy: string | undefined;
      for (let at = 1; scanned < MATCH_HERE_LIMIT;) {
        ctx.signal?.throwIfAborted();
        const page = await this.list(ctx, learned, { ...base, startIndex: at, count: Math.min(pageSize, MATCH_HERE_LIMIT - scanned) });
        template ??= page;
        total = page.totalResults ?? total;
        for (const resource of page.resources) if (matches(resource)) kept.push(resource);
        scanned += page.resources.length;
        at += page.resources.length;
        if (input.progressKey) learned.progress?.({ progressKey: input.progressKey, scanned, total, matched: kept.length });
        if (page.gap) stoppedBy = page.gap.reason;
        if (page.resources.length === 0 || page.gap || (total !== null && scanned >= total)) break;
      }
      const complete = !stoppedBy && (total === null ? scanned < MATCH_HERE_LIMIT : scanned >= total);
      const why = describeUnhelpfulFilter(learned.facts(), input.endpoint, input.filter!);
      const reason = complete
        ? `${why} Matched here over all ${scanned.toLocaleString('en-US')} resources.`
        : stoppedBy
          ? `${why} Matched here over the ${scanned.toLocaleString('en-US')} resources the server can list: ${stoppedBy}`
          : `${why} Matched here over the first ${scanned.toLocaleString('en-US')}${total !== null ? ` of ${total.toLocaleString('en-US')}` : ''} resources (the most read for one search).`;
      found = { at: Date.now(), matches: kept, scan: { scanned, total, complete, reason }, template: template ?? emptyTemplate() };
      this.scans.set(key, found);
      if (this.scans.size > 20) this.scans.delete(this.scans.keys().next().value as string);
    }
    const resources = found.matches.slice(startIndex - 1, startIndex - 1 + count);
    return {
      ...found.template,
      resources,
      startIndex,
      itemsPerPage: resources.length,
      totalResults: found.matches.length,
      filterCheck: { checked: resources.length, mismatches: 0 },
      nextCursor: null,
      servedBy: 'local',
      scan: found.scan,
      gap: undefined,
    };
  }

  /** Forgets cached whole reads and first-page ids for a connection (its profile or learned facts changed). */
  reset(connectionKey?: string): void {
    for (const map of [this.firstIds, this.wholeReads, this.scans] as Map<string, unknown>[]) {
      for (const key of [...map.keys()]) if (!connectionKey || key.startsWith(`${connectionKey}\u0000`)) map.delete(key);
    }
  }

  /** Sends one request, learning from a refused filter and from the answer's fit to the filter and sort. */
  private async send(ctx: OperationContext, learned: LearnedAccess, asked: ListArgs): Promise<ListPage> {
    const endpoint = normalizeEndpoint(asked.endpoint);
    // A projection the server refused before is left out: it only shapes the answer, so nothing is lost but bytes.
    const input = withoutRefusedProjection(learned.facts(), asked);
    let page: ListPage;
    try {
      page = await listResources(ctx, input);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (input.filter && isFilterRefusal(error)) {
        learnFilterRefusal(learned, input.endpoint, input.filter, error);
        throw namedFilterRefusal(error, input.filter);
      }
      const projection = PROJECTIONS.filter((p) => input[p]?.length);
      if (error.code !== 'http' || error.status !== 400 || projection.length === 0) throw error;
      for (const param of projection)
        learned.learn(
          projectionFact(
            endpoint,
            param,
            'refused',
            `${input.endpoint} answered 400 to a list carrying ${param}=${input[param]!.join(',')}.`,
            error.data.exchangeId,
          ),
        );
      return this.send(ctx, learned, { ...input, attributes: undefined, excludedAttributes: undefined });
    }
    learnIgnoredProjection(learned, input.endpoint, input, page.resources, page.exchangeId);
    if (input.filter) learnFilterOutcome(learned, input.endpoint, input.filter, page);
    if (input.sortBy && page.quirks.some((q) => q.code === 'sort.ignored')) {
      learned.learn({
        key: paramFactKey(endpoint, 'sortBy'),
        kind: 'param',
        endpoint,
        subject: 'sortBy',
        state: 'ignored',
        message: `${input.endpoint} did not sort by "${input.sortBy}" as asked: the server ignores or misapplies sortBy.`,
        action: 'Sorting by column is offered as unsupported on this server.',
        exchangeId: page.exchangeId,
      });
    }
    return page;
  }

  /** A page the server will not serve by startIndex on GET: through POST /.search, else from a whole read, else a stated gap. */
  private async pageAround(ctx: OperationContext, learned: LearnedAccess, input: ListArgs): Promise<ListPage> {
    const endpoint = normalizeEndpoint(input.endpoint);
    const startIndex = input.startIndex ?? 1;
    const search = learned.facts().get(searchFactKey(endpoint));
    if (search?.state !== 'refused') {
      try {
        const page = await this.send(ctx, learned, { ...input, via: 'search' });
        const queryKey = this.queryKey(ctx, { ...input, via: undefined });
        if (!this.ignoredStartIndex(queryKey, startIndex, page)) {
          if (!search) learned.learn(searchFact(endpoint, 'accepted', `POST ${input.endpoint}/.search pages by startIndex correctly.`, page.exchangeId));
          return this.fillPastCap(ctx, learned, { ...input, via: 'search' }, { ...page, servedBy: 'search' });
        }
        learned.learn(searchFact(endpoint, 'refused', `POST ${input.endpoint}/.search answers page 1 whatever startIndex asks, like GET.`, page.exchangeId));
      } catch (error) {
        if (!(error instanceof AppError) || error.code === 'cancelled' || error.code === 'timeout' || error.code === 'auth') throw error;
        learned.learn(searchFact(endpoint, 'refused', `POST ${input.endpoint}/.search failed: ${error.message}`, error.data.exchangeId));
      }
    }
    return this.pageFromWholeRead(ctx, learned, input);
  }

  private async pageFromWholeRead(ctx: OperationContext, learned: LearnedAccess, input: ListArgs): Promise<ListPage> {
    const endpoint = normalizeEndpoint(input.endpoint);
    const startIndex = input.startIndex ?? 1;
    const count = input.count ?? 50;
    const key = this.queryKey(ctx, { ...input, via: undefined });
    let whole = this.wholeReads.get(key);
    if (whole && Date.now() - whole.at > WHOLE_READ_TTL_MS) whole = undefined;
    if (!whole) {
      const wanted = WHOLE_READ_LIMIT;
      const first = await this.send(ctx, learned, { ...input, via: undefined, startIndex: 1, count: wanted });
      const total = first.totalResults;
      const complete = total === null ? first.resources.length < wanted : first.resources.length >= total;
      let gap: WholeRead['gap'];
      if (!complete) {
        // Kept too: the rows within reach are served from it (a later page of them must not come back empty).
        const reachable = first.resources.length;
        learned.learn(
          capFact(
            endpoint,
            reachable,
            `${input.endpoint} sends at most ${reachable.toLocaleString('en-US')} resources per request (asked for ${wanted.toLocaleString('en-US')}).`,
            'Pages are asked for at that size.',
            first.exchangeId,
          ),
        );
        gap = { reachable, reason: capGapReason(input.endpoint, reachable) };
      }
      whole = { at: Date.now(), resources: first.resources, template: first, ...(gap ? { gap } : {}) };
      this.wholeReads.set(key, whole);
      if (this.wholeReads.size > 20) this.wholeReads.delete(this.wholeReads.keys().next().value as string);
    }
    if (whole.gap) return gapPage(whole.template, whole.gap.reachable, startIndex, count, whole.gap.reason);
    const resources = whole.resources.slice(startIndex - 1, startIndex - 1 + count);
    return {
      ...whole.template,
      resources,
      startIndex,
      itemsPerPage: resources.length,
      totalResults: whole.template.totalResults ?? whole.resources.length,
      servedBy: 'local',
    };
  }

  /** A page shorter than asked while the total says more exist: the server caps the page size. Fill it. */
  private async fillPastCap(ctx: OperationContext, learned: LearnedAccess, input: ListArgs, page: ListPage): Promise<ListPage> {
    const endpoint = normalizeEndpoint(input.endpoint);
    const asked = input.count ?? 50;
    const startIndex = input.startIndex ?? 1;
    const total = page.totalResults;
    const got = page.resources.length;
    if (got === 0 || got >= asked || total === null || startIndex - 1 + got >= total) return page;
    const known = learned.facts().get(pageCapKey(endpoint));
    if (known?.value === undefined || known.value > got) {
      const message = `${input.endpoint} sends at most ${got.toLocaleString('en-US')} resources per page (asked for ${asked.toLocaleString('en-US')}).`;
      learned.learn(
        capFact(endpoint, got, message, 'A page asked for larger is filled with further requests of that size; exports step by it.', page.exchangeId),
      );
    }
    const resources = [...page.resources];
    const seen = new Set(resources.map((r, i) => (r.id === undefined ? `#${i}` : String(r.id))));
    let gap = page.gap;
    // The page's check against the filter covers every part of it: a server that ignores the filter may show it only further on.
    let filterCheck = page.filterCheck;
    for (let request = 0; request < MAX_FILL_REQUESTS && resources.length < asked && startIndex - 1 + resources.length < total && !gap; request++) {
      // Through list(), not straight to the server: a server that also ignores startIndex has the rest
      // of the page served through POST /.search or a whole read, or a stated gap, like any later page.
      const next = await this.list(ctx, learned, { ...input, startIndex: startIndex + resources.length, count: asked - resources.length });
      gap = next.gap;
      if (next.filterCheck)
        filterCheck = {
          checked: (filterCheck?.checked ?? 0) + next.filterCheck.checked,
          mismatches: (filterCheck?.mismatches ?? 0) + next.filterCheck.mismatches,
        };
      const fresh = next.resources.filter((r) => r.id === undefined || !seen.has(String(r.id)));
      if (fresh.length === 0) break; // the server repeats itself: what we have is the page
      for (const r of fresh) {
        if (r.id !== undefined) seen.add(String(r.id));
        resources.push(r);
      }
    }
    return { ...page, resources, itemsPerPage: resources.length, filterCheck, ...(gap ? { gap } : {}) };
  }

  /** Whether a page asked from `startIndex` > 1 is really page 1 again. */
  private ignoredStartIndex(queryKey: string, startIndex: number, page: ListPage): boolean {
    if (page.resources.length === 0) return false;
    if (page.startIndex !== null && page.startIndex !== startIndex && page.servedBy !== 'local') return page.startIndex === 1;
    const first = this.firstIds.get(queryKey);
    return first !== undefined && page.resources[0]?.id !== undefined && String(page.resources[0].id) === first;
  }

  private rememberFirstId(queryKey: string, id: string): void {
    this.firstIds.delete(queryKey);
    this.firstIds.set(queryKey, id);
    if (this.firstIds.size > FIRST_IDS_KEPT) this.firstIds.delete(this.firstIds.keys().next().value as string);
  }

  private queryKey(ctx: OperationContext, input: ListArgs): string {
    return [
      ctx.connection.key,
      normalizeEndpoint(input.endpoint),
      input.filter ?? '',
      input.sortBy ?? '',
      input.sortOrder ?? '',
      (input.attributes ?? []).join(','),
      (input.excludedAttributes ?? []).join(','),
    ].join('\u0000');
  }
}

function searchFact(endpoint: string, state: 'accepted' | 'refused', message: string, exchangeId?: string): NewFact {
  return {
    key: searchFactKey(endpoint),
    kind: 'search',
    endpoint,
    subject: 'POST /.search paging',
    state,
    message,
    action: state === 'accepted' ? 'Pages GET cannot serve are fetched this way.' : 'Not used for paging on this server.',
    exchangeId,
  };
}

function capFact(endpoint: string, value: number, message: string, action: string, exchangeId?: string): NewFact {
  return { key: pageCapKey(endpoint), kind: 'page-cap', endpoint, subject: 'count', state: 'capped', value, message, action, exchangeId };
}

function capGapReason(endpoint: string, reachable: number): string {
  return `The server ignores startIndex on ${endpoint} and sends at most ${reachable.toLocaleString('en-US')} resources per request, so only the first ${reachable.toLocaleString('en-US')} can be listed.`;
}

function emptyTemplate(): ListPage {
  return { resources: [], totalResults: null, startIndex: null, itemsPerPage: null, nextCursor: null, filterCheck: null, quirks: [] };
}

/** A page past what the server can serve: no rows, and the reason, so no placeholder waits forever. */
function gapPage(template: ListPage, reachable: number, startIndex: number, count: number, reason: string): ListPage {
  const resources = startIndex <= reachable ? template.resources.slice(startIndex - 1, startIndex - 1 + count) : [];
  return { ...template, resources, startIndex, itemsPerPage: resources.length, gap: { reachable, reason }, servedBy: 'local' };
}

const PROJECTIONS = ['attributes', 'excludedAttributes'] as const;
type Projection = (typeof PROJECTIONS)[number];

function projectionFact(endpoint: string, param: Projection, state: 'refused' | 'ignored', message: string, exchangeId?: string): NewFact {
  return {
    key: paramFactKey(endpoint, param),
    kind: 'param',
    endpoint,
    subject: param,
    state,
    message,
    action:
      state === 'refused'
        ? `Lists are asked for without ${param}; the whole resources come back.`
        : 'Resources come back whole; screens that need less ignore the rest.',
    exchangeId,
  };
}

/** Learns that the server ignores `attributes`/`excludedAttributes` when an answer (a page, or one resource read) carries what they left out. */
export function learnIgnoredProjection(
  learned: LearnedAccess,
  endpointName: string,
  asked: Pick<ListArgs, Projection>,
  resources: readonly Record<string, unknown>[],
  exchangeId?: string,
): void {
  for (const param of PROJECTIONS) {
    if (!asked[param]?.length || projectionHonoured(param, asked[param]!, resources) !== false) continue;
    learned.learn(
      projectionFact(
        normalizeEndpoint(endpointName),
        param,
        'ignored',
        `${endpointName} ignored ${param}=${asked[param]!.join(',')}: its answer carried attributes that were left out.`,
        exchangeId,
      ),
    );
  }
}

function withoutRefusedProjection(facts: ReadonlyMap<string, { state: string }>, input: ListArgs): ListArgs {
  const endpoint = normalizeEndpoint(input.endpoint);
  const drop = PROJECTIONS.filter((p) => input[p]?.length && facts.get(paramFactKey(endpoint, p))?.state === 'refused');
  if (drop.length === 0) return input;
  return { ...input, ...Object.fromEntries(drop.map((p) => [p, undefined])) };
}

/** Whether a page respected a projection; undefined when it cannot tell (no resources). */
function projectionHonoured(param: Projection, names: readonly string[], resources: readonly Record<string, unknown>[]): boolean | undefined {
  if (resources.length === 0) return undefined;
  const asked = new Set(
    names.map((n) =>
      n
        .replace(/^urn:.*:/i, '')
        .split('.')[0]!
        .toLowerCase(),
    ),
  );
  // Always returned (RFC 7643 §7 `returned: always`) or envelope: never evidence either way.
  const always = new Set(['id', 'schemas', 'meta', 'externalid']);
  const keys = (r: Record<string, unknown>) =>
    Object.keys(r)
      .map((k) => k.toLowerCase())
      .filter((k) => !always.has(k) && !k.startsWith('urn:'));
  if (param === 'excludedAttributes') return !resources.some((r) => keys(r).some((k) => asked.has(k)));
  return !resources.some((r) => keys(r).some((k) => !asked.has(k)));
}
