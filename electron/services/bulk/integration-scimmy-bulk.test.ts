/**
 * Bulk changes against SCIMMY with its own /Bulk turned on and a small maxOperations (5): the send
 * goes through /Bulk, split so that no request carries more operations than the server allows.
 * A file of its own: SCIMMY's config is process-wide, and each test file runs in a worker of its own.
 */
import SCIMMY from 'scimmy';
import { startScimmyServer } from '../../../test/support/scimmy-server';
import { bulkSuite } from './integration-suite';

const TOKEN = 'bulk-scimmy-bulk-token-3c90aa';
const MAX_OPERATIONS = 5;
const USERS = 200;

bulkSuite(
  'SCIMMY with Bulk (maxOperations 5)',
  async () => {
    const server = await startScimmyServer({ token: TOKEN, users: USERS, groups: 3 });
    // The test server turns Bulk off; turned back on before the app discovers it.
    SCIMMY.Config.set({ bulk: { supported: true, maxOperations: MAX_OPERATIONS, maxPayloadSize: 1048576 } });
    return { baseUrl: server.baseUrl, token: TOKEN, close: () => server.close() };
  },
  { attribute: { column: 'Family name', path: 'name.familyName' }, bulk: { maxOperations: MAX_OPERATIONS }, matching: 'or' },
);
