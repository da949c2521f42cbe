/**
 * The discovery documents as the checks fetch them, once per run (memoized: every check that reads one
 * cites the exchanges that fetched it), and a tolerant reading of list answers (ListResponse, a
 * lowercase `resources`, a bare array) so each check can say exactly how the answer deviates.
 */
import type { CheckContext, ProbeResponse } from '../types';
import { field, isObject, type Json } from './verdict-findings';

export const discoveryEndpoints = ['ServiceProviderConfig', 'ResourceTypes', 'Schemas'] as const;
export type DiscoveryEndpoint = (typeof discoveryEndpoints)[number];

export interface DiscoveryDocument {
  endpoint: DiscoveryEndpoint;
  /** The answer at the RFC 7644 §4 path. */
  atRfcPath: ProbeResponse;
  /** The 200 answer read: at the RFC path, or at another spelling (`/resourceTypes`) when that one is 404. */
  found?: { path: string; response: ProbeResponse };
}

/** Spellings some servers use instead of the RFC's (Confirmit's `/v2/resourceTypes`), tried after a 404. */
function spellings(endpoint: DiscoveryEndpoint): string[] {
  return [...new Set([endpoint.charAt(0).toLowerCase() + endpoint.slice(1), endpoint.toLowerCase()])].filter((s) => s !== endpoint);
}

export function discoveryDocument(ctx: CheckContext, endpoint: DiscoveryEndpoint): Promise<DiscoveryDocument> {
  return ctx.memo(`discovery.document.${endpoint}`, async () => {
    const atRfcPath = await ctx.send({ method: 'GET', path: endpoint });
    if (atRfcPath.status === 200) return { endpoint, atRfcPath, found: { path: endpoint, response: atRfcPath } };
    if (atRfcPath.status !== 404) return { endpoint, atRfcPath };
    for (const path of spellings(endpoint)) {
      const response = await ctx.send({ method: 'GET', path });
      if (response.status === 200) return { endpoint, atRfcPath, found: { path, response } };
    }
    return { endpoint, atRfcPath };
  });
}

export interface ListReading {
  shape: 'list' | 'bare-array' | 'not-list';
  /** The envelope, when the answer is an object. */
  body?: Json;
  /** The key that held the resources (`Resources`, or the server's spelling), when there was one. */
  resourcesKey?: string;
  items: unknown[];
}

/** A list answer read whatever its shape; `items` are what it holds (objects or not). */
export function readList(json: unknown): ListReading {
  if (Array.isArray(json)) return { shape: 'bare-array', items: json };
  if (!isObject(json)) return { shape: 'not-list', items: [] };
  const key = Object.keys(json).find((k) => k.toLowerCase() === 'resources');
  const value = key === undefined ? undefined : json[key];
  return { shape: 'list', body: json, ...(key !== undefined ? { resourcesKey: key } : {}), items: Array.isArray(value) ? value : [] };
}

/** The objects a found ResourceTypes or Schemas document lists (undefined when there is no document). */
export async function discoveryItems(ctx: CheckContext, endpoint: 'ResourceTypes' | 'Schemas'): Promise<Json[] | undefined> {
  const doc = await discoveryDocument(ctx, endpoint);
  if (!doc.found) return undefined;
  return readList(doc.found.response.json).items.filter(isObject);
}

/** The ServiceProviderConfig object, when one was found. */
export async function serviceProviderConfig(ctx: CheckContext): Promise<Json | undefined> {
  const doc = await discoveryDocument(ctx, 'ServiceProviderConfig');
  const json = doc.found?.response.json;
  return isObject(json) ? json : undefined;
}

/** A string-valued key (case-insensitive), or undefined. */
export const text = (object: Json, name: string): string | undefined => {
  const value = field(object, name);
  return typeof value === 'string' ? value : undefined;
};

/** `urn:ietf:params:scim:schemas:core:2.0:User` → `User`: attribute paths in messages stay short. */
export const shortUrn = (urn: string): string => urn.split(':').pop() || urn;
