/**
 * The core schemas of RFC 7643 §8.7.1 (User, Group, EnterpriseUser) as data, with full attribute
 * metadata, plus the common attributes of §3.1 (`id`, `externalId`, `meta`, `schemas`), which the
 * RFC defines outside of the schema representations.
 *
 * Known RFC errata applied: `addresses.primary` (§4.1.2) and `members.display` (§4.2) are listed
 * although §8.7.1 omits them. Group `displayName` keeps §8.7.1's `required: false`; servers
 * that need it (the demo server does) enforce it themselves.
 */
import type { ScimAttribute, ScimAttributeType, ScimSchema } from './types';
import { SCHEMA_ENTERPRISE_USER, SCHEMA_GROUP, SCHEMA_USER } from './urns';

type AttrOptions = Partial<Omit<ScimAttribute, 'name' | 'type'>>;

/** An attribute with RFC 7643 §2.2 defaults: single-valued, optional, case-insensitive, readWrite, returned by default, not unique. */
export function scimAttribute(name: string, type: ScimAttributeType, description: string, options: AttrOptions = {}): ScimAttribute {
  const attr: ScimAttribute = {
    name,
    type,
    multiValued: false,
    description,
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    ...options,
  };
  if (type === 'complex' && !attr.subAttributes) attr.subAttributes = [];
  return attr;
}

const str = (name: string, description: string, options?: AttrOptions) => scimAttribute(name, 'string', description, options);
const complex = (name: string, description: string, subAttributes: ScimAttribute[], options?: AttrOptions) =>
  scimAttribute(name, 'complex', description, { ...options, subAttributes });

/** The `value`/`display`/`type`/`primary` sub-attributes shared by the multi-valued attributes of §2.4. */
function multiValuedSubs(
  valueDescription: string,
  canonicalTypes: string[] | undefined,
  valueType: ScimAttributeType = 'string',
  valueOptions: AttrOptions = {},
): ScimAttribute[] {
  return [
    scimAttribute('value', valueType, valueDescription, valueOptions),
    str('display', 'A human-readable name, primarily used for display purposes. READ-ONLY.'),
    str('type', "A label indicating the attribute's function.", canonicalTypes ? { canonicalValues: canonicalTypes } : {}),
    scimAttribute(
      'primary',
      'boolean',
      "A Boolean value indicating the 'primary' or preferred attribute value for this attribute. The primary attribute value 'true' MUST appear no more than once.",
    ),
  ];
}

/** The common attributes of RFC 7643 §3.1, part of every resource but of no schema representation. */
export const COMMON_ATTRIBUTES: ScimAttribute[] = [
  scimAttribute('schemas', 'reference', 'The schema URIs of the resource.', {
    multiValued: true,
    required: true,
    caseExact: true,
    mutability: 'readWrite',
    returned: 'always',
    referenceTypes: ['uri'],
  }),
  str('id', 'A unique identifier for a SCIM resource as defined by the service provider.', {
    caseExact: true,
    mutability: 'readOnly',
    returned: 'always',
    uniqueness: 'server',
  }),
  str('externalId', 'A String that is an identifier for the resource as defined by the provisioning client.', { caseExact: true }),
  complex(
    'meta',
    'A complex attribute containing resource metadata.',
    [
      str('resourceType', 'The name of the resource type of the resource.', { caseExact: true, mutability: 'readOnly' }),
      scimAttribute('created', 'dateTime', 'The DateTime that the resource was added to the service provider.', { mutability: 'readOnly' }),
      scimAttribute('lastModified', 'dateTime', 'The most recent DateTime that the details of this resource were updated at the service provider.', {
        mutability: 'readOnly',
      }),
      scimAttribute('location', 'reference', 'The URI of the resource being returned.', { caseExact: true, mutability: 'readOnly', referenceTypes: ['uri'] }),
      str('version', 'The version of the resource being returned (an ETag).', { caseExact: true, mutability: 'readOnly' }),
    ],
    { mutability: 'readOnly' },
  ),
];

export const USER_SCHEMA: ScimSchema = {
  id: SCHEMA_USER,
  name: 'User',
  description: 'User Account',
  attributes: [
    str(
      'userName',
      "Unique identifier for the User, typically used by the user to directly authenticate to the service provider. Each User MUST include a non-empty userName value. This identifier MUST be unique across the service provider's entire set of Users. REQUIRED.",
      { required: true, uniqueness: 'server' },
    ),
    complex('name', "The components of the user's real name.", [
      str(
        'formatted',
        "The full name, including all middle names, titles, and suffixes as appropriate, formatted for display (e.g., 'Ms. Barbara J Jensen, III').",
      ),
      str(
        'familyName',
        "The family name of the User, or last name in most Western languages (e.g., 'Jensen' given the full name 'Ms. Barbara J Jensen, III').",
      ),
      str(
        'givenName',
        "The given name of the User, or first name in most Western languages (e.g., 'Barbara' given the full name 'Ms. Barbara J Jensen, III').",
      ),
      str('middleName', "The middle name(s) of the User (e.g., 'Jane' given the full name 'Ms. Barbara J Jensen, III')."),
      str(
        'honorificPrefix',
        "The honorific prefix(es) of the User, or title in most Western languages (e.g., 'Ms.' given the full name 'Ms. Barbara J Jensen, III').",
      ),
      str(
        'honorificSuffix',
        "The honorific suffix(es) of the User, or suffix in most Western languages (e.g., 'III' given the full name 'Ms. Barbara J Jensen, III').",
      ),
    ]),
    str('displayName', 'The name of the User, suitable for display to end-users. The name SHOULD be the full name of the User being described, if known.'),
    str('nickName', "The casual way to address the user in real life, e.g., 'Bob' or 'Bobby' instead of 'Robert'."),
    scimAttribute('profileUrl', 'reference', "A fully qualified URL pointing to a page representing the User's online profile.", {
      referenceTypes: ['external'],
    }),
    str('title', "The user's title, such as 'Vice President'."),
    str(
      'userType',
      "Used to identify the relationship between the organization and the user. Typical values used might be 'Contractor', 'Employee', 'Intern', 'Temp', 'External', and 'Unknown', but any value may be used.",
    ),
    str(
      'preferredLanguage',
      "Indicates the User's preferred written or spoken language. Generally used for selecting a localized user interface; e.g., 'en_US' specifies the language English and country US.",
    ),
    str(
      'locale',
      "Used to indicate the User's default location for purposes of localizing items such as currency, date time format, or numerical representations.",
    ),
    str('timezone', "The User's time zone in the 'Olson' time zone database format, e.g., 'America/Los_Angeles'."),
    scimAttribute('active', 'boolean', "A Boolean value indicating the User's administrative status."),
    str(
      'password',
      "The User's cleartext password. This attribute is intended to be used as a means to specify an initial password when creating a new User or to reset an existing User's password.",
      { mutability: 'writeOnly', returned: 'never' },
    ),
    complex(
      'emails',
      "Email addresses for the user. The value SHOULD be canonicalized by the service provider, e.g., 'bjensen@example.com' instead of 'bjensen@EXAMPLE.COM'. Canonical type values of 'work', 'home', and 'other'.",
      multiValuedSubs(
        "Email addresses for the user. The value SHOULD be canonicalized by the service provider, e.g., 'bjensen@example.com' instead of 'bjensen@EXAMPLE.COM'.",
        ['work', 'home', 'other'],
      ),
      { multiValued: true },
    ),
    complex(
      'phoneNumbers',
      "Phone numbers for the User. The value SHOULD be canonicalized by the service provider according to the format specified in RFC 3966, e.g., 'tel:+1-201-555-0123'. Canonical type values of 'work', 'home', 'mobile', 'fax', 'pager', and 'other'.",
      multiValuedSubs('Phone number of the User.', ['work', 'home', 'mobile', 'fax', 'pager', 'other']),
      { multiValued: true },
    ),
    complex(
      'ims',
      'Instant messaging addresses for the User.',
      multiValuedSubs('Instant messaging address for the User.', ['aim', 'gtalk', 'icq', 'xmpp', 'msn', 'skype', 'qq', 'yahoo']),
      { multiValued: true },
    ),
    complex(
      'photos',
      'URLs of photos of the User.',
      multiValuedSubs('URL of a photo of the User.', ['photo', 'thumbnail'], 'reference', { referenceTypes: ['external'] }),
      { multiValued: true },
    ),
    complex(
      'addresses',
      "A physical mailing address for this User. Canonical type values of 'work', 'home', and 'other'.",
      [
        str('formatted', 'The full mailing address, formatted for display or use with a mailing label. This attribute MAY contain newlines.'),
        str(
          'streetAddress',
          'The full street address component, which may include house number, street name, P.O. box, and multi-line extended street address information. This attribute MAY contain newlines.',
        ),
        str('locality', 'The city or locality component.'),
        str('region', 'The state or region component.'),
        str('postalCode', 'The zip code or postal code component.'),
        str('country', 'The country name component.'),
        str('type', "A label indicating the attribute's function, e.g., 'work' or 'home'.", { canonicalValues: ['work', 'home', 'other'] }),
        scimAttribute('primary', 'boolean', "A Boolean value indicating the 'primary' or preferred attribute value for this attribute."),
      ],
      { multiValued: true },
    ),
    complex(
      'groups',
      'A list of groups to which the user belongs, either through direct membership, through nested groups, or dynamically calculated.',
      [
        str('value', "The identifier of the User's group.", { mutability: 'readOnly' }),
        scimAttribute('$ref', 'reference', "The URI of the corresponding 'Group' resource to which the user belongs.", {
          mutability: 'readOnly',
          referenceTypes: ['User', 'Group'],
        }),
        str('display', 'A human-readable name, primarily used for display purposes. READ-ONLY.', { mutability: 'readOnly' }),
        str('type', "A label indicating the attribute's function, e.g., 'direct' or 'indirect'.", {
          mutability: 'readOnly',
          canonicalValues: ['direct', 'indirect'],
        }),
      ],
      { multiValued: true, mutability: 'readOnly' },
    ),
    complex(
      'entitlements',
      'A list of entitlements for the User that represent a thing the User has.',
      multiValuedSubs('The value of an entitlement.', undefined),
      { multiValued: true },
    ),
    complex(
      'roles',
      "A list of roles for the User that collectively represent who the User is, e.g., 'Student', 'Faculty'.",
      multiValuedSubs('The value of a role.', undefined),
      { multiValued: true },
    ),
    complex('x509Certificates', 'A list of certificates issued to the User.', multiValuedSubs('The value of an X.509 certificate.', undefined, 'binary'), {
      multiValued: true,
    }),
  ],
};

export const GROUP_SCHEMA: ScimSchema = {
  id: SCHEMA_GROUP,
  name: 'Group',
  description: 'Group',
  attributes: [
    str('displayName', 'A human-readable name for the Group. REQUIRED.'),
    complex(
      'members',
      'A list of members of the Group.',
      [
        str('value', 'Identifier of the member of this Group.', { mutability: 'immutable' }),
        str('display', 'A human-readable name for the member, primarily used for display purposes.', { mutability: 'immutable' }),
        scimAttribute('$ref', 'reference', 'The URI corresponding to a SCIM resource that is a member of this Group.', {
          mutability: 'immutable',
          referenceTypes: ['User', 'Group'],
        }),
        str('type', "A label indicating the type of resource, e.g., 'User' or 'Group'.", { mutability: 'immutable', canonicalValues: ['User', 'Group'] }),
      ],
      { multiValued: true },
    ),
  ],
};

export const ENTERPRISE_USER_SCHEMA: ScimSchema = {
  id: SCHEMA_ENTERPRISE_USER,
  name: 'EnterpriseUser',
  description: 'Enterprise User',
  attributes: [
    str('employeeNumber', 'Numeric or alphanumeric identifier assigned to a person, typically based on order of hire or association with an organization.'),
    str('costCenter', 'Identifies the name of a cost center.'),
    str('organization', 'Identifies the name of an organization.'),
    str('division', 'Identifies the name of a division.'),
    str('department', 'Identifies the name of a department.'),
    complex(
      'manager',
      "The User's manager. A complex type that optionally allows service providers to represent organizational hierarchy by referencing the 'id' attribute of another User.",
      [
        str('value', "The id of the SCIM resource representing the User's manager. REQUIRED."),
        scimAttribute('$ref', 'reference', "The URI of the SCIM resource representing the User's manager. REQUIRED.", { referenceTypes: ['User'] }),
        str('displayName', "The displayName of the User's manager. OPTIONAL and READ-ONLY.", { mutability: 'readOnly' }),
      ],
    ),
  ],
};

/** User, Group and EnterpriseUser, in that order. */
export const CORE_SCHEMAS: readonly ScimSchema[] = [USER_SCHEMA, GROUP_SCHEMA, ENTERPRISE_USER_SCHEMA];
