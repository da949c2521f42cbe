/**
 * Bulk changes end to end through the contract (issue #14) against the demo personas modelled on
 * real vendors' deviations (see ../../../../shared/README.md), none of which advertises /Bulk:
 *   cortex     filters only `userName eq "…"` (others answer 400), a rate limit of 20 requests/s
 *              answered 429 with Retry-After, no ETags, no discovery;
 *   confirmit  integer ids, lowercase paths, list key `resources`, PatchOp key `operations`, no
 *              `title` in its schema (the family name is set instead), no ETags;
 *   coginiti   filters only `userName eq`, and any other filter silently answers every user; no ETags.
 * The cases are in integration-suite.ts: where a deviation is in the way, they assert what the app
 * does about it (matching by externalId still finds exactly the rows' users; conflicts are found
 * by a re-read without ETags; the rate limit costs time, not failures).
 */
import { startDemoServer, type DemoPersona } from '../demo';
import { bulkSuite } from './integration-suite';

const TOKEN = 'bulk-vendors-token-0b77d3';
/** Enough that a file's few keys are searched with filters rather than matched in a listing. */
const USERS = 200;
/** Cortex refuses `or`: seven keys are then cheaper as one `eq` each only next to several pages of users. */
const CORTEX_USERS = 2_000;

const demo =
  (persona: DemoPersona, users = USERS) =>
  async () => {
    const server = await startDemoServer({ users, seed: 14, token: TOKEN, personas: [persona] });
    return { baseUrl: server.baseUrl(persona), token: TOKEN, close: () => server.close() };
  };

// At 20 requests/s, the deactivation of 26 and its undo take some seconds: a longer time limit, no assertion on time.
bulkSuite('cortex persona', demo('cortex', CORTEX_USERS), { attribute: { column: 'Title', path: 'title' }, bulk: false, matching: 'eq', timeoutMs: 90_000 });
bulkSuite('confirmit persona', demo('confirmit'), { attribute: { column: 'Last name', path: 'name.familyName' }, bulk: false, matching: 'or' });
bulkSuite('coginiti persona', demo('coginiti'), { attribute: { column: 'Title', path: 'title' }, bulk: false, matching: 'list' });
