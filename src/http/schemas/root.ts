import { Type } from '@sinclair/typebox';

const Credentials = Type.Object({
  orgId: Type.String(),
  orgName: Type.String(),
  adminApiKeys: Type.Array(Type.String()),
  users: Type.Array(
    Type.Object({
      email: Type.String(),
      apiToken: Type.String(),
      accountId: Type.String(),
      displayName: Type.String(),
    }),
  ),
  apps: Type.Array(Type.Object({ token: Type.String(), ari: Type.String(), name: Type.String() })),
  sites: Type.Array(Type.Object({ name: Type.String(), cloudId: Type.String() })),
});

/** `GET /` with `Accept: application/json` (src/presenters/root-page.ts). */
export const RootDocumentSchema = Type.Object({
  name: Type.Literal('Gatehouse'),
  description: Type.String(),
  apiFamilies: Type.Array(
    Type.Object({
      name: Type.String(),
      base: Type.String(),
      auth: Type.String(),
      reference: Type.String(),
      operations: Type.Integer(),
    }),
  ),
  links: Type.Array(Type.Object({ rel: Type.String(), href: Type.String(), title: Type.String() })),
  docs: Type.Array(Type.Object({ path: Type.String(), title: Type.String() })),
  demo: Type.Union([Credentials, Type.Null()]),
});

export const RootPageHtml = Type.String({ description: 'The start page' });
