import type { ResourceResult, ScimResource } from '../../../../shared/contract';
import type { PatchDialect } from '../../../../shared/patch';
import { useBridge } from '../../bridge';
import { keyOf } from '../../scim';
import type { Review } from './model';

export interface Versioned {
  resource: ScimResource;
  etag: string | null;
}

export interface ResourceScope {
  connectionId: string;
  endpoint: string;
  id: string | number;
  /** Attributes the panel reads without (a group's members); writes keep them intact. */
  excluded?: string[];
}

/** The detail panel's reads and writes of one resource: PATCH or PUT with its ETag, and the stored version after. */
export function useResourceWrites({ connectionId, endpoint, id, excluded }: ResourceScope) {
  const bridge = useBridge();
  const projection = excluded ? { excludedAttributes: excluded } : {};

  /** The stored version as the panel shows it: excluded attributes left out, as in the read. */
  const shape = (resource: ScimResource): ScimResource => {
    if (!excluded) return resource;
    const copy = { ...resource };
    for (const name of excluded) delete copy[keyOf(copy, name)];
    return copy;
  };

  const read = async (): Promise<Versioned> => {
    const again = await bridge.call('scim.get', { connectionId, endpoint, id, ...projection });
    return { resource: again.resource, etag: again.etag };
  };

  /** What a write answered, or (a 204 without a body) the stored version read back. */
  const stored = async (result: ResourceResult): Promise<Versioned> =>
    Object.keys(result.resource).length > 0 ? { resource: shape(result.resource), etag: result.etag } : read();

  const write = async (review: Review, dialect: PatchDialect): Promise<ResourceResult> => {
    const etag = review.etag ?? undefined;
    if (review.kind === 'put') {
      let resource = review.edited;
      if (excluded) {
        // The panel read the resource without them; a PUT without them would erase them. Carry the stored ones over.
        const full = await bridge.call('scim.get', { connectionId, endpoint, id });
        for (const name of excluded) {
          const value = full.resource[keyOf(full.resource, name)];
          if (value !== undefined) resource = { ...resource, [name]: value };
        }
      }
      return bridge.call('scim.replace', { connectionId, endpoint, id, resource, ...(etag ? { etag } : {}) });
    }
    // Asking back only a few attributes keeps a 10,000-member group out of the answer.
    return bridge.call('scim.patch', {
      connectionId,
      endpoint,
      id,
      operations: review.ops,
      dialect,
      ...(etag ? { etag } : {}),
      ...(excluded ? { attributes: ['id', 'displayName', 'externalId', 'meta'] } : {}),
    });
  };

  const remove = (etag: string | null | undefined) => bridge.call('scim.delete', { connectionId, endpoint, id, ...(etag ? { etag } : {}) });

  return { read, stored, write, remove };
}
