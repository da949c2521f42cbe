/**
 * Responses (RFC 7644 §3.4.2, §3.12, §8.1; RFC 7643 §3.1): the media type, the ListResponse envelope,
 * `id` and `meta` on resources, reading one resource by id, and the 404 (with a SCIM error) for an id
 * that does not exist. Judged on a small sample: one page of each list, one read, one miss.
 */
import { MESSAGE_LIST_RESPONSE, typeOfKind } from '../../../../shared/scim';
import { fail, pass, skipped, type Check, type CheckContext, type CheckOutcome } from '../types';
import { shortUrn } from './discovery-documents';
import { groupsPage, unknownUser, userById, usersPage, type SamplePage } from './response-samples';
import { Findings, field, gradeErrorBody, gradeMediaType, isObject, named, quote, type Json } from './verdict-findings';

/** RFC 7644 §3.4.2: `totalResults`, `Resources`, and `startIndex`/`itemsPerPage` on a partial page. */
function listOutcome(page: SamplePage): CheckOutcome {
  const request = named('GET', page.path);
  const { response, list } = page;
  if (response.status !== 200) return fail(`${request} answered ${response.status}.`);
  if (response.json === undefined) return fail(`${request} did not answer JSON (${response.mediaType || 'no Content-Type'}).`);
  if (list.shape === 'bare-array') return fail(`${request} answered a bare JSON array of ${list.items.length}, not a ListResponse.`);
  if (list.shape === 'not-list') return fail(`${request} answered no JSON object.`);
  const body = list.body!;
  const findings = new Findings();
  const total = field(body, 'totalResults');
  const totalOk = typeof total === 'number' && Number.isInteger(total) && total >= 0;
  if (total === undefined) findings.fail('no "totalResults" (REQUIRED)');
  else if (!totalOk) findings.fail(`"totalResults" is ${quote(total, 20)}, not a count`);
  if (list.resourcesKey === undefined) {
    if (!totalOk || total > 0) findings.fail('no "Resources" (REQUIRED when totalResults is not 0)');
  } else if (!Array.isArray(body[list.resourcesKey])) findings.fail(`"${list.resourcesKey}" is not a list`);
  else if (list.resourcesKey !== 'Resources')
    findings.warn(
      `the resources are under ${quote(list.resourcesKey)}, not "Resources" (names are case-insensitive, but clients that read keys exactly find none)`,
    );
  const schemas = field(body, 'schemas');
  if (!Array.isArray(schemas) || !schemas.includes(MESSAGE_LIST_RESPONSE)) findings.warn('"schemas" does not name the ListResponse schema');
  const partial = totalOk && total > list.items.length;
  for (const name of ['startIndex', 'itemsPerPage']) {
    const value = field(body, name);
    if (value === undefined) {
      if (partial) findings.warn(`no "${name}" on a partial page (REQUIRED when paging)`);
    } else if (typeof value !== 'number' || !Number.isInteger(value)) findings.fail(`"${name}" is ${quote(value, 20)}, not an integer`);
  }
  const perPage = field(body, 'itemsPerPage');
  if (typeof perPage === 'number' && perPage !== list.items.length)
    findings.warn(`"itemsPerPage" is ${perPage} for ${list.items.length} resources on the page`);
  return findings.outcome(`${request} answered a ListResponse of ${list.items.length} of ${String(total)}.`, `${request} answered a ListResponse, but `);
}

const listMeaning = (what: string) => ({
  pass: `Clients can read ${what} lists and page through them.`,
  warn: `${what} lists are readable by tolerant clients; strict ones may miss resources or paging.`,
  fail: `Clients cannot read ${what} lists.`,
});

/** Resources to judge: the sample page's, and the one read by id. */
async function sampled(ctx: CheckContext): Promise<Array<{ resource: Json; where: string }>> {
  const page = await usersPage(ctx);
  const out = page.resources.map((resource, i) => ({ resource, where: `${named('GET', page.path)} #${i + 1}` }));
  const read = await userById(ctx);
  if (read && isObject(read.response.json) && read.response.status === 200) out.push({ resource: read.response.json, where: named('GET', read.path) });
  return out;
}

const noUsers = () => skipped('The sample page of users has no resources to inspect (see responses.list.users).');
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export const responseChecks: Check[] = [
  {
    id: 'responses.content-type',
    title: 'Answers are application/scim+json',
    rfc: 'RFC 7644 §8.1',
    group: 'responses',
    writes: false,
    profiles: ['rfc', 'entra', 'okta'],
    meaning: {
      pass: 'Answers declare the SCIM media type.',
      warn: 'Answers are plain application/json: clients accept it, the RFC asks for application/scim+json.',
      fail: 'Answers do not declare JSON: clients may refuse to parse them.',
    },
    async run(ctx) {
      const page = await usersPage(ctx);
      const read = await userById(ctx);
      const findings = new Findings();
      gradeMediaType(page.response, `the answer to ${named('GET', page.path)}`, findings);
      if (read) gradeMediaType(read.response, `the answer to ${named('GET', read.path)}`, findings);
      return findings.outcome('Answers are sent as application/scim+json.');
    },
  },
  {
    id: 'responses.list.users',
    title: 'Users are listed in a ListResponse',
    rfc: 'RFC 7644 §3.4.2',
    group: 'responses',
    writes: false,
    profiles: ['rfc', 'entra', 'okta'],
    meaning: listMeaning('user'),
    consequence: {
      entra: 'Entra cannot read the answers to its `userName eq` lookups, so it cannot match existing users: expect duplicates or failed provisioning cycles.',
      okta: 'Okta cannot read its user lookups and imports: matching and import fail.',
    },
    run: async (ctx) => listOutcome(await usersPage(ctx)),
  },
  {
    id: 'responses.list.groups',
    title: 'Groups are listed in a ListResponse',
    rfc: 'RFC 7644 §3.4.2',
    group: 'responses',
    writes: false,
    profiles: ['rfc', 'entra', 'okta'],
    meaning: listMeaning('group'),
    consequence: {
      entra: 'Entra cannot read the answers to its `displayName eq` group lookups: group provisioning fails or duplicates groups.',
      okta: 'Okta cannot read its group lookups: Group Push fails or links the wrong groups.',
    },
    async run(ctx) {
      const page = groupsPage(ctx);
      if (!page) return skipped('The server has no Groups resource type.');
      return listOutcome(await page);
    },
  },
  {
    id: 'responses.resource-id',
    title: 'Resources carry an id and their schemas',
    rfc: 'RFC 7643 §3.1',
    group: 'responses',
    writes: false,
    profiles: ['rfc', 'entra', 'okta'],
    meaning: {
      pass: 'Every resource has a unique string id and names its schemas.',
      warn: 'Ids are usable, but not as the RFC shapes them (numbers, or no schemas).',
      fail: 'Some resources have no usable id: clients cannot address them afterwards.',
    },
    consequence: {
      entra: 'Entra cannot store the id of the user it matched or created, so later updates and deactivations go nowhere.',
      okta: 'Okta cannot store the id of the user it created, so later updates and deactivations fail.',
    },
    async run(ctx) {
      const resources = await sampled(ctx);
      if (resources.length === 0) return noUsers();
      const coreSchema = typeOfKind(ctx.capabilities, 'users')?.schema;
      const findings = new Findings();
      const ids = new Set<string>();
      const onPage = (await usersPage(ctx)).resources;
      for (const { resource, where } of resources) {
        const id = field(resource, 'id');
        if (id === undefined || id === null || id === '') findings.fail('a resource has no "id"', where);
        else if (typeof id === 'number') findings.warn('"id" is a JSON number, not a string', where);
        else if (typeof id !== 'string') findings.fail(`"id" is a ${Array.isArray(id) ? 'list' : typeof id}`, where);
        if (onPage.includes(resource) && id !== undefined && id !== null) {
          if (ids.has(String(id))) findings.fail('two resources on one page share an id', where);
          ids.add(String(id));
        }
        const schemas = field(resource, 'schemas');
        if (!Array.isArray(schemas)) findings.warn('a resource has no "schemas"', where);
        else if (coreSchema && !schemas.some((s) => typeof s === 'string' && s.toLowerCase() === coreSchema.toLowerCase()))
          findings.warn(`"schemas" does not name ${shortUrn(coreSchema)}`, where);
      }
      return findings.outcome(`${resources.length} resources each carry a string id and their schemas.`);
    },
  },
  {
    id: 'responses.resource-meta',
    title: 'Resources carry meta (resourceType, location, created, lastModified)',
    rfc: 'RFC 7643 §3.1',
    group: 'responses',
    writes: false,
    profiles: ['rfc'],
    meaning: {
      pass: 'Resources say what they are, where they live and when they changed.',
      warn: 'Resource metadata is missing or off the RFC: clients cannot show or use it (links, change dates).',
    },
    async run(ctx) {
      const resources = await sampled(ctx);
      if (resources.length === 0) return noUsers();
      const typeName = typeOfKind(ctx.capabilities, 'users')?.name ?? 'User';
      const findings = new Findings();
      for (const { resource, where } of resources) {
        const meta = field(resource, 'meta');
        if (meta === undefined) {
          findings.warn('a resource has no "meta"', where);
          continue;
        }
        if (!isObject(meta)) {
          findings.warn('"meta" is not an object', where);
          continue;
        }
        const resourceType = field(meta, 'resourceType');
        if (typeof resourceType !== 'string') findings.warn('no "meta.resourceType"', where);
        else if (resourceType.toLowerCase() !== typeName.toLowerCase())
          findings.warn(`"meta.resourceType" is ${quote(resourceType, 40)}, not ${quote(typeName)}`, where);
        const location = field(meta, 'location');
        if (typeof location !== 'string' || location === '') findings.warn('no "meta.location"', where);
        else if (!/^https?:\/\//i.test(location)) findings.warn('"meta.location" is not an absolute URL', where);
        for (const name of ['created', 'lastModified']) {
          const value = field(meta, name);
          if (value === undefined) findings.warn(`no "meta.${name}"`, where);
          else if (typeof value !== 'string' || !DATE_TIME.test(value)) findings.warn(`"meta.${name}" is not an xsd:dateTime`, where);
        }
      }
      return findings.outcome(`${resources.length} resources each carry meta with resourceType, an absolute location, created and lastModified.`);
    },
  },
  {
    id: 'responses.get-by-id',
    title: 'A listed user can be read by its id',
    rfc: 'RFC 7644 §3.4.1',
    group: 'responses',
    writes: false,
    profiles: ['rfc', 'entra', 'okta'],
    meaning: {
      pass: 'A resource is read back at its endpoint and id.',
      fail: 'A resource the list returned cannot be read by its id.',
    },
    consequence: {
      entra: 'Entra cannot read back the users it manages by id: updates fail.',
      okta: 'Okta reads a user by id before updating it: updates and deactivations fail.',
    },
    async run(ctx) {
      const read = await userById(ctx);
      if (!read) return noUsers();
      const request = named('GET', read.path);
      const { response } = read;
      if (response.status !== 200) return fail(`${request} answered ${response.status} for an id the list returned.`);
      if (!isObject(response.json)) return fail(`${request} answered 200 without a JSON resource.`);
      const id = field(response.json, 'id');
      if (String(id) !== String(read.id)) return fail(`${request} answered a resource with id ${quote(id, 60)}.`);
      return pass(`${request} answered the same user.`);
    },
  },
  {
    id: 'responses.not-found',
    title: 'An unknown id gets 404',
    rfc: 'RFC 7644 §3.12',
    group: 'responses',
    writes: false,
    profiles: ['rfc', 'entra', 'okta'],
    meaning: {
      pass: 'A missing resource is reported as missing.',
      fail: 'A missing resource is not reported with 404: clients cannot tell a deleted user from a failure.',
    },
    consequence: {
      entra: 'Entra cannot tell that a user was deleted on the server side: it retries instead of re-creating or skipping it.',
      okta: 'Okta cannot tell that a user is gone: its updates keep failing instead of re-creating the user.',
    },
    async run(ctx) {
      const { path, response } = await unknownUser(ctx);
      const request = named('GET', path);
      if (response.status === 404) return pass(`${request} answered 404.`);
      if (response.status >= 200 && response.status < 300) return fail(`${request} answered ${response.status} for an id that does not exist.`);
      return fail(`${request} answered ${response.status}, not 404, for an id that does not exist.`);
    },
  },
  {
    id: 'responses.error-body',
    title: 'Errors carry a SCIM error body',
    rfc: 'RFC 7644 §3.12',
    group: 'responses',
    writes: false,
    profiles: ['rfc'],
    meaning: {
      pass: 'Errors explain themselves in a form clients can show.',
      warn: 'Errors are readable, a little off §3.12 (clients tolerate it).',
      fail: 'Errors have no SCIM error body: clients can only show the status code.',
    },
    async run(ctx) {
      const { path, response } = await unknownUser(ctx);
      if (response.status < 400) return skipped(`${named('GET', path)} answered ${response.status}, so there is no error to read (see responses.not-found).`);
      const findings = new Findings();
      gradeErrorBody(response, `the ${response.status} to ${named('GET', path)}`, findings);
      const detail = isObject(response.json) && typeof field(response.json, 'detail') === 'string' ? ' and a detail' : ' (no detail, which is optional)';
      return findings.outcome(`The ${response.status} carries a SCIM error with the Error schema and status "${response.status}"${detail}.`);
    },
  },
];
