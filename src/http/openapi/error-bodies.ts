import { Type, type TObject } from '@sinclair/typebox';
import type { ApiFamily } from '../errors/render.js';

/**
 * The error bodies `renderError` (src/http/errors/render.ts) answers, one schema per API family
 * and shape, as the served OpenAPI document names them (`#/components/schemas/{title}`). A test
 * renders every catalogue code in every family and validates it against these.
 */
const strict = { additionalProperties: false } as const;

/** Admin API 400 and 5xx: JSON:API error objects, `status` a string, `code` the application code. */
export const AdminErrorList = Type.Object(
  {
    errors: Type.Array(
      Type.Object(
        {
          id: Type.String(),
          status: Type.String(),
          code: Type.String(),
          title: Type.String(),
          detail: Type.String(),
        },
        strict,
      ),
      { minItems: 1 },
    ),
  },
  { ...strict, title: 'AdminErrorList' },
);

/** Admin API 401, 403, 404, 413, 415: a numeric `code` and a message. */
export const AdminError = Type.Object(
  { code: Type.Integer(), message: Type.String() },
  { ...strict, title: 'AdminError' },
);

/** Confluence REST v1 (`/wiki/rest/api/…` and other `/wiki/…` paths). */
export const ConfluenceV1Error = Type.Object(
  {
    statusCode: Type.Integer(),
    data: Type.Object(
      {
        authorized: Type.Boolean(),
        valid: Type.Boolean(),
        allowedInReadOnlyMode: Type.Boolean(),
        errors: Type.Array(Type.String()),
        successful: Type.Boolean(),
      },
      strict,
    ),
    message: Type.String(),
    reason: Type.String(),
  },
  { ...strict, title: 'ConfluenceV1Error' },
);

const V2ErrorItem = Type.Object(
  { status: Type.Integer(), code: Type.String(), title: Type.String(), detail: Type.String() },
  strict,
);

/** Confluence REST v2 (`/wiki/api/v2/…`). */
export const ConfluenceV2ErrorList = Type.Object(
  { errors: Type.Array(V2ErrorItem, { minItems: 1 }) },
  { ...strict, title: 'ConfluenceV2ErrorList' },
);

/** Gatehouse's own API: the v2 shape plus the request id. */
export const GatehouseErrorList = Type.Object(
  { errors: Type.Array(V2ErrorItem, { minItems: 1 }), requestId: Type.String() },
  { ...strict, title: 'GatehouseErrorList' },
);

/** Jira (`/rest/api/…`, `/si/…`, `/sr/…`): Atlassian's `ErrorCollection`. */
export const JiraErrorCollection = Type.Object(
  {
    errorMessages: Type.Array(Type.String()),
    errors: Type.Object({}, { additionalProperties: Type.String() }),
  },
  { ...strict, title: 'JiraErrorCollection' },
);

export const ERROR_BODIES = [
  AdminErrorList,
  AdminError,
  ConfluenceV1Error,
  ConfluenceV2ErrorList,
  JiraErrorCollection,
  GatehouseErrorList,
] as const;

/** The schema of the body a family answers with this status. */
export function errorBodySchema(family: ApiFamily, status: number): TObject {
  switch (family) {
    case 'admin':
      return status === 400 || status >= 500 ? AdminErrorList : AdminError;
    case 'admin-org':
      // the Organizations API (audit log) answers JSON:API error objects for every status
      return AdminErrorList;
    case 'confluence-v1':
      return ConfluenceV1Error;
    case 'confluence-v2':
      return ConfluenceV2ErrorList;
    case 'jira':
      return JiraErrorCollection;
    case 'gatehouse':
      return GatehouseErrorList;
  }
}
