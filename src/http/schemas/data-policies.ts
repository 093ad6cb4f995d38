import { Type } from '@sinclair/typebox';

/** Confluence v2 `DataPolicyMetadata`. */
export const DataPolicyMetadata = Type.Object({ anyContentBlocked: Type.Boolean() });

/** Confluence v2 `DataPolicySpace` (Gatehouse keeps no space descriptions or icons). */
export const DataPolicySpace = Type.Object({
  id: Type.String(),
  key: Type.String(),
  name: Type.String(),
  dataPolicy: Type.Object({ anyContentBlocked: Type.Boolean() }),
  _links: Type.Object({ webui: Type.String() }),
});

export const DataPolicySpaceList = Type.Object({
  results: Type.Array(DataPolicySpace),
  _links: Type.Object({ next: Type.Optional(Type.String()), base: Type.String() }),
});

const List = Type.Array(Type.String({ maxLength: 4096 }), { maxItems: 250 });

export const SPACE_SORTS = ['id', '-id', 'key', '-key', 'name', '-name'] as const;
export type SpaceSort = (typeof SPACE_SORTS)[number];

/** `ids` and `keys` may repeat or be comma-separated (at most 250 values each). */
export const DataPolicySpacesQuery = Type.Object({
  ids: Type.Optional(List),
  keys: Type.Optional(List),
  sort: Type.Optional(Type.Union(SPACE_SORTS.map((s) => Type.Literal(s)))),
  cursor: Type.Optional(Type.String({ maxLength: 1024 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 250, default: 25 })),
});
