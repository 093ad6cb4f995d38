import { Type } from '@sinclair/typebox';
import { Id, Name, RestrictionList, RichText, Timestamp, strict } from './schema-parts.js';

/** A Jira project of the tenant file, with its permission scheme, security levels and issues. */
/** One entry of a project's permission scheme, flattened: a holder and its permission keys. */
const ProjectPermissionEntry = Type.Object(
  {
    group: Type.Optional(Name),
    accountId: Type.Optional(Id),
    anyone: Type.Optional(Type.Literal(true)),
    permissions: Type.Array(Type.String({ minLength: 1, maxLength: 255 }), { minItems: 1 }),
  },
  strict,
);

const SecurityLevel = Type.Object(
  {
    id: Id,
    name: Name,
    description: Type.Optional(Type.String({ maxLength: 10000 })),
    members: Type.Optional(RestrictionList),
  },
  strict,
);

const JiraAttachment = Type.Object(
  {
    id: Id,
    filename: Name,
    mimeType: Type.Optional(Type.String({ maxLength: 255 })),
    size: Type.Optional(Type.Integer({ minimum: 0 })),
    author: Type.Optional(Id),
    created: Type.Optional(Timestamp),
  },
  strict,
);

const JiraComment = Type.Object(
  { id: Id, author: Type.Optional(Id), body: RichText, created: Type.Optional(Timestamp) },
  strict,
);

export const Issue = Type.Object(
  {
    id: Id,
    key: Type.String({ minLength: 3, maxLength: 255 }),
    summary: Type.String({ minLength: 1, maxLength: 255 }),
    issueType: Type.Optional(Name),
    status: Type.Optional(Name),
    description: Type.Optional(Type.Union([RichText, Type.Null()])),
    labels: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 255, pattern: '^\\S+$' })),
    ),
    reporter: Type.Optional(Type.Union([Id, Type.Null()])),
    assignee: Type.Optional(Type.Union([Id, Type.Null()])),
    created: Type.Optional(Timestamp),
    updated: Type.Optional(Timestamp),
    classification: Type.Optional(Id),
    securityLevel: Type.Optional(Id),
    parent: Type.Optional(Type.String({ minLength: 3, maxLength: 255 })),
    attachments: Type.Optional(Type.Array(JiraAttachment)),
    comments: Type.Optional(Type.Array(JiraComment)),
  },
  strict,
);

export const Project = Type.Object(
  {
    id: Id,
    key: Type.String({ minLength: 1, maxLength: 255, pattern: '^[A-Z][A-Z0-9_]*$' }),
    name: Name,
    projectType: Type.Optional(Name),
    defaultClassification: Type.Optional(Id),
    permissions: Type.Optional(Type.Array(ProjectPermissionEntry)),
    securityLevels: Type.Optional(Type.Array(SecurityLevel)),
    issues: Type.Optional(Type.Array(Issue)),
  },
  strict,
);
