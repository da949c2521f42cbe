/**
 * Bulk changes end to end through the contract (issue #14) against the demo's RFC-complete persona,
 * which advertises /Bulk (maxOperations 100) and ETags, and against SCIMMY, a SCIM server we did not
 * write, which advertises neither. The cases are in integration-suite.ts; the vendor personas are in
 * integration-vendors.test.ts.
 */
import { startScimmyServer } from '../../../test/support/scimmy-server';
import { startDemoServer } from '../demo';
import { bulkSuite } from './integration-suite';

const TOKEN = 'bulk-integration-token-5e21c9';
/** Enough that a file's few keys are searched with filters rather than matched in a listing. */
const USERS = 200;

bulkSuite(
  'rfc persona',
  async () => {
    const server = await startDemoServer({ users: USERS, seed: 14, token: TOKEN, personas: ['rfc'] });
    return { baseUrl: server.baseUrl('rfc'), token: TOKEN, close: () => server.close() };
  },
  { attribute: { column: 'Title', path: 'title' }, bulk: { maxOperations: 100 }, matching: 'or' },
);

bulkSuite(
  'SCIMMY',
  async () => {
    const server = await startScimmyServer({ token: TOKEN, users: USERS, groups: 3 });
    return { baseUrl: server.baseUrl, token: TOKEN, close: () => server.close() };
  },
  // SCIMMY's seeded users have no title: the family name is what every row can repeat as it is.
  { attribute: { column: 'Family name', path: 'name.familyName' }, bulk: false, matching: 'or' },
);
