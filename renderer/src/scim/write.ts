import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Bridge, ResourceResult, ScimResource } from '../../../shared/contract';
import { keyOf } from '../../../shared/filter/resource-access';
import type { PatchDialect, PatchOperation } from '../../../shared/patch';
import { useBridge } from '../bridge';
import { scimKeys } from './keys';

// Writing one resource as the detail panel and the PatchOp composer do: PATCH or PUT with its If-Match,
// then what the server stored (its answer, or the resource read back) against what was asked.

/** A resource as read or stored, with the ETag it came with. */
export interface Versioned {
  resource: ScimResource;
  etag: string | null;
}

export interface ResourceScope {
  connectionId: string;
  endpoint: string;
  id: string | number;
  /** Attributes the caller reads without (a group's members): left out of what is read back, kept intact by writes. */
  excluded?: string[];
}

export interface WriteRequest {
  /** PATCH with these operations in the dialect, or PUT of the whole resource. */
  write: { operations: PatchOperation[]; dialect: PatchDialect } | { resource: ScimResource };
  /** The If-Match, where the server has ETags (ifMatchFor). */
  etag?: string | null;
  /** What the server should store; null: nothing to compare with. */
  asked: ScimResource | null;
}

export interface StoredWrite<C> {
  status: number;
  /** What the write answered: empty after a 204. */
  response: ScimResource;
  /** The answer carried no resource, so it was read back with GET. */
  reread: boolean;
  stored: Versioned;
  /** What was stored against what was asked; null when nothing was asked. */
  comparison: C | null;
}

const without = (resource: ScimResource, excluded: readonly string[] = []): ScimResource => {
  const copy = { ...resource };
  for (const name of excluded) delete copy[keyOf(copy, name)];
  return copy;
};

async function send(bridge: Bridge, { connectionId, endpoint, id, excluded }: ResourceScope, { write, etag }: WriteRequest): Promise<ResourceResult> {
  const target = { connectionId, endpoint, id, ...(etag ? { etag } : {}) };
  if ('operations' in write) {
    // Asking back only a few attributes keeps a 10,000-member group out of the answer.
    const attributes = excluded ? { attributes: ['id', 'displayName', 'externalId', 'meta'] } : {};
    return bridge.call('scim.patch', { ...target, operations: write.operations, dialect: write.dialect, ...attributes });
  }
  let resource = write.resource;
  if (excluded) {
    // Read without them, a PUT without them would erase them: the stored ones are carried over.
    const full = await bridge.call('scim.get', { connectionId, endpoint, id });
    for (const name of excluded) {
      const value = full.resource[keyOf(full.resource, name)];
      if (value !== undefined) resource = { ...resource, [name]: value };
    }
  }
  return bridge.call('scim.replace', { ...target, resource });
}

/** Sends a write; an answer without the resource (a 204) is followed by a read, as the caller reads the resource. */
export async function sendAndReadBack<C>(
  bridge: Bridge,
  scope: ResourceScope,
  request: WriteRequest,
  compare: (asked: ScimResource, stored: ScimResource) => C,
): Promise<StoredWrite<C>> {
  const result = await send(bridge, scope, request);
  const reread = Object.keys(result.resource).length === 0;
  const { connectionId, endpoint, id, excluded } = scope;
  const again = reread ? await bridge.call('scim.get', { connectionId, endpoint, id, ...(excluded ? { excludedAttributes: excluded } : {}) }) : null;
  const stored = again ? { resource: again.resource, etag: again.etag } : { resource: without(result.resource, excluded), etag: result.etag };
  return { status: result.status, response: result.resource, reread, stored, comparison: request.asked ? compare(request.asked, stored.resource) : null };
}

/** sendAndReadBack as a mutation; a success refreshes the endpoint's lists. */
export function useSendAndReadBack<C>(scope: ResourceScope, compare: (asked: ScimResource, stored: ScimResource) => C) {
  const bridge = useBridge();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: WriteRequest) => sendAndReadBack(bridge, scope, request, compare),
    onSuccess: () => {
      // Not awaited: the write is done whether or not the lists have refetched.
      void queryClient.invalidateQueries({ queryKey: scimKeys.browse(scope.connectionId, scope.endpoint) });
    },
  });
}
