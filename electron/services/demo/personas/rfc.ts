/** `rfc`: the RFC 7643/7644-complete server (like seed 002), with RFC 9865 cursor paging. */
import { parseFilterOr400 } from '../query';
import type { PersonaSpec } from './types';

export const rfcPersona: PersonaSpec = {
  id: 'rfc',
  label: 'RFC 7644 (complete)',
  basePath: '/rfc/scim/v2',
  description:
    'A by-the-book SCIM 2.0 server: full filters, sorting, index and cursor paging, attribute projection, ETags with If-Match/If-None-Match, 201/204 answers, Bulk with bulkId references and public discovery; no deviations.',
  routes: {
    Users: 'Users',
    Groups: 'Groups',
    ServiceProviderConfig: 'ServiceProviderConfig',
    ResourceTypes: 'ResourceTypes',
    Schemas: 'Schemas',
    '.search': 'search',
    Bulk: 'Bulk',
  },
  idStyle: 'uuid',
  publicDiscovery: true,
  rateLimited: false,
  etags: true,
  cursor: true,
  sort: true,
  strict: true,
  userGroups: true,
  contentType: 'application/scim+json',
  createStatus: 201,
  maxResults: 1000,
  defaultCount: 100,
  bulk: { maxOperations: 100, maxPayloadSize: 1048576 },
  filterPolicy: (text) => parseFilterOr400(text),
};
