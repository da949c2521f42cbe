import { AppError, type ListPage, type Quirk } from '../../../shared/contract';
import { getCaseInsensitive } from './response';

export function resourceUrl(baseUrl: string, endpoint: string, query?: Record<string, string | number | undefined>): URL {
  const base = baseUrl.replace(/\/+$/, '');
  const path = endpoint.replace(/^\/+/, '');
  const url = new URL(`${base}/${path}`);
  for (const [name, value] of Object.entries(query ?? {})) if (value !== undefined && value !== '') url.searchParams.set(name, String(value));
  return url;
}

export function readListResponse(json: unknown, quirks: Quirk[], what: string, options: { cursor?: boolean } = {}): ListPage {
  if (Array.isArray(json)) {
    quirks.push({ code: 'list.bare-array', message: 'The server answers lists with a bare JSON array instead of a ListResponse.' });
    return { resources: json.filter(isObject), totalResults: null, startIndex: null, itemsPerPage: null, nextCursor: null, filterCheck: null, quirks };
  }
  if (json === null) throw new AppError({ code: 'not_scim', message: `${what} answered an empty body where a ListResponse was expected.` });
  if (!isObject(json)) throw new AppError({ code: 'not_scim', message: `${what} answered JSON that is neither a ListResponse nor an array.` });
  const resources = getCaseInsensitive(json, 'Resources');
  if (resources && resources.key !== 'Resources') {
    quirks.push({ code: 'list.resources-key-case', message: `The server returns "${resources.key}" instead of "Resources" in list responses.` });
  }
  if (resources && !Array.isArray(resources.value)) throw new AppError({ code: 'not_scim', message: `${what}: "${resources.key}" is not an array.` });
  const total = readInt(getCaseInsensitive(json, 'totalResults')?.value);
  const startIndex = readInt(getCaseInsensitive(json, 'startIndex')?.value);
  const itemsPerPage = readInt(getCaseInsensitive(json, 'itemsPerPage')?.value);
  if (!resources && total === null)
    throw new AppError({
      code: 'not_scim',
      message: `${what} answered JSON without "Resources" or "totalResults"; it does not look like a SCIM ListResponse.`,
    });
  if (total === null) quirks.push({ code: 'list.no-total', message: 'The server omits totalResults from list responses.' });
  // RFC 9865 cursor pages carry no startIndex (the last one has only previousCursor): not a deviation.
  const cursorPage =
    options.cursor === true || getCaseInsensitive(json, 'nextCursor') !== undefined || getCaseInsensitive(json, 'previousCursor') !== undefined;
  if (startIndex === null && !cursorPage) quirks.push({ code: 'list.no-start-index', message: 'The server omits startIndex from list responses.' });
  const schemas = getCaseInsensitive(json, 'schemas')?.value;
  if (!Array.isArray(schemas) || !schemas.some((s) => typeof s === 'string' && s.toLowerCase() === LIST_RESPONSE_URN.toLowerCase())) {
    quirks.push({ code: 'list.no-schemas', message: 'List responses lack the ListResponse schema URN in "schemas".' });
  }
  const list = ((resources?.value as unknown[]) ?? []).filter(isObject);
  if (itemsPerPage !== null && itemsPerPage !== list.length) {
    quirks.push({ code: 'list.items-per-page', message: `itemsPerPage (${itemsPerPage}) differs from the number of resources returned (${list.length}).` });
  }
  const cursor = getCaseInsensitive(json, 'nextCursor')?.value;
  const nextCursor = typeof cursor === 'string' && cursor.length > 0 ? cursor : null;
  if (!resources && list.length === 0 && total !== null && total > 0 && !nextCursor) {
    quirks.push({ code: 'list.no-resources', message: 'The server reported results but sent no "Resources" array.' });
  }
  return { resources: list, totalResults: total, startIndex, itemsPerPage, nextCursor, filterCheck: null, quirks };
}

const LIST_RESPONSE_URN = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

function readInt(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return Math.trunc(value);
  if (typeof value === 'string' && /^\d+$/.test(value.trim())) return Number(value);
  return null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
