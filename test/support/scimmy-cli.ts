/**
 * Run the SCIMMY peer server by hand: `npx tsx test/support/scimmy-cli.ts [--token T] [--users N] [--groups N] [--relative]`.
 * Prints the base URL and token, and stays up until Ctrl-C.
 */
import { parseArgs } from 'node:util';
import { startScimmyServer } from './scimmy-server';

const { values } = parseArgs({
  options: { token: { type: 'string' }, users: { type: 'string' }, groups: { type: 'string' }, relative: { type: 'boolean' } },
});
const server = await startScimmyServer({
  token: values.token,
  users: values.users === undefined ? undefined : Number(values.users),
  groups: values.groups === undefined ? undefined : Number(values.groups),
  relativeLocations: values.relative,
});
console.log(`SCIMMY server: ${server.baseUrl}`);
console.log(`Bearer token:  ${server.token}`);
const stop = () => void server.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
