import { Type } from '@sinclair/typebox';
import { ContentRestriction } from './content-restrictions.js';

/** Confluence REST v1 reads: content by id, attachments, permission check (docs/confluence-reads.md). */

const Links = Type.Record(Type.String(), Type.String());
const Id = Type.String({ minLength: 1, maxLength: 255 });

export const ContentIdParams = Type.Object({ id: Id });
export const AttachmentDownloadParams = Type.Object({ id: Id, attachmentId: Id });

const Expand = Type.Union([
  Type.String({ maxLength: 1024 }),
  Type.Array(Type.String({ maxLength: 1024 }), { maxItems: 20 }),
]);

export const ContentQuery = Type.Object({
  expand: Type.Optional(Expand),
  status: Type.Optional(
    Type.Union([Type.String({ maxLength: 64 }), Type.Array(Type.String({ maxLength: 64 }))]),
  ),
});

/** v1 lists page with start/limit; C8 documents the cap. */
export const V1_LIST_CAP = 200;

export const AttachmentListQuery = Type.Object({
  expand: Type.Optional(Expand),
  start: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  limit: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  filename: Type.Optional(Type.String({ maxLength: 255 })),
  mediaType: Type.Optional(Type.String({ maxLength: 255 })),
});

export const DownloadQuery = Type.Object({
  version: Type.Optional(Type.Integer({ minimum: 1, maximum: 1 })),
});

const V1Space = Type.Object({
  id: Type.Optional(Type.Integer()),
  key: Type.String(),
  name: Type.String(),
  type: Type.String(),
  status: Type.String(),
  _expandable: Links,
  _links: Links,
});

const V1Version = Type.Object({
  number: Type.Integer(),
  minorEdit: Type.Boolean(),
  when: Type.String(),
  message: Type.String(),
  _expandable: Links,
  _links: Links,
});

/** Ancestors and containers are shown in their short form. */
const V1ContentRef = Type.Object({
  id: Type.String(),
  type: Type.String(),
  status: Type.String(),
  title: Type.String(),
  _expandable: Links,
  _links: Links,
});

const V1Body = Type.Object({
  storage: Type.Optional(
    Type.Object({
      value: Type.String(),
      representation: Type.String(),
      embeddedContent: Type.Array(Type.Unknown()),
      _expandable: Links,
    }),
  ),
  _expandable: Links,
});

export const V1Content = Type.Object({
  id: Type.String(),
  type: Type.String(),
  status: Type.String(),
  title: Type.String(),
  space: Type.Optional(V1Space),
  version: Type.Optional(V1Version),
  ancestors: Type.Optional(Type.Array(V1ContentRef)),
  container: Type.Optional(V1ContentRef),
  body: Type.Optional(V1Body),
  restrictions: Type.Optional(
    Type.Object({
      read: ContentRestriction,
      update: ContentRestriction,
      _expandable: Links,
      _links: Links,
    }),
  ),
  metadata: Type.Optional(
    Type.Object({ mediaType: Type.Optional(Type.String()), _expandable: Links }),
  ),
  extensions: Type.Optional(
    Type.Object({
      mediaType: Type.String(),
      fileSize: Type.Integer(),
      comment: Type.String(),
    }),
  ),
  _expandable: Links,
  _links: Links,
});

export const V1ContentArray = Type.Object({
  results: Type.Array(V1Content),
  start: Type.Integer(),
  limit: Type.Integer(),
  size: Type.Integer(),
  _links: Links,
});

export const PermissionCheckBody = Type.Object(
  {
    subject: Type.Object(
      {
        type: Type.Union([Type.Literal('user'), Type.Literal('group')]),
        identifier: Type.String({ minLength: 1, maxLength: 255 }),
      },
      { additionalProperties: false },
    ),
    operation: Type.Union([Type.Literal('read'), Type.Literal('update'), Type.Literal('delete')]),
  },
  { additionalProperties: false },
);

export const PermissionCheckResponse = Type.Object({
  hasPermission: Type.Boolean(),
  errors: Type.Array(Type.Object({ translation: Type.String(), args: Type.Array(Type.String()) })),
  _links: Links,
});
