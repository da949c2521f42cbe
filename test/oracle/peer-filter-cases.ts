import { SCIM2_PARSE_FILTER_CASES } from './peers/scim2-parse-filter';
import { SCIMMY_FILTER_CASES } from './peers/scimmy-filter';
import type { PeerFilterCase } from './peers/types';

/** Every filter case of the peers' suites (see ./peers/types.ts for the sources and their commits). */
export const PEER_FILTER_CASES: readonly PeerFilterCase[] = [...SCIM2_PARSE_FILTER_CASES, ...SCIMMY_FILTER_CASES];
