// The discovery documents (RFC 7643 §5–7, RFC 7644 §4): what this service provider can do and the
// exact shape of the Users and Groups it serves. They describe only attributes we really send, all
// read-only, because Dapodik is the source of truth and every write is refused.
import { ACCOUNT_ROLES, JENJANG } from '../../domain/policy.js';

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const LIST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const SEARCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';
const SPC_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';
const RESOURCE_TYPE_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ResourceType';
const SCHEMA_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Schema';

/** The most resources one page holds (ServiceProviderConfig filter.maxResults). */
export const MAX_RESULTS = 1000;

export interface SchemaAttribute {
  name: string;
  type: 'string' | 'boolean' | 'decimal' | 'integer' | 'dateTime' | 'reference' | 'binary' | 'complex';
  multiValued: boolean;
  description: string;
  required: boolean;
  caseExact: boolean;
  mutability: 'readOnly';
  returned: 'always' | 'default';
  uniqueness: 'none' | 'server';
  canonicalValues?: string[];
  referenceTypes?: string[];
  subAttributes?: SchemaAttribute[];
}

type AttributeOptions = Partial<Omit<SchemaAttribute, 'name' | 'type' | 'description'>>;

function attr(
  name: string,
  type: SchemaAttribute['type'],
  description: string,
  options: AttributeOptions = {},
): SchemaAttribute {
  return {
    name,
    type,
    multiValued: false,
    description,
    required: false,
    caseExact: false,
    mutability: 'readOnly',
    returned: 'default',
    uniqueness: 'none',
    ...options,
  };
}

const USER_ATTRIBUTES: SchemaAttribute[] = [
  attr('userName', 'string', 'The primary belajar.id address of the account.', {
    required: true,
    uniqueness: 'server',
  }),
  attr('name', 'complex', "The person's name as Dapodik records it.", {
    subAttributes: [attr('formatted', 'string', 'The full name, as in Dapodik.')],
  }),
  attr('displayName', 'string', 'The full name, as in Dapodik.'),
  attr('userType', 'string', 'The role the account has at its school.', {
    canonicalValues: [...ACCOUNT_ROLES],
  }),
  attr('active', 'boolean', 'False once the account is suspended; true while active or being deactivated.'),
  attr('emails', 'complex', 'The primary address first, then the addresses it had before (aliases).', {
    multiValued: true,
    subAttributes: [
      attr('value', 'string', 'A belajar.id address.'),
      attr('type', 'string', 'Always work.', { canonicalValues: ['work'] }),
      attr('primary', 'boolean', 'True for the primary address.'),
    ],
  }),
  attr('groups', 'complex', "The account's school.", {
    multiValued: true,
    subAttributes: [
      attr('value', 'string', 'The NPSN of the school (the Group id).', { caseExact: true }),
      attr('$ref', 'reference', 'The URI of the Group.', { referenceTypes: ['Group'], caseExact: true }),
      attr('display', 'string', 'The name of the school.'),
      attr('type', 'string', 'Always direct.', { canonicalValues: ['direct'] }),
    ],
  }),
];

const ENTERPRISE_ATTRIBUTES: SchemaAttribute[] = [
  attr('organization', 'string', 'The NPSN of the school the account belongs to.'),
  attr('department', 'string', 'The jenjang (level of education) of the account.', {
    canonicalValues: [...JENJANG],
  }),
];

const GROUP_ATTRIBUTES: SchemaAttribute[] = [
  attr('displayName', 'string', 'The name of the school.', { required: true }),
  attr('members', 'complex', 'The accounts of the school that are not deleted.', {
    multiValued: true,
    subAttributes: [
      attr('value', 'string', 'The id of a User.', { caseExact: true }),
      attr('$ref', 'reference', 'The URI of the User.', { referenceTypes: ['User'], caseExact: true }),
      attr('display', 'string', 'The name of the person.'),
      attr('type', 'string', 'Always User.', { canonicalValues: ['User'] }),
    ],
  }),
];

export const SCHEMAS = [
  { id: USER_SCHEMA, name: 'User', description: 'A belajar.id account', attributes: USER_ATTRIBUTES },
  {
    id: ENTERPRISE_SCHEMA,
    name: 'EnterpriseUser',
    description: "The account's school and jenjang",
    attributes: ENTERPRISE_ATTRIBUTES,
  },
  { id: GROUP_SCHEMA, name: 'Group', description: 'A school and its accounts', attributes: GROUP_ATTRIBUTES },
] as const;

export const RESOURCE_TYPES = [
  {
    id: 'User',
    name: 'User',
    endpoint: '/Users',
    description: 'A belajar.id account (one per person and jenjang)',
    schema: USER_SCHEMA,
    schemaExtensions: [{ schema: ENTERPRISE_SCHEMA, required: true }],
  },
  {
    id: 'Group',
    name: 'Group',
    endpoint: '/Groups',
    description: 'A school (id = NPSN) and its accounts',
    schema: GROUP_SCHEMA,
    schemaExtensions: [],
  },
] as const;

export function schemaDocument(base: string, schema: (typeof SCHEMAS)[number]) {
  return {
    schemas: [SCHEMA_SCHEMA],
    ...schema,
    meta: { resourceType: 'Schema', location: `${base}/Schemas/${schema.id}` },
  };
}

export function resourceTypeDocument(base: string, type: (typeof RESOURCE_TYPES)[number]) {
  return {
    schemas: [RESOURCE_TYPE_SCHEMA],
    ...type,
    meta: { resourceType: 'ResourceType', location: `${base}/ResourceTypes/${type.id}` },
  };
}

export function serviceProviderConfig(base: string) {
  return {
    schemas: [SPC_SCHEMA],
    patch: { supported: false },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: MAX_RESULTS },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: true },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'Selaras API token',
        description:
          'Authorization: Bearer slr_… — the same tokens as /api/v1 (selaras tokens add), scoped to nasional, dinas:<prefix> or sekolah:<NPSN>.',
        primary: true,
      },
    ],
    meta: { resourceType: 'ServiceProviderConfig', location: `${base}/ServiceProviderConfig` },
  };
}
