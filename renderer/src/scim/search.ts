import type { ListPage } from '../../../shared/contract';
import { isBridgeError } from '../bridge/BridgeError';
import { scanProgressKey } from './keys';

/**
 * The `scim.list` parameters of a search that must come back right (a quick search, the member picker,
 * the Members tab search): the filter, sent as built while the server is not known to refuse or ignore
 * it; otherwise the main side matches it over the collection instead (at most MATCH_HERE_LIMIT
 * resources), pushing progress under `progressKey` and saying in the page's `scan` how much it read.
 */
export interface SearchInput {
  filter: string;
  matchHere: true;
  progressKey: string;
}

export function searchInput(connectionId: string, endpoint: string, filter: string): SearchInput {
  return { filter, matchHere: true, progressKey: scanProgressKey(connectionId, endpoint, filter) };
}

/**
 * A filter the server refused: a 400 or 501 from it, or refused at once by the main side because the
 * server refused one of its terms before (a learned fact, named in `learnedKeys`).
 */
export const isRefusedFilter = (error: unknown): boolean =>
  isBridgeError(error) && (error.data.status === 400 || error.data.status === 501 || (error.code === 'unsupported' && !!error.data.learnedKeys?.length));

/** What a page says of how its search was done, when the main side matched it (the server refused or ignored the filter). */
export const scanNote = (page: Pick<ListPage, 'scan'> | undefined): string | undefined => page?.scan?.reason;
