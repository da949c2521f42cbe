/**
 * `cortex` (seeds 000/001): Users only, no Groups and no discovery, bearer token, filters limited
 * to `userName eq "…"` (anything else: 400), an extra `domain` query parameter, creates answer
 * 200, deletes answer 200 with the deleted user, and a token-bucket rate limit answering
 * `429 Too Many Requests` as application/problem+json with `Retry-After`.
 */
import { ScimError } from '../types';
import { parseFilterOr400 } from '../query';
import { isUserNameEq } from './filters';
import { rfcPersona } from './rfc';
import type { PersonaSpec } from './types';

export const cortexPersona: PersonaSpec = {
  ...rfcPersona,
  bulk: undefined, // no Bulk: only the rfc persona offers it
  id: 'cortex',
  label: 'Cortex',
  basePath: '/cortex/scim/v2',
  description:
    'Cortex: Users only (no Groups, no discovery endpoints), filters limited to userName eq "…" (others answer 400), an extra domain parameter, 200 on create and delete, no ETags, and a rate limit answering 429 problem+json with Retry-After.',
  routes: { Users: 'Users' },
  publicDiscovery: false,
  rateLimited: true,
  etags: false,
  cursor: false,
  strict: false,
  userGroups: false,
  createStatus: 200,
  filterPolicy: (text) => {
    const node = parseFilterOr400(text);
    if (!isUserNameEq(node)) {
      throw new ScimError(400, `Unsupported filter ${JSON.stringify(text)}: only userName eq "<email>" is supported`, 'invalidFilter');
    }
    return node;
  },
  hooks: {
    // "200 Returns deleted user data"
    deleted: (_kind, rendered) => ({ status: 200, body: rendered }),
  },
};
