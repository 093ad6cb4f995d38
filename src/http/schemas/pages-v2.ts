import { Type } from '@sinclair/typebox';

/** Confluence REST v2 reads: pages, blog posts, lists, attachments, operations. */

const Links = Type.Record(Type.String(), Type.String());
const Id = Type.String({ minLength: 1, maxLength: 255 });

export const V2IdParams = Type.Object({ id: Id });

/** C9: `limit` defaults to 25 and is capped at 250 (Confluence's own cap). */
export const V2_DEFAULT_LIMIT = 25;
export const V2_LIMIT_CAP = 250;

const BodyFormat = Type.Union([Type.Literal('storage')]);

export const V2ItemQuery = Type.Object({
  'body-format': Type.Optional(BodyFormat),
});

export const V2ListQuery = Type.Object({
  cursor: Type.Optional(Type.String({ maxLength: 1024 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
  depth: Type.Optional(Type.Union([Type.Literal('all'), Type.Literal('root')])),
  'body-format': Type.Optional(BodyFormat),
});

export const V2ChildrenQuery = Type.Object({
  cursor: Type.Optional(Type.String({ maxLength: 1024 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
});

const Version = Type.Object({
  createdAt: Type.String(),
  message: Type.String(),
  number: Type.Integer(),
  minorEdit: Type.Boolean(),
});

const Body = Type.Object({
  storage: Type.Optional(Type.Object({ representation: Type.String(), value: Type.String() })),
});

const pageFields = {
  id: Type.String(),
  status: Type.String(),
  title: Type.String(),
  spaceId: Type.String(),
  parentId: Type.Optional(Type.String()),
  parentType: Type.Optional(Type.String()),
  position: Type.Integer(),
  createdAt: Type.String(),
  version: Version,
  body: Type.Optional(Body),
  _links: Links,
};

export const V2Page = Type.Object(pageFields);

export const V2BlogPost = Type.Object({
  id: Type.String(),
  status: Type.String(),
  title: Type.String(),
  spaceId: Type.String(),
  createdAt: Type.String(),
  version: Version,
  body: Type.Optional(Body),
  _links: Links,
});

const ListLinks = Type.Object({ next: Type.Optional(Type.String()), base: Type.String() });

export const V2PageList = Type.Object({ results: Type.Array(V2Page), _links: ListLinks });

export const V2ChildPageList = Type.Object({
  results: Type.Array(
    Type.Object({
      id: Type.String(),
      status: Type.String(),
      title: Type.String(),
      spaceId: Type.String(),
      childPosition: Type.Integer(),
    }),
  ),
  _links: ListLinks,
});

export const V2Attachment = Type.Object({
  id: Type.String(),
  status: Type.String(),
  title: Type.String(),
  createdAt: Type.String(),
  pageId: Type.Optional(Type.String()),
  blogPostId: Type.Optional(Type.String()),
  mediaType: Type.String(),
  comment: Type.String(),
  fileId: Type.String(),
  fileSize: Type.Optional(Type.Integer()),
  webuiLink: Type.String(),
  downloadLink: Type.String(),
  version: Version,
  _links: Links,
});

export const PermittedOperations = Type.Object({
  operations: Type.Array(Type.Object({ operation: Type.String(), targetType: Type.String() })),
});
