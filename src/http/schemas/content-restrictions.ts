import { Type } from '@sinclair/typebox';

const Links = Type.Record(Type.String(), Type.String());

export const ContentParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 255 }) });
export const OperationParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 255 }),
  operationKey: Type.String({ maxLength: 64 }),
});
export const GroupNameParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 255 }),
  operationKey: Type.String({ maxLength: 64 }),
  groupName: Type.String({ minLength: 1, maxLength: 255 }),
});
export const GroupIdParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 255 }),
  operationKey: Type.String({ maxLength: 64 }),
  groupId: Type.String({ minLength: 1, maxLength: 255 }),
});

/** `expand` may repeat or be comma-separated; start/limit page users and groups. */
export const RestrictionQuery = Type.Object({
  expand: Type.Optional(
    Type.Union([
      Type.String({ maxLength: 512 }),
      Type.Array(Type.String({ maxLength: 512 }), { maxItems: 10 }),
    ]),
  ),
  start: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  limit: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
});

export const AccountQuery = Type.Object({
  accountId: Type.Optional(Type.String({ maxLength: 255 })),
  key: Type.Optional(Type.String({ maxLength: 255 })),
  userName: Type.Optional(Type.String({ maxLength: 255 })),
});

const User = Type.Object({
  type: Type.String(),
  accountId: Type.String(),
  accountType: Type.String(),
  email: Type.String(),
  publicName: Type.String(),
  displayName: Type.String(),
  profilePicture: Type.Object({
    path: Type.String(),
    width: Type.Integer(),
    height: Type.Integer(),
    isDefault: Type.Boolean(),
  }),
  isExternalCollaborator: Type.Boolean(),
  isGuest: Type.Boolean(),
  _links: Links,
});

const Group = Type.Object({
  type: Type.String(),
  name: Type.String(),
  id: Type.String(),
  _links: Links,
});

const Content = Type.Object({
  id: Type.String(),
  type: Type.String(),
  status: Type.String(),
  title: Type.String(),
  _expandable: Links,
  _links: Links,
});

export const ContentRestriction = Type.Object({
  operation: Type.String(),
  restrictions: Type.Object({
    user: Type.Object({
      results: Type.Array(User),
      start: Type.Integer(),
      limit: Type.Integer(),
      size: Type.Integer(),
      totalSize: Type.Integer(),
      _links: Links,
    }),
    group: Type.Object({
      results: Type.Array(Group),
      start: Type.Integer(),
      limit: Type.Integer(),
      size: Type.Integer(),
    }),
  }),
  content: Type.Optional(Content),
  _expandable: Links,
  _links: Links,
});

export const ContentRestrictionArray = Type.Object({
  results: Type.Array(ContentRestriction),
  start: Type.Integer(),
  limit: Type.Integer(),
  size: Type.Integer(),
  restrictionsHash: Type.String(),
  _links: Links,
});

export const RestrictionsByOperation = Type.Object({
  read: ContentRestriction,
  update: ContentRestriction,
  _links: Links,
});

/** PUT/POST body: checked in the domain so each problem is named precisely (R16). */
export const RestrictionBody = Type.Unknown();
