import { Type, type Static } from '@sinclair/typebox';
import { RESTRICTION_OPERATIONS } from '../../domain/world.js';
import { StringEnum } from './common.js';

const Links = Type.Record(Type.String(), Type.String());
const ContentId = Type.String({ minLength: 1, maxLength: 255 });
/** The operations a restriction can be about (add/update accept only these). */
const OperationKey = StringEnum(RESTRICTION_OPERATIONS);

export const ContentParams = Type.Object({ id: ContentId });
export const OperationParams = Type.Object({ id: ContentId, operationKey: OperationKey });
export const GroupNameParams = Type.Object({
  id: ContentId,
  operationKey: OperationKey,
  groupName: Type.String({ minLength: 1, maxLength: 255 }),
});
export const GroupIdParams = Type.Object({
  id: ContentId,
  operationKey: OperationKey,
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
  accountId: Type.String({ minLength: 1, maxLength: 255 }),
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

/** Users and groups may come as an array or as `{results: [...]}` (the reference allows both). */
const SubjectsOf = <T extends ReturnType<typeof Type.Object>>(item: T) =>
  Type.Union([
    Type.Array(item, { maxItems: 10_000 }),
    Type.Object({ results: Type.Array(item, { maxItems: 10_000 }) }),
  ]);

const UserRef = Type.Object({
  type: Type.Optional(Type.String({ maxLength: 64 })),
  accountId: Type.String({ minLength: 1, maxLength: 255 }),
});
/** A group by `id`, or (deprecated) by `name`: the domain checks that one of them is there. */
const GroupRef = Type.Object({
  type: Type.Optional(Type.String({ maxLength: 64 })),
  id: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
});

/** `ContentRestrictionUpdate` of the reference: one operation and its users and groups. */
export const RestrictionUpdateInput = Type.Object({
  operation: OperationKey,
  restrictions: Type.Object({
    user: Type.Optional(SubjectsOf(UserRef)),
    group: Type.Optional(SubjectsOf(GroupRef)),
  }),
});

/**
 * PUT/POST body: an array of restriction updates, or `{results: [...]}`. The schema checks the
 * shape; the domain checks what it names (unknown accounts and groups, an operation given twice,
 * the subject limit: R16).
 */
export const RestrictionBody = Type.Union([
  Type.Array(RestrictionUpdateInput, { maxItems: 10 }),
  Type.Object({ results: Type.Array(RestrictionUpdateInput, { maxItems: 10 }) }),
]);
export type RestrictionBody = Static<typeof RestrictionBody>;
