import { Type, type Static } from '@sinclair/typebox';
import { ENFORCEMENT_MODES, ENFORCEMENT_RULES } from '../domain/decision/enforcement-modes.js';
import { COVERAGE_LEVELS, RULES } from '../domain/policies/model.js';
import { Project, type Issue } from './schema-jira.js';
import { Id, Name, RestrictionList, strict } from './schema-parts.js';

/**
 * The tenant file (`docs/tenant-file.md`). Strict: unknown fields are errors, so a typo is
 * reported instead of silently ignored. `policies`, `enforcement` and `events` (the org audit log)
 * are Gatehouse's extensions, written by `gatehouse export` so that a whole state round-trips.
 */

export const SPACE_OPERATIONS = [
  'read',
  'update',
  'delete',
  'administer',
  'export',
  'restrict_content',
  'comment',
  'archive',
] as const;

export const CLASSIFICATION_COLORS = [
  'RED',
  'RED_BOLD',
  'ORANGE',
  'YELLOW',
  'GREEN',
  'BLUE',
  'NAVY',
  'TEAL',
  'PURPLE',
  'GREY',
  'LIME',
] as const;

const ClassificationLevel = Type.Object(
  {
    id: Id,
    name: Name,
    order: Type.Integer({ minimum: 0 }),
    color: Type.Optional(Type.Union(CLASSIFICATION_COLORS.map((c) => Type.Literal(c)))),
    status: Type.Optional(
      Type.Union([Type.Literal('PUBLISHED'), Type.Literal('DRAFT'), Type.Literal('ARCHIVED')]),
    ),
    guideline: Type.Optional(Type.String({ maxLength: 10000 })),
    description: Type.Optional(Type.String({ maxLength: 10000 })),
  },
  strict,
);

const User = Type.Object(
  {
    accountId: Id,
    email: Type.Optional(
      Type.String({ minLength: 3, maxLength: 255, pattern: '^[^@\\s]+@[^@\\s]+$' }),
    ),
    displayName: Name,
    apiToken: Type.Optional(Type.String({ minLength: 1, maxLength: 1024 })),
    siteAdmin: Type.Optional(Type.Boolean()),
  },
  strict,
);

const Group = Type.Object({ id: Id, name: Name, members: Type.Optional(Type.Array(Id)) }, strict);

const App = Type.Object(
  {
    ari: Type.String({ pattern: '^ari:cloud:ecosystem::', maxLength: 512 }),
    key: Name,
    name: Name,
    token: Type.Optional(Type.String({ minLength: 1, maxLength: 1024 })),
    accountId: Type.Optional(Id),
    scopes: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 255 }))),
    exempt: Type.Optional(Type.Boolean()),
  },
  strict,
);

const SpaceOperation = Type.Union(SPACE_OPERATIONS.map((o) => Type.Literal(o)));
const SpacePermission = Type.Object(
  {
    group: Type.Optional(Name),
    accountId: Type.Optional(Id),
    anonymous: Type.Optional(Type.Literal(true)),
    operations: Type.Array(SpaceOperation, { minItems: 1 }),
  },
  strict,
);

const Attachment = Type.Object(
  {
    id: Id,
    title: Name,
    mediaType: Type.Optional(Type.String({ maxLength: 255 })),
    fileSize: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  strict,
);

export interface TenantPage {
  id: string;
  title: string;
  type?: 'page' | 'blogpost';
  body?: string;
  classification?: string;
  restrictions?: {
    read?: { users?: string[]; groups?: string[] };
    update?: { users?: string[]; groups?: string[] };
  };
  attachments?: Static<typeof Attachment>[];
  publicLink?: { id: string; enabled: boolean };
  children?: TenantPage[];
}

const pageFields = {
  id: Id,
  title: Name,
  type: Type.Optional(Type.Union([Type.Literal('page'), Type.Literal('blogpost')])),
  body: Type.Optional(Type.String({ maxLength: 5_000_000 })),
  classification: Type.Optional(Id),
  restrictions: Type.Optional(
    Type.Object(
      { read: Type.Optional(RestrictionList), update: Type.Optional(RestrictionList) },
      strict,
    ),
  ),
  attachments: Type.Optional(Type.Array(Attachment)),
  publicLink: Type.Optional(Type.Object({ id: Id, enabled: Type.Boolean() }, strict)),
};

const Page = Type.Recursive(
  (This) => Type.Object({ ...pageFields, children: Type.Optional(Type.Array(This)) }, strict),
  { $id: 'TenantPage' },
);

/** One page of a streamed import, its children taken out (they are records of their own). */
export const PageRecordSchema = Type.Object(
  { ...pageFields, children: Type.Optional(Type.Array(Type.Unknown())) },
  strict,
);

const Space = Type.Object(
  {
    id: Id,
    key: Type.String({ minLength: 1, maxLength: 255, pattern: '^[A-Za-z0-9~_]+$' }),
    name: Name,
    defaultClassification: Type.Optional(Id),
    permissions: Type.Optional(Type.Array(SpacePermission)),
    pages: Type.Optional(Type.Array(Page)),
  },
  strict,
);

const Site = Type.Object(
  {
    cloudId: Id,
    name: Type.String({ minLength: 1, maxLength: 63, pattern: '^[a-z0-9]([a-z0-9-]*[a-z0-9])?$' }),
    products: Type.Array(Type.Union([Type.Literal('confluence'), Type.Literal('jira')]), {
      minItems: 1,
    }),
    anonymousAccess: Type.Optional(Type.Boolean()),
    spaces: Type.Optional(Type.Array(Space)),
    projects: Type.Optional(Type.Array(Project)),
  },
  strict,
);

const Effect = Type.Object(
  { effect: Type.Union([Type.Literal('block'), Type.Literal('allow')]) },
  strict,
);

const Policy = Type.Object(
  {
    id: Id,
    name: Type.String({ maxLength: 255 }),
    type: Type.Optional(Type.Literal('data-security')),
    status: Type.Union([Type.Literal('draft'), Type.Literal('published'), Type.Literal('deleted')]),
    coverageLevel: Type.Union(COVERAGE_LEVELS.map((c) => Type.Literal(c))),
    description: Type.Optional(Type.String({ maxLength: 10000 })),
    rule: Type.Partial(Type.Object(Object.fromEntries(RULES.map((r) => [r, Effect])), strict), {
      minProperties: 1,
    }),
    subject: Type.Optional(
      Type.Object({ subjectType: Type.Literal('marketplaceApp'), subjectId: Id }, strict),
    ),
    resources: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 512 }))),
    createdBy: Type.Optional(Type.String({ maxLength: 512 })),
    lastUpdatedBy: Type.Optional(Type.String({ maxLength: 512 })),
    hasHadCoverage: Type.Optional(Type.Boolean()),
    systemTag: Type.Optional(Type.String({ maxLength: 255 })),
    createdAt: Type.Optional(Type.String({ format: 'date-time' })),
    updatedAt: Type.Optional(Type.String({ format: 'date-time' })),
  },
  strict,
);

const AuditValue = Type.Union([
  Type.String({ maxLength: 10000 }),
  Type.Number(),
  Type.Boolean(),
  Type.Null(),
  Type.Array(Type.String({ maxLength: 10000 }), { maxItems: 1000 }),
]);

const AuditObject = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 512 }),
    type: Type.String({ minLength: 1, maxLength: 128 }),
    attributes: Type.Optional(Type.Record(Type.String({ maxLength: 128 }), AuditValue)),
  },
  strict,
);

/** An event of the org audit log, as `GET /admin/v1/orgs/{orgId}/events` shows its attributes. */
const AuditEvent = Type.Object(
  {
    id: Id,
    time: Type.String({ format: 'date-time' }),
    action: Type.String({ minLength: 1, maxLength: 128 }),
    actor: Type.Object(
      {
        id: Type.String({ minLength: 1, maxLength: 512 }),
        name: Type.Optional(Type.String({ maxLength: 512 })),
        email: Type.Optional(Type.String({ maxLength: 512 })),
        auth: Type.Optional(
          Type.Object(
            {
              authType: Type.Union([
                Type.Literal('container-token'),
                Type.Literal('api-token'),
                Type.Literal('connect-token'),
                Type.Literal('auth-token-for-2LO'),
                Type.Literal('auth-token-for-3LO'),
              ]),
              tokenLabel: Type.Optional(Type.String({ maxLength: 512 })),
            },
            strict,
          ),
        ),
        app: Type.Optional(
          Type.Object(
            {
              id: Type.String({ minLength: 1, maxLength: 512 }),
              type: Type.String({ maxLength: 128 }),
              attributes: Type.Optional(Type.Record(Type.String({ maxLength: 128 }), AuditValue)),
            },
            strict,
          ),
        ),
      },
      strict,
    ),
    context: Type.Array(AuditObject, { minItems: 1, maxItems: 1000 }),
    container: Type.Optional(Type.Array(AuditObject, { maxItems: 1000 })),
    location: Type.Optional(Type.Object({ ip: Type.String({ maxLength: 64 }) }, strict)),
    message: Type.Optional(Type.String({ maxLength: 10000 })),
  },
  strict,
);

const Mode = Type.Union(ENFORCEMENT_MODES.map((m) => Type.Literal(m)));

/** Gatehouse's extension: the org's enforcement modes (docs/testing-features.md G19–G22). */
const Enforcement = Type.Object(
  {
    default: Type.Optional(Mode),
    rules: Type.Optional(
      Type.Partial(
        Type.Object(Object.fromEntries(ENFORCEMENT_RULES.map((r) => [r, Mode])), strict),
      ),
    ),
  },
  strict,
);

const Org = Type.Object(
  {
    id: Id,
    name: Name,
    defaultClassification: Type.Optional(Id),
    adminApiKeys: Type.Optional(Type.Array(Type.String({ minLength: 8, maxLength: 1024 }))),
    classificationLevels: Type.Optional(Type.Array(ClassificationLevel)),
    users: Type.Optional(Type.Array(User)),
    groups: Type.Optional(Type.Array(Group)),
    apps: Type.Optional(Type.Array(App)),
    sites: Type.Optional(Type.Array(Site)),
    policies: Type.Optional(Type.Array(Policy)),
    events: Type.Optional(Type.Array(AuditEvent)),
    enforcement: Type.Optional(Enforcement),
  },
  strict,
);

export const TenantFileSchema = Type.Object({ orgs: Type.Array(Org) }, strict);

export type TenantFile = Static<typeof TenantFileSchema>;
export type TenantOrg = Static<typeof Org>;
export type TenantSite = Static<typeof Site>;
export type TenantSpace = Static<typeof Space>;
export type TenantPolicy = Static<typeof Policy>;
export type TenantUser = Static<typeof User>;
export type TenantApp = Static<typeof App>;
export type TenantProject = Static<typeof Project>;
export type TenantIssue = Static<typeof Issue>;
export type TenantAuditEvent = Static<typeof AuditEvent>;
