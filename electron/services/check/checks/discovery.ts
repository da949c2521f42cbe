/**
 * Discovery (RFC 7644 §4, RFC 7643 §5–7): the three documents are published, readable, well-formed
 * and consistent with each other, and the endpoints the resource types name answer. Read-only.
 */
import { MESSAGE_LIST_RESPONSE, SCHEMA_USER } from '../../../../shared/scim';
import { fail, skipped, unsupported, type Check, type CheckContext, type CheckOutcome } from '../types';
import { discoveryDocument, discoveryItems, readList, serviceProviderConfig, shortUrn, text, type DiscoveryEndpoint } from './discovery-documents';
import { checkResourceType, checkSchema, checkServiceProviderConfig, checkUserName, userNameAttribute } from './discovery-shape';
import { Findings, field, isObject, named, quote } from './verdict-findings';

const RFC_4 = 'RFC 7644 §4';

/** Whether the document is there, where, and (for the two lists) in ListResponse form. */
async function presence(ctx: CheckContext, endpoint: DiscoveryEndpoint): Promise<CheckOutcome> {
  const doc = await discoveryDocument(ctx, endpoint);
  const at = doc.atRfcPath;
  if (!doc.found) {
    if (at.status === 404) return fail(`${named('GET', endpoint)} answered 404 (and so did the other spellings tried): the server publishes no ${endpoint}.`);
    if (at.status === 501) return unsupported(`${named('GET', endpoint)} answered 501: the server says it has no ${endpoint}.`);
    if (at.status === 401 || at.status === 403) return fail(`${named('GET', endpoint)} answered ${at.status} even with the connection's credentials.`);
    return fail(`${named('GET', endpoint)} answered ${at.status}.`);
  }
  const { path, response } = doc.found;
  const findings = new Findings();
  if (path !== endpoint) findings.warn(`it answers only at /${path}; the RFC's /${endpoint} answered 404, so clients that follow the RFC do not find it`);
  if (response.json === undefined) findings.fail(`the answer is not JSON (${response.mediaType || 'no Content-Type'})`);
  else if (endpoint === 'ServiceProviderConfig') {
    if (!isObject(response.json)) findings.fail('the answer is not a JSON object');
  } else {
    const list = readList(response.json);
    if (list.shape === 'bare-array') findings.fail('the answer is a bare JSON array, not a ListResponse');
    else if (list.shape === 'not-list') findings.fail('the answer is not a ListResponse');
    else {
      const schemas = field(list.body!, 'schemas');
      if (!Array.isArray(schemas) || !schemas.includes(MESSAGE_LIST_RESPONSE)) findings.warn('the ListResponse does not name its schema');
      if (list.resourcesKey === undefined) findings.fail('the ListResponse has no "Resources"');
      else if (list.resourcesKey !== 'Resources')
        findings.warn(
          `the list is under ${quote(list.resourcesKey)}, not "Resources" (names are case-insensitive, but clients that read keys exactly find nothing)`,
        );
    }
    if (list.items.length === 0 && list.shape !== 'not-list') findings.warn('it lists nothing');
  }
  const count = endpoint === 'ServiceProviderConfig' ? '' : ` with ${readList(response.json).items.length} entries`;
  return findings.outcome(`${named('GET', path)} answered 200${count}.`, `${named('GET', path)} answered 200, but `);
}

const presenceMeaning = (what: string) => ({
  pass: `Clients can read the ${what}.`,
  warn: `The ${what} is readable, off the RFC in a way tolerant clients accept.`,
  fail: `Clients cannot read the ${what}; they must guess what the server supports.`,
  unsupported: `The server says it has no ${what}; clients must guess what it supports.`,
});

/** A well-formedness check: skipped without the document (its `.present` check says why). */
const wellFormed = (endpoint: DiscoveryEndpoint, presentId: string, read: (ctx: CheckContext, findings: Findings) => Promise<boolean>, passText: string) => {
  return async (ctx: CheckContext): Promise<CheckOutcome> => {
    const findings = new Findings();
    if (!(await read(ctx, findings))) return skipped(`There is no ${endpoint} document to read (see ${presentId}).`);
    return findings.outcome(passText);
  };
};

export const discoveryChecks: Check[] = [
  {
    id: 'discovery.spc.present',
    title: 'ServiceProviderConfig is published',
    rfc: RFC_4,
    group: 'discovery',
    writes: false,
    profiles: ['rfc'],
    meaning: presenceMeaning('feature list (PATCH, filter, sort, ETags, bulk, paging)'),
    run: (ctx) => presence(ctx, 'ServiceProviderConfig'),
  },
  {
    id: 'discovery.resource-types.present',
    title: 'ResourceTypes is published as a ListResponse',
    rfc: RFC_4,
    group: 'discovery',
    writes: false,
    profiles: ['rfc'],
    meaning: presenceMeaning('list of resource types and their endpoints'),
    run: (ctx) => presence(ctx, 'ResourceTypes'),
  },
  {
    id: 'discovery.schemas.present',
    title: 'Schemas is published as a ListResponse',
    rfc: RFC_4,
    group: 'discovery',
    writes: false,
    profiles: ['rfc'],
    meaning: presenceMeaning('attribute definitions'),
    run: (ctx) => presence(ctx, 'Schemas'),
  },
  {
    id: 'discovery.access',
    title: 'Discovery is public or refused with 401',
    rfc: RFC_4,
    group: 'discovery',
    writes: false,
    profiles: ['rfc'],
    meaning: {
      pass: 'Either way is allowed: public discovery, or 401 without credentials.',
      warn: 'Without credentials the answer is neither the document nor a 401, so a client cannot tell a missing credential from a missing endpoint.',
      fail: 'The discovery endpoints fail without credentials instead of answering or refusing.',
    },
    async run(ctx) {
      if (ctx.connectionAuth === 'none') return skipped('The connection sends no credentials, so there is nothing to compare with.');
      const findings = new Findings();
      const seen: string[] = [];
      for (const endpoint of ['ServiceProviderConfig', 'ResourceTypes', 'Schemas'] as const) {
        const doc = await discoveryDocument(ctx, endpoint);
        if (!doc.found) continue;
        const bare = await ctx.send({ method: 'GET', path: doc.found.path, auth: 'none' });
        const what = `/${doc.found.path} without credentials`;
        if (bare.status === 200) seen.push(`/${doc.found.path} is public`);
        else if (bare.status === 401) seen.push(`/${doc.found.path} needs credentials (401)`);
        else if (bare.status >= 500) findings.fail(`${what} answered ${bare.status}`);
        else findings.warn(`${what} answered ${bare.status}, not 401`);
      }
      if (seen.length === 0 && findings.count === 0) return skipped('The server publishes no discovery document to try without credentials.');
      return findings.outcome(`${seen.join('; ')}.`);
    },
  },
  {
    id: 'discovery.spc.well-formed',
    title: 'ServiceProviderConfig is well-formed',
    rfc: 'RFC 7643 §5',
    group: 'discovery',
    writes: false,
    profiles: ['rfc'],
    meaning: {
      pass: 'Every feature a client reads is stated with its limits.',
      warn: 'The feature list is readable; a few details are off the RFC.',
      fail: 'Required feature flags are missing or mistyped: clients read them as unsupported or misread them.',
    },
    run: wellFormed(
      'ServiceProviderConfig',
      'discovery.spc.present',
      async (ctx, findings) => {
        const spc = await serviceProviderConfig(ctx);
        if (spc) checkServiceProviderConfig(spc, findings);
        return spc !== undefined;
      },
      'Every required feature (patch, bulk, filter, changePassword, sort, etag) and authentication scheme is stated as RFC 7643 §5 defines it.',
    ),
  },
  {
    id: 'discovery.resource-types.well-formed',
    title: 'ResourceTypes are well-formed',
    rfc: 'RFC 7643 §6',
    group: 'discovery',
    writes: false,
    profiles: ['rfc'],
    meaning: {
      pass: 'Each resource type names its endpoint, schema and extensions.',
      warn: 'The resource types are readable; a few details are off the RFC.',
      fail: 'A resource type lacks its name, endpoint or schema: clients cannot use it.',
    },
    run: wellFormed(
      'ResourceTypes',
      'discovery.resource-types.present',
      async (ctx, findings) => {
        const types = await discoveryItems(ctx, 'ResourceTypes');
        types?.forEach((type, i) => checkResourceType(type, i, findings));
        return types !== undefined;
      },
      'Each resource type has a name, an endpoint, a schema and well-formed extensions.',
    ),
  },
  {
    id: 'discovery.schemas.well-formed',
    title: 'Schemas are well-formed',
    rfc: 'RFC 7643 §7',
    group: 'discovery',
    writes: false,
    profiles: ['rfc'],
    meaning: {
      pass: 'Every attribute is defined with the characteristics clients rely on.',
      warn: 'The schemas are readable; some characteristics are spelled off the RFC or missing (clients fall back to defaults).',
      fail: 'Some attribute definitions are unusable (unknown types or characteristics): clients misread those attributes.',
    },
    run: wellFormed(
      'Schemas',
      'discovery.schemas.present',
      async (ctx, findings) => {
        const schemas = await discoveryItems(ctx, 'Schemas');
        schemas?.forEach((schema, i) => checkSchema(schema, i, findings));
        return schemas !== undefined;
      },
      'Every schema has a URN id and attributes, each with a known type, multiValued, and characteristics spelled as RFC 7643 §7 defines them.',
    ),
  },
  {
    id: 'discovery.schemas.user',
    title: 'The User schema declares userName as RFC 7643 does',
    rfc: 'RFC 7643 §4.1.1',
    group: 'discovery',
    writes: false,
    profiles: ['rfc'],
    meaning: {
      pass: 'userName is a required, unique, case-insensitive string, as clients that match users by it assume.',
      warn: 'userName is declared off the RFC: clients that trust the schema may treat it as optional, not unique or case-sensitive.',
      fail: 'The User schema does not define userName usably.',
    },
    async run(ctx) {
      const schemas = await discoveryItems(ctx, 'Schemas');
      if (!schemas) return skipped('There is no Schemas document to read (see discovery.schemas.present).');
      const types = (await discoveryItems(ctx, 'ResourceTypes')) ?? [];
      const userType = types.find((t) => text(t, 'name')?.toLowerCase() === 'user');
      const urn = (userType && text(userType, 'schema')) || SCHEMA_USER;
      const schema = schemas.find((s) => text(s, 'id')?.toLowerCase() === urn.toLowerCase());
      if (!schema)
        return userType
          ? fail(`The User resource type's schema ${quote(urn)} is not among the published schemas.`)
          : skipped('The server publishes no User schema.');
      const findings = new Findings();
      checkUserName(schema, findings);
      return findings.outcome(
        `${shortUrn(urn)}.userName is a string, required, uniqueness "${String(field(userNameAttribute(schema) ?? {}, 'uniqueness'))}", not caseExact.`,
      );
    },
  },
  {
    id: 'discovery.consistency',
    title: 'Resource types name schemas that exist',
    rfc: 'RFC 7643 §6',
    group: 'discovery',
    writes: false,
    profiles: ['rfc'],
    meaning: {
      pass: 'Every schema a resource type names is published.',
      warn: 'The documents agree, but only ignoring case or with duplicate names.',
      fail: 'A resource type names a schema the server does not publish: clients cannot learn its attributes.',
    },
    async run(ctx) {
      const [types, schemas] = [await discoveryItems(ctx, 'ResourceTypes'), await discoveryItems(ctx, 'Schemas')];
      if (!types || !schemas) return skipped('Both ResourceTypes and Schemas are needed to compare them (see the .present checks).');
      const ids = schemas.map((s) => text(s, 'id')).filter((id): id is string => !!id);
      const findings = new Findings();
      const seen = new Map<string, number>();
      for (const type of types) {
        const name = text(type, 'name') ?? '?';
        seen.set(name.toLowerCase(), (seen.get(name.toLowerCase()) ?? 0) + 1);
        const extensions = field(type, 'schemaExtensions');
        const urns = [text(type, 'schema'), ...(Array.isArray(extensions) ? extensions.filter(isObject).map((e) => text(e, 'schema')) : [])];
        for (const urn of urns) {
          if (!urn || ids.includes(urn)) continue;
          if (ids.some((id) => id.toLowerCase() === urn.toLowerCase())) findings.warn(`a schema URN matches only ignoring case`, `${name}: ${urn}`);
          else findings.fail(`names a schema that is not published`, `${name}: ${urn}`);
        }
      }
      for (const [name, count] of seen) if (count > 1) findings.warn(`${count} resource types are named ${quote(name)}`);
      return findings.outcome(`${types.length} resource types name ${types.length ? 'only' : 'no'} published schemas (${ids.length} published).`);
    },
  },
  {
    id: 'discovery.resource-types.endpoints',
    title: 'Resource type endpoints answer where published',
    rfc: 'RFC 7643 §6',
    group: 'discovery',
    writes: false,
    profiles: ['rfc'],
    meaning: {
      pass: 'Each published endpoint answers a list request.',
      fail: 'A published endpoint does not answer: clients that follow ResourceTypes cannot reach those resources.',
    },
    async run(ctx) {
      const types = await discoveryItems(ctx, 'ResourceTypes');
      if (!types) return skipped('There is no ResourceTypes document to follow (see discovery.resource-types.present).');
      const endpoints = [...new Set(types.map((t) => text(t, 'endpoint')).filter((e): e is string => !!e))].slice(0, 10);
      if (endpoints.length === 0) return skipped('No resource type names an endpoint.');
      const findings = new Findings();
      const ok: string[] = [];
      for (const endpoint of endpoints) {
        const response = await ctx.send({ method: 'GET', path: endpoint, query: { count: 1 } });
        if (response.status === 200) ok.push(endpoint);
        else findings.fail(`answered ${response.status}`, `GET ${endpoint}`);
      }
      return findings.outcome(`${ok.join(', ')} answered 200.`, 'A published endpoint ');
    },
  },
];
