import { setEnforcement } from '../../../commands/orgs.js';
import {
  ENFORCEMENT_RULES,
  modeOf,
  normalizeModes,
  type EnforcementMode,
  type EnforcementModes,
  type EnforcementRule,
} from '../../../domain/decision/enforcement-modes.js';
import { decodeCursor, encodeCursor } from '../../cursor.js';
import type { DecisionLogEntry } from '../../door/decision-log.js';
import { ApiError } from '../../errors/catalogue.js';
import type { FastifyTypebox } from '../../fastify-types.js';
import { operatorOrigin } from '../../operator-auth.js';
import {
  DecisionLogQuery,
  DecisionLogResponse,
  EnforcementBody,
  EnforcementResponse,
  OrgIdParams,
} from '../../schemas/orgs.js';
import type { Services } from '../../services.js';

const tags = ['Gatehouse enforcement'];
const security: Record<string, string[]>[] = [{ adminApiKey: [] }, { operatorKey: [] }];
const DEFAULT_LIMIT = 25;

function presentModes(modes: EnforcementModes) {
  return {
    default: modes.default,
    rules: { ...modes.rules },
    effective: Object.fromEntries(ENFORCEMENT_RULES.map((r) => [r, modeOf(modes, r)])) as Record<
      EnforcementRule,
      EnforcementMode
    >,
  };
}

function presentEntry(entry: DecisionLogEntry) {
  const q = entry.url.indexOf('?');
  return {
    time: new Date(entry.at).toISOString(),
    caller: entry.subject,
    method: entry.method,
    path: q === -1 ? entry.url : entry.url.slice(0, q),
    action: entry.action,
    resource: entry.resource,
    decision: entry.decision,
    reasons: entry.reasons.map((r) => ({ ...r })),
  };
}

/**
 * Enforcement modes (G19–G26) and the decision log (G27–G30) of one org: its Admin API key or the
 * operator key.
 */
export function registerEnforcementRoutes(app: FastifyTypebox, services: Services): void {
  const worldOf = (orgId: string) => {
    const world = services.index.snapshot().org(orgId)?.world;
    if (!world) throw new ApiError('ORG_NOT_FOUND', `Organization ${orgId} not found`);
    return world;
  };

  app.get(
    '/gatehouse/v1/orgs/:orgId/enforcement',
    {
      config: { access: 'operator-or-admin' },
      schema: {
        tags,
        summary: "The org's enforcement modes: enforce, soft or off per rule",
        security,
        params: OrgIdParams,
        response: { 200: EnforcementResponse },
      },
    },
    (request) => presentModes(worldOf(request.params.orgId).enforcement),
  );

  app.put(
    '/gatehouse/v1/orgs/:orgId/enforcement',
    {
      config: { access: 'operator-or-admin' },
      schema: {
        tags,
        summary: "Set the org's enforcement modes (a rule not named takes the default)",
        security,
        params: OrgIdParams,
        body: EnforcementBody,
        response: { 200: EnforcementResponse },
      },
    },
    async (request) => {
      const { orgId } = request.params;
      const modes = normalizeModes(request.body);
      await services.write(setEnforcement(orgId, modes), operatorOrigin(request));
      return presentModes(worldOf(orgId).enforcement);
    },
  );

  app.get(
    '/gatehouse/v1/orgs/:orgId/decision-log',
    {
      config: { access: 'operator-or-admin' },
      schema: {
        tags,
        summary: 'Denials and soft denials of the content endpoints, newest first',
        security,
        params: OrgIdParams,
        querystring: DecisionLogQuery,
        response: { 200: DecisionLogResponse },
      },
    },
    (request) => {
      const { orgId } = request.params;
      worldOf(orgId);
      const limit = request.query.limit ?? DEFAULT_LIMIT;
      const after = decodeCursor(request.query.cursor, 'querystring.cursor');
      const before = after === undefined ? undefined : Number(after);
      if (before !== undefined && !Number.isInteger(before)) {
        throw new ApiError(
          'REQUEST_VALIDATION',
          'querystring.cursor: not a cursor this server issued',
        );
      }
      const { entries, more } = services.decisionLog.page(orgId, before, limit);
      const last = entries[entries.length - 1];
      const next =
        more && last
          ? `/gatehouse/v1/orgs/${encodeURIComponent(orgId)}/decision-log?cursor=${encodeCursor(String(last.seq))}&limit=${limit}`
          : undefined;
      return { results: entries.map(presentEntry), _links: next ? { next } : {} };
    },
  );
}
