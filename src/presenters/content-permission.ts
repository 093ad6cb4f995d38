import type { Decision } from '../domain/decision/types.js';

/** Who a permission check was about, as Confluence's messages name them. */
export type CheckedKind = 'user' | 'group' | 'anonymous';

/** Rules whose denial is about the space (or the site), not the page (C11). */
const SPACE_RULES = new Set(['R3', 'R5', 'R6', 'D14', 'D17', 'D19']);

const WHO: Record<CheckedKind, string> = {
  user: 'User',
  group: 'Group',
  anonymous: 'Anonymous user',
};

/**
 * `POST …/permission/check` as Confluence answers it: `errors` carries Confluence's own messages
 * ("User does not have permission to the space", …), one per denial.
 */
export function presentPermissionCheck(
  kind: CheckedKind,
  decision: Decision,
  siteAllowsAnonymous: boolean,
  self: string,
) {
  const errors: { translation: string; args: string[] }[] = [];
  if (decision.decision !== 'allow') {
    const translation =
      kind === 'anonymous' && !siteAllowsAnonymous
        ? 'Anonymous users are not allowed to use Confluence'
        : `${WHO[kind]} does not have permission to the ${
            decision.reasons.some((r) => SPACE_RULES.has(r.rule)) ? 'space' : 'content'
          }`;
    errors.push({ translation, args: [] });
  }
  return { hasPermission: decision.decision === 'allow', errors, _links: { self } };
}

/** `GET /wiki/api/v2/{pages|blogposts}/{id}/operations` (C12). */
export function presentOperations(targetType: string, operations: readonly string[]) {
  return { operations: operations.map((operation) => ({ operation, targetType })) };
}
