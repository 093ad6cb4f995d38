import { Type, type Static } from '@sinclair/typebox';
import { StringEnum } from './common.js';

/** Jira's int32 parameters: a bound also keeps 1e309 (Infinity once coerced) out. */
const INT32_MAX = 2_147_483_647;

/**
 * Jira REST v3 (docs/jira.md): the parameters and answers of the operations Gatehouse serves, with
 * the shapes of Atlassian's OpenAPI (`test/fixtures/atlassian-openapi/jira-v3-governance.json`).
 */

const Str = Type.String();
const Any = Type.Record(Type.String(), Type.Unknown());
const StringList = Type.Array(Type.String({ maxLength: 4096 }), { maxItems: 200 });

export const IdOrKeyParams = Type.Object({
  projectIdOrKey: Type.String({ minLength: 1, maxLength: 255 }),
});
export const IssueParams = Type.Object({
  issueIdOrKey: Type.String({ minLength: 1, maxLength: 255 }),
});
export const AttachmentParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 255 }) });

const AvatarUrls = Type.Object({
  '16x16': Type.Optional(Str),
  '24x24': Type.Optional(Str),
  '32x32': Type.Optional(Str),
  '48x48': Type.Optional(Str),
});

export const JiraProject = Type.Object({
  expand: Type.Optional(Str),
  self: Str,
  id: Str,
  key: Str,
  name: Str,
  avatarUrls: AvatarUrls,
  projectTypeKey: Type.Optional(Str),
  simplified: Type.Boolean(),
  style: Str,
  isPrivate: Type.Boolean(),
  properties: Any,
});

export const ProjectListQuery = Type.Object({
  expand: Type.Optional(Type.String({ maxLength: 1024 })),
  recent: Type.Optional(Type.Integer({ minimum: 0, maximum: 20 })),
  properties: Type.Optional(StringList),
});

export const PROJECT_ORDERS = [
  'key',
  '-key',
  '+key',
  'name',
  '-name',
  '+name',
  'category',
  '-category',
  '+category',
  'owner',
  '-owner',
  '+owner',
  'issueCount',
  '-issueCount',
  '+issueCount',
  'lastIssueUpdatedDate',
  '-lastIssueUpdatedDate',
  '+lastIssueUpdatedDate',
  'archivedDate',
  '+archivedDate',
  '-archivedDate',
  'deletedDate',
  '+deletedDate',
  '-deletedDate',
] as const;

export const ProjectSearchQuery = Type.Object({
  startAt: Type.Optional(Type.Integer({ minimum: 0, maximum: INT32_MAX })),
  maxResults: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  orderBy: Type.Optional(StringEnum(PROJECT_ORDERS)),
  id: Type.Optional(Type.Array(Type.String({ maxLength: 255 }), { maxItems: 50 })),
  keys: Type.Optional(Type.Array(Type.String({ maxLength: 255 }), { maxItems: 50 })),
  query: Type.Optional(Type.String({ maxLength: 1024 })),
  typeKey: Type.Optional(Type.String({ maxLength: 1024 })),
  categoryId: Type.Optional(Type.Integer({ maximum: INT32_MAX, minimum: -INT32_MAX })),
  action: Type.Optional(StringEnum(['view', 'browse', 'edit', 'create'] as const)),
  expand: Type.Optional(Type.String({ maxLength: 1024 })),
  status: Type.Optional(Type.Array(StringEnum(['live', 'archived', 'deleted'] as const))),
  properties: Type.Optional(StringList),
  propertyQuery: Type.Optional(Type.String({ maxLength: 1024 })),
});

export const PageBeanProject = Type.Object({
  self: Str,
  nextPage: Type.Optional(Str),
  maxResults: Type.Integer(),
  startAt: Type.Integer(),
  total: Type.Integer(),
  isLast: Type.Boolean(),
  values: Type.Array(JiraProject),
});

export const JiraUser = Type.Object({
  self: Str,
  accountId: Str,
  accountType: Str,
  emailAddress: Type.Optional(Str),
  avatarUrls: AvatarUrls,
  displayName: Str,
  active: Type.Boolean(),
  timeZone: Str,
  locale: Str,
});

export const LevelTag = Type.Object({
  id: Str,
  status: Str,
  name: Type.Optional(Str),
  rank: Type.Optional(Type.Integer()),
  description: Type.Optional(Str),
  guideline: Type.Optional(Str),
  color: Type.Optional(Str),
});

export const LevelsQuery = Type.Object({
  status: Type.Optional(Type.Array(StringEnum(['PUBLISHED', 'ARCHIVED', 'DRAFT'] as const))),
  orderBy: Type.Optional(StringEnum(['rank', '-rank', '+rank'] as const)),
});

export const LevelsResponse = Type.Object({ classifications: Type.Array(LevelTag) });

export const ProjectDefaultResponse = Type.Object({ classification: Type.Optional(LevelTag) });

export const ProjectDefaultBody = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 512 }) },
  { additionalProperties: false },
);

export const ClassificationConfig = Type.Object({
  classificationLevels: Type.Array(LevelTag),
  containerOverride: Str,
  defaultClassificationLevel: Type.Optional(LevelTag),
  organizationClassificationLevel: Type.Optional(LevelTag),
});

export const IssueBean = Type.Object({
  expand: Type.Optional(Str),
  id: Str,
  self: Type.Optional(Str),
  key: Type.Optional(Str),
  fields: Type.Optional(Any),
  names: Type.Optional(Any),
  renderedFields: Type.Optional(Any),
});

export const IssueQuery = Type.Object({
  fields: Type.Optional(StringList),
  fieldsByKeys: Type.Optional(Type.Boolean()),
  expand: Type.Optional(Type.String({ maxLength: 1024 })),
  properties: Type.Optional(StringList),
  updateHistory: Type.Optional(Type.Boolean()),
  failFast: Type.Optional(Type.Boolean()),
});

const JqlText = Type.String({ maxLength: 10_000 });
const TokenText = Type.String({ maxLength: 2048 });

export const SearchJqlQuery = Type.Object({
  jql: Type.Optional(JqlText),
  nextPageToken: Type.Optional(TokenText),
  maxResults: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  fields: Type.Optional(StringList),
  expand: Type.Optional(Type.String({ maxLength: 1024 })),
  properties: Type.Optional(StringList),
  fieldsByKeys: Type.Optional(Type.Boolean()),
  failFast: Type.Optional(Type.Boolean()),
  reconcileIssues: Type.Optional(
    Type.Array(Type.Integer({ minimum: 0, maximum: INT32_MAX }), { maxItems: 50 }),
  ),
});

export const SearchJqlBody = Type.Object(
  {
    jql: Type.Optional(JqlText),
    nextPageToken: Type.Optional(TokenText),
    maxResults: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
    fields: Type.Optional(StringList),
    expand: Type.Optional(Type.String({ maxLength: 1024 })),
    properties: Type.Optional(StringList),
    fieldsByKeys: Type.Optional(Type.Boolean()),
    reconcileIssues: Type.Optional(
      Type.Array(Type.Integer({ minimum: 0, maximum: INT32_MAX }), { maxItems: 50 }),
    ),
  },
  { additionalProperties: false },
);
export type SearchJqlInput = Static<typeof SearchJqlBody>;

export const SearchJqlResults = Type.Object({
  issues: Type.Array(IssueBean),
  nextPageToken: Type.Optional(Str),
  isLast: Type.Boolean(),
  names: Type.Optional(Any),
});

const VALIDATE = ['strict', 'warn', 'none', 'true', 'false'] as const;

export const SearchQuery = Type.Object({
  jql: Type.Optional(JqlText),
  startAt: Type.Optional(Type.Integer({ minimum: 0, maximum: INT32_MAX })),
  maxResults: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  validateQuery: Type.Optional(StringEnum(VALIDATE)),
  fields: Type.Optional(StringList),
  expand: Type.Optional(Type.String({ maxLength: 1024 })),
  properties: Type.Optional(StringList),
  fieldsByKeys: Type.Optional(Type.Boolean()),
  failFast: Type.Optional(Type.Boolean()),
});

export const SearchBody = Type.Object(
  {
    jql: Type.Optional(JqlText),
    startAt: Type.Optional(Type.Integer({ minimum: 0, maximum: INT32_MAX })),
    maxResults: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
    validateQuery: Type.Optional(StringEnum(VALIDATE)),
    fields: Type.Optional(StringList),
    expand: Type.Optional(Type.Array(Type.String({ maxLength: 1024 }), { maxItems: 50 })),
    properties: Type.Optional(StringList),
    fieldsByKeys: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const SearchResults = Type.Object({
  expand: Type.Optional(Str),
  startAt: Type.Integer(),
  maxResults: Type.Integer(),
  total: Type.Integer(),
  issues: Type.Array(IssueBean),
  names: Type.Optional(Any),
  warningMessages: Type.Optional(Type.Array(Str)),
});

export const AttachmentMetadata = Type.Object({
  id: Type.Union([Type.Integer(), Str]),
  self: Str,
  filename: Str,
  author: Type.Optional(JiraUser),
  created: Str,
  size: Type.Integer(),
  mimeType: Str,
  content: Str,
  properties: Any,
});

export const ContentQuery = Type.Object({ redirect: Type.Optional(Type.Boolean()) });

export const WorkspaceDataPolicy = Type.Object({ anyContentBlocked: Type.Boolean() });

export const DataPolicyProjectQuery = Type.Object({
  ids: Type.Optional(Type.String({ maxLength: 4096 })),
});

export const ProjectDataPolicies = Type.Object({
  projectDataPolicies: Type.Array(
    Type.Object({
      id: Type.Union([Type.Integer(), Str]),
      dataPolicy: Type.Object({ anyContentBlocked: Type.Boolean() }),
    }),
  ),
});

export const MyPermissionsQuery = Type.Object({
  projectKey: Type.Optional(Type.String({ maxLength: 255 })),
  projectId: Type.Optional(Type.String({ maxLength: 255 })),
  issueKey: Type.Optional(Type.String({ maxLength: 255 })),
  issueId: Type.Optional(Type.String({ maxLength: 255 })),
  permissions: Type.Optional(Type.String({ maxLength: 4096 })),
  projectUuid: Type.Optional(Type.String({ maxLength: 255 })),
  projectConfigurationUuid: Type.Optional(Type.String({ maxLength: 255 })),
  commentId: Type.Optional(Type.String({ maxLength: 255 })),
});

export const Permissions = Type.Object({
  permissions: Type.Record(
    Type.String(),
    Type.Object({
      id: Str,
      key: Str,
      name: Str,
      type: Str,
      description: Str,
      havePermission: Type.Boolean(),
    }),
  ),
});

export const ServerInformation = Type.Object({
  baseUrl: Str,
  displayUrl: Str,
  version: Str,
  versionNumbers: Type.Array(Type.Integer()),
  deploymentType: Str,
  buildNumber: Type.Integer(),
  buildDate: Str,
  serverTime: Str,
  scmInfo: Str,
  serverTitle: Str,
  serverTimeZone: Str,
});
