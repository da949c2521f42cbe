/**
 * Finding a bulk change's targets on the server, read fresh with their ETags (issue #14). The way is
 * chosen by what the server has shown it supports and by size: ids are read one by one (GET, several
 * in flight: the connection's scheduler paces them); other keys are searched with batched
 * `attr eq "a" or attr eq "b"` filters, one `eq` per key where the server refuses `or`, or by listing
 * the whole collection once and matching here when the keys are many or filters do not work. Pages
 * of a listing keep only the matched resources, so memory follows the keys, not the tenant.
 */
import { AppError, type BulkKeyAttribute, type Capabilities, type ScimResource } from '../../../shared/contract';
import { valueAtPath } from '../../../shared/bulk';
import { createAttributeLookup, predictFilter } from '../../../shared/scim';
import type { ScimEngine } from '../engine/engine';
import { isFilterRefusal } from '../engine/learned-filters';
import { inPool } from './pool';
import { SpillFile, type Spilled } from './spill';
import { countOf, nounOfEndpoint, resourceTypeOf, versionOf } from './resources';

/** A target as read now. */
export interface Found {
  resource: ScimResource;
  /** meta.version of a listed resource, or the ETag header of a GET. */
  etag?: string;
}

export interface MatchOptions {
  connectionId: string;
  endpoint: string;
  signal: AbortSignal;
  /** Between batches: waits while the job is paused, throws once cancelled. */
  checkpoint?: () => Promise<void>;
  /** Keys (or resources) resolved so far, of the total when known. */
  progress?: (done: number, total: number | null) => void;
  /** A scratch file for the resources found, kept out of memory until planned (removed by `close`). */
  spillPath?: string;
  /**
   * The attributes the plan needs (`attributes` of every listing and search): a listing of a whole collection then
   * moves a tenth of the bytes. Without it, resources are read whole.
   */
  attributes?: string[];
}

export interface KeyMatch {
  /** The resources a key matches: none, one, or several (an ambiguous key). */
  get(key: string): Promise<Found[]>;
  /** Frees what the match kept (its scratch file). */
  close(): Promise<void>;
  /** Keys whose resource could not be read (other than not found): why. */
  errors: Map<string, string>;
  /** "filter `userName eq … or …` in 4 requests", "listed all 2,500 users". */
  matchedBy: string;
  notes: string[];
}

/** Keys per `or` filter, requests in flight, and the page size of a full listing. */
const OR_BATCH = 50;
export const PARALLEL = 6;
export const LIST_PAGE = 500;
/** Keys at least this share of the collection: one listing costs less than the searches. */
const LIST_SHARE = 1 / 20;

const KEY_CASE_EXACT: Record<BulkKeyAttribute, boolean> = { id: true, externalId: true, userName: false, 'emails.value': false, displayName: false };

/** Whether the key attribute compares case-exact: the server's schema says, else RFC 7643's. */
export function keyCaseExact(caps: Capabilities, endpoint: string, attribute: BulkKeyAttribute): boolean {
  const type = resourceTypeOf(caps, endpoint);
  if (type && attribute !== 'id') {
    const schemas = caps.schemas.filter((s) => s.id === type.schema || type.schemaExtensions.some((e) => e.schema === s.id));
    const [name, sub] = attribute.split('.') as [string, string | undefined];
    const info = createAttributeLookup(schemas, type.schema)(sub ? { name, sub } : { name });
    if (info?.caseExact !== undefined) return info.caseExact;
  }
  return KEY_CASE_EXACT[attribute];
}

export const projection = (options: MatchOptions) => (options.attributes?.length ? { attributes: options.attributes } : {});

/** A key's value as written in a filter: `"a \"quoted\" name"`. */
export const filterString = (value: string): string => JSON.stringify(value);

const count = countOf;
const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));
const noun = nounOfEndpoint;

/** A found resource as kept until it is planned: its JSON text (a fraction of the parsed object's memory), or where it was spilled. */
interface Kept {
  id: unknown;
  json?: string;
  at?: Spilled;
  etag?: string;
}

/** Keys to the resources found, compared as the attribute's caseExact says. */
class Matches {
  private readonly found = new Map<string, Kept[]>();
  private readonly spill?: SpillFile;
  constructor(
    private readonly fold: (key: string) => string,
    spillPath?: string,
  ) {
    if (spillPath) this.spill = new SpillFile(spillPath);
  }
  want(key: string): void {
    if (!this.found.has(this.fold(key))) this.found.set(this.fold(key), []);
  }
  wants(key: string): boolean {
    return this.found.has(this.fold(key));
  }
  /** Files a resource under each wanted key it carries (once per resource). */
  offer(resource: ScimResource, values: string[], etag?: string): boolean {
    let kept: Kept | undefined;
    for (const value of new Set(values.map(this.fold))) {
      const list = this.found.get(value);
      if (!list || list.some((k) => k.id === resource.id)) continue;
      if (!kept) {
        const json = JSON.stringify(resource);
        kept = { id: resource.id, ...(this.spill ? { at: this.spill.add(json) } : { json }), ...(etag ? { etag } : {}) };
      }
      list.push(kept);
    }
    return kept !== undefined;
  }
  /** Between pages: writes out what was set aside once there is enough of it. */
  settle(): Promise<void> {
    return this.spill?.settle() ?? Promise.resolve();
  }
  /** The resources a key matched, parsed afresh for the caller. */
  async get(key: string): Promise<Found[]> {
    const found: Found[] = [];
    for (const k of this.found.get(this.fold(key)) ?? []) {
      const json = k.json ?? (await this.spill!.read(k.at!));
      found.push({ resource: JSON.parse(json) as ScimResource, ...(k.etag ? { etag: k.etag } : {}) });
    }
    return found;
  }
  close(): Promise<void> {
    return this.spill?.close() ?? Promise.resolve();
  }
}

/** What a match answers, from what it kept. */
function keyMatch(matches: Matches, matchedBy: string, notes: string[] = [], errors = new Map<string, string>()): KeyMatch {
  return { get: (k) => matches.get(k), close: () => matches.close(), errors, matchedBy, notes };
}

/** The key attribute's values of a resource (emails.value may hold several). */
function keyValues(resource: ScimResource, attribute: BulkKeyAttribute): string[] {
  const value = attribute === 'id' ? resource.id : valueAtPath(resource, attribute);
  return (Array.isArray(value) ? value : [value]).filter((v) => v !== undefined && v !== null).map(String);
}

/** Reads each id (GET: the ETag header, the resource as it is now); a 404 is a target not found. */
export async function matchIds(engine: ScimEngine, ids: readonly string[], options: MatchOptions): Promise<KeyMatch> {
  const matches = new Matches((k) => k, options.spillPath);
  const errors = new Map<string, string>();
  const unique = [...new Set(ids)];
  let done = 0;
  await inPool(unique, PARALLEL, async (id) => {
    await options.checkpoint?.();
    matches.want(id);
    try {
      // Read whole: a projected read of a user would tell the engine it has no groups (see UsersGroupsCheck).
      const read = await engine.get({ connectionId: options.connectionId, endpoint: options.endpoint, id }, options.signal);
      const etag = read.etag ?? versionOf(read.resource);
      matches.offer(read.resource, [String(read.resource.id ?? id), id], etag);
      await matches.settle();
    } catch (error) {
      if (options.signal.aborted) throw error;
      if (!(error instanceof AppError && error.status === 404)) errors.set(id, errorText(error));
    }
    options.progress?.(++done, unique.length);
  });
  return keyMatch(matches, `read ${count(unique.length, 'id')} one by one (GET)`, [], errors);
}

/** Finds the resources whose `attribute` equals each key. */
export async function matchKeys(
  engine: ScimEngine,
  attribute: BulkKeyAttribute,
  keys: readonly string[],
  options: MatchOptions & { caseExact: boolean },
): Promise<KeyMatch> {
  if (attribute === 'id') return matchIds(engine, keys, options);
  const fold = options.caseExact ? (k: string) => k : (k: string) => k.toLowerCase();
  const unique = [...new Map(keys.map((k) => [fold(k), k])).values()];
  const matches = new Matches(fold, options.spillPath);
  for (const key of unique) matches.want(key);
  const plan = await chooseWay(engine, attribute, unique.length, options);
  if (plan.way === 'list') return listAndMatch(engine, attribute, matches, unique.length, plan.why, options);

  const search = new FilterSearch(engine, attribute, matches, options, plan.way, unique.length, plan.pages);
  const leftover = await search.run(unique);
  if (leftover.length === 0) return keyMatch(matches, search.describe());
  const listed = await listAndMatch(engine, attribute, matches, unique.length, search.whyListed!, options, unique.length - leftover.length);
  return { ...listed, matchedBy: `${search.describe()}, then ${listed.matchedBy}` };
}

type Way = 'or' | 'eq' | 'list';

/** Searches where the server filters on the attribute and the keys are few next to the collection. */
async function chooseWay(
  engine: ScimEngine,
  attribute: BulkKeyAttribute,
  keys: number,
  options: MatchOptions,
): Promise<{ way: Way; why?: string; pages?: number }> {
  const caps = await engine.capabilities(options.connectionId, { signal: options.signal });
  if (caps.filter.supported === false) return { way: 'list', why: 'the server does not support filters' };
  const facts = engine.learned.map(options.connectionId);
  const eq = predictFilter(facts, options.endpoint, `${attribute} eq "a"`).verdict;
  if (eq === 'refused' || eq === 'ignored') return { way: 'list', why: `the server ${eq === 'refused' ? 'refuses' : 'ignores'} filters on ${attribute}` };
  const or = predictFilter(facts, options.endpoint, `${attribute} eq "a" or ${attribute} eq "b"`).verdict;
  const way: Way = or === 'refused' || or === 'ignored' ? 'eq' : 'or';
  const first = await engine.list({ connectionId: options.connectionId, endpoint: options.endpoint, count: 1 }, options.signal);
  const total = first.totalResults;
  if (total === null) return { way };
  const searches = way === 'or' ? Math.ceil(keys / OR_BATCH) : keys;
  const pages = Math.ceil(total / Math.min(LIST_PAGE, caps.paging.maxPageSize ?? LIST_PAGE));
  if (keys >= total * LIST_SHARE || searches > pages * 2) {
    return { way: 'list', why: `${count(keys, 'key')} of ${count(total, noun(options.endpoint).replace(/s$/, ''), noun(options.endpoint))}` };
  }
  return { way, pages };
}

/**
 * Batched `or` searches (one `eq` first, so that a refusal of `or` is learned as that, not as the
 * attribute), falling back to one `eq` per key when `or` is refused, and to a listing when the server
 * refuses or ignores the attribute's filter.
 */
class FilterSearch {
  private requests = { or: 0, eq: 0 };
  private searched = 0;
  whyListed?: string;

  constructor(
    private readonly engine: ScimEngine,
    private readonly attribute: BulkKeyAttribute,
    private readonly matches: Matches,
    private readonly options: MatchOptions,
    private way: Way,
    /** Keys in all, for progress. */
    private readonly total: number,
    /** Pages a listing would take: more single searches than twice that, and listing wins. */
    private readonly listPages = Number.POSITIVE_INFINITY,
  ) {}

  /** Searches every key; returns those left for a listing. */
  async run(keys: string[]): Promise<string[]> {
    const queue = [...keys];
    const leftover: string[] = [];
    // One key alone first: the attribute's `eq` is then known to work before `or` is tried.
    if (queue.length > 0) await this.batch([queue.shift()!], queue, leftover);
    let failed = false;
    const worker = async () => {
      try {
        while (!failed && queue.length > 0 && this.way !== 'list') await this.batch(queue.splice(0, this.way === 'or' ? OR_BATCH : 1), queue, leftover);
      } catch (error) {
        failed = true; // the other workers stop at their next batch
        throw error;
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));
    return [...leftover, ...queue];
  }

  describe(): string {
    const parts: string[] = [];
    if (this.requests.or) parts.push(`filter \`${this.attribute} eq … or …\` in ${count(this.requests.or, 'request')}`);
    if (this.requests.eq) parts.push(`filter \`${this.attribute} eq …\` in ${count(this.requests.eq, 'request')}`);
    return parts.join(' and ') || 'no search';
  }

  private async batch(keys: string[], queue: string[], leftover: string[]): Promise<void> {
    if (this.way === 'list') return void leftover.push(...keys);
    await this.options.checkpoint?.();
    const filter = keys.map((k) => `${this.attribute} eq ${filterString(k)}`).join(' or ');
    const asOr = keys.length > 1;
    let pages = 0;
    try {
      let ignored = false;
      const listing = {
        connectionId: this.options.connectionId,
        endpoint: this.options.endpoint,
        filter,
        pageSize: Math.max(100, keys.length * 2),
        ...projection(this.options),
      };
      for await (const { page } of this.engine.listAll(listing, this.options.signal)) {
        pages += 1;
        this.counted(asOr);
        // A server that ignores the filter answers with everything: its pages say nothing of the keys.
        if (page.filterCheck && page.filterCheck.mismatches > 0) {
          ignored = true;
          break;
        }
        for (const resource of page.resources) this.matches.offer(resource, keyValues(resource, this.attribute), versionOf(resource));
        await this.matches.settle();
      }
      if (ignored && asOr) {
        // Learned by the engine as `or` ignored (the single `eq` worked): one `eq` per key from here on.
        return this.singly(keys, queue, 'ignores');
      }
      if (ignored) {
        this.way = 'list';
        this.whyListed = `the server ignores filters on ${this.attribute}`;
        return void leftover.push(...keys);
      }
      this.searched += keys.length;
      this.options.progress?.(this.searched, this.total);
    } catch (error) {
      if (this.options.signal.aborted || !isRefusal(error)) throw error;
      // Refused by the server (a request sent), not by what was learned before (nothing sent).
      if (pages === 0 && !(error instanceof AppError && error.code === 'unsupported')) this.counted(asOr);
      if (asOr) {
        // Learned by the engine as a refusal of `or`: the next plan goes straight to one `eq` per key.
        return this.singly(keys, queue, 'refuses');
      }
      this.way = 'list';
      this.whyListed = `the server refuses filters on ${this.attribute}`;
      leftover.push(...keys);
    }
  }

  private counted(asOr: boolean): void {
    if (asOr) this.requests.or += 1;
    else this.requests.eq += 1;
  }

  /** `or` does not work: the keys go back one `eq` each, unless so many are left that a listing costs less. */
  private singly(keys: string[], queue: string[], what: 'refuses' | 'ignores'): void {
    queue.unshift(...keys);
    if (this.way !== 'or') return;
    this.way = queue.length > this.listPages * 2 ? 'list' : 'eq';
    if (this.way === 'list') this.whyListed = `the server ${what} \`or\` in filters, and ${count(queue.length, 'key')} were left`;
  }
}

/** A refusal of the filter by the server, now or learned before (then not even sent). */
function isRefusal(error: unknown): boolean {
  return error instanceof AppError && (isFilterRefusal(error) || (error.code === 'unsupported' && (error.data.learnedKeys?.length ?? 0) > 0));
}

/** Lists the whole collection once, keeping only the resources that carry a wanted key. */
async function listAndMatch(
  engine: ScimEngine,
  attribute: BulkKeyAttribute,
  matches: Matches,
  keys: number,
  why: string | undefined,
  options: MatchOptions,
  alreadyDone = 0,
): Promise<KeyMatch> {
  const notes: string[] = [];
  let listed = 0;
  let total: number | null = null;
  // Each page is cut down as it arrives: resources no key names become their id alone.
  const shape = (resource: ScimResource): ScimResource => (keyValues(resource, attribute).some((v) => matches.wants(v)) ? resource : { id: resource.id });
  const input = { connectionId: options.connectionId, endpoint: options.endpoint, pageSize: LIST_PAGE, parallel: PARALLEL, ...projection(options) };
  for await (const { page, warning } of engine.listAll(input, options.signal, shape)) {
    await options.checkpoint?.();
    for (const resource of page.resources) matches.offer(resource, keyValues(resource, attribute), versionOf(resource));
    await matches.settle();
    listed += page.resources.length;
    total = page.totalResults ?? total;
    if (warning) notes.push(`The listing stopped early, so some rows may be reported not found: ${warning}`);
    options.progress?.(alreadyDone + (total ? Math.floor(((keys - alreadyDone) * listed) / Math.max(total, listed)) : 0), keys);
  }
  const what = noun(options.endpoint);
  return keyMatch(matches, `listed all ${count(listed, what.replace(/s$/, ''), what)} and matched ${attribute} here${why ? ` (${why})` : ''}`, notes);
}
