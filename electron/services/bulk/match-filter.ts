/**
 * A filter source's targets (issue #14): every resource the filter matches, read a page at a time and
 * planned as it comes, never held whole.
 */
import { AppError, type ScimResource } from '../../../shared/contract';
import { compileFilter, parseFilter } from '../../../shared/filter';
import type { ScimEngine } from '../engine/engine';
import { LIST_PAGE, PARALLEL, type Found, type MatchOptions } from './match';
import { countOf as count, nounOfEndpoint as noun, versionOf } from './resources';

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Every resource a filter matches, a page at a time. A server seen to ignore the filter (it answers
 * resources that do not match) is caught by the page check, and the filter is then applied here.
 */
export async function matchFilter(
  engine: ScimEngine,
  filter: string,
  expectedCount: number,
  options: MatchOptions & { limit: number },
  onPage: (found: Found[]) => Promise<void>,
): Promise<{ matchedBy: string; notes: string[]; matched: number }> {
  const notes: string[] = [];
  let matched = 0;
  let local: ((resource: ScimResource) => boolean) | undefined;
  let requests = 0;
  const input = { connectionId: options.connectionId, endpoint: options.endpoint, filter, pageSize: LIST_PAGE, parallel: PARALLEL };
  for await (const { page, warning } of engine.listAll(input, options.signal)) {
    await options.checkpoint?.();
    requests += 1;
    if (!local && page.filterCheck && page.filterCheck.mismatches > 0) {
      local = localFilter(filter);
      notes.push('The server ignored the filter (it answered resources that do not match): it was applied here to what it listed.');
    }
    const kept = local ? page.resources.filter(local) : page.resources;
    const room = options.limit - matched;
    const found = kept.slice(0, room).map((resource) => ({ resource, ...(versionOf(resource) ? { etag: versionOf(resource) } : {}) }));
    matched += found.length;
    if (found.length > 0) await onPage(found);
    if (warning) notes.push(`The listing stopped early: ${warning}`);
    options.progress?.(matched, Math.max(expectedCount, matched));
    if (kept.length > room) {
      notes.push(`The filter matches more than ${count(options.limit, 'target')}; only the first ${count(options.limit, 'target')} are planned.`);
      break;
    }
  }
  if (matched > expectedCount)
    notes.push(
      `The filter now matches ${count(matched, noun(options.endpoint).replace(/s$/, ''), noun(options.endpoint))}, ${matched - expectedCount} more than counted.`,
    );
  else if (matched < expectedCount) notes.push(`The filter now matches ${matched.toLocaleString('en-US')}, ${expectedCount - matched} fewer than counted.`);
  return { matchedBy: `filter \`${filter.length > 200 ? `${filter.slice(0, 199)}…` : filter}\` in ${count(requests, 'request')}`, notes, matched };
}

function localFilter(filter: string): (resource: ScimResource) => boolean {
  try {
    const predicate = compileFilter(parseFilter(filter));
    return (resource) => {
      try {
        return predicate(resource);
      } catch {
        return false;
      }
    };
  } catch (error) {
    throw new AppError({ code: 'invalid_input', message: `The server ignores the filter and it cannot be applied here: ${errorText(error)}` });
  }
}
