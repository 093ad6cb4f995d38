import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { setIssueClassification } from '../../../commands/jira-classification.js';
import { issueClassification } from '../../../domain/jira/rules.js';
import { resolveJiraRef, type JiraTarget } from '../../../domain/jira/resolve.js';
import type { ClassificationLevel } from '../../../domain/world.js';
import { presentLevel } from '../../../presenters/classification.js';
import { LEVEL_ARI, bareLevelId } from '../../../presenters/jira.js';
import { adminOrg, adminOrigin, orgNotFound } from '../../admin-auth.js';
import { ApiError } from '../../errors/catalogue.js';
import type { FastifyTypebox } from '../../fastify-types.js';
import { NoContent } from '../../schemas/classification.js';
import type { Services } from '../../services.js';

const tags = ['Gatehouse Jira classification'];
const PATH = '/gatehouse/v1/orgs/:orgId/issues/:idOrKey/classification-level';

const Params = Type.Object({
  orgId: Type.String({ minLength: 1, maxLength: 512 }),
  idOrKey: Type.String({ minLength: 1, maxLength: 255 }),
});
const Query = Type.Object({
  cloudId: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
});
const Body = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 512 }) },
  { additionalProperties: false },
);

const Level = Type.Object({
  id: Type.String(),
  ari: Type.String(),
  status: Type.String(),
  order: Type.Integer(),
  name: Type.String(),
  description: Type.Optional(Type.String()),
  guideline: Type.Optional(Type.String()),
  color: Type.Optional(Type.String()),
});

const Answer = Type.Object({
  issue: Type.Object({ id: Type.String(), key: Type.String(), cloudId: Type.String() }),
  own: Type.Union([Level, Type.Null()]),
  effective: Type.Union([Level, Type.Null()]),
  source: Type.Union(['issue', 'project', 'org', 'none'].map((s) => Type.Literal(s))),
});

const level = (l: ClassificationLevel | undefined) =>
  l ? { ...presentLevel(l), ari: `${LEVEL_ARI}${l.id}` } : null;

/**
 * J33 (semantics §9.6): Jira's REST API has no operation for an issue's own classification level,
 * so Gatehouse's own API reads and changes it (Admin API key). A write changes decisions at once on
 * every instance (the change log reloads the org).
 */
export function registerIssueClassificationRoutes(app: FastifyTypebox, services: Services): void {
  const find = (request: FastifyRequest, idOrKey: string, cloudId: string | undefined) => {
    const orgId = adminOrg(request);
    const org = services.index.snapshot().org(orgId);
    if (!org) throw new ApiError('ADMIN_NOT_FOUND', orgNotFound(orgId));
    const site = cloudId !== undefined ? { cloudId } : {};
    const byId = resolveJiraRef(org.facts.jira, { type: 'issue', id: idOrKey, ...site });
    const target: JiraTarget | { rule: string; text: string } =
      'rule' in byId
        ? resolveJiraRef(org.facts.jira, { type: 'issue', key: idOrKey, ...site })
        : byId;
    if ('rule' in target || target.kind !== 'issue') {
      throw new ApiError(
        'JIRA_ISSUE_NOT_FOUND',
        'rule' in target ? `Issue ${idOrKey}: ${target.text}` : `No issue ${idOrKey}`,
      );
    }
    return { org, issue: target.issue, project: target.project };
  };

  app.get(
    PATH,
    {
      schema: {
        tags,
        summary:
          'An issue’s own and effective classification level (own → project default → org default)',
        security: [{ adminApiKey: [] }],
        params: Params,
        querystring: Query,
        response: { 200: Answer },
      },
    },
    (request) => {
      const { org, issue, project } = find(request, request.params.idOrKey, request.query.cloudId);
      const levels = org.world.levels;
      const effective = issueClassification(org.facts, issue, project);
      return {
        issue: { id: issue.id, key: issue.key, cloudId: issue.siteId },
        own: level(issue.classification === null ? undefined : levels.get(issue.classification)),
        effective: level(effective === null ? undefined : levels.get(effective)),
        source:
          issue.classification !== null
            ? 'issue'
            : project.defaultClassification !== null
              ? 'project'
              : effective !== null
                ? 'org'
                : 'none',
      };
    },
  );

  const write = async (
    request: FastifyRequest,
    reply: FastifyReply,
    idOrKey: string,
    cloudId: string | undefined,
    levelId: string | null,
  ) => {
    const { org, issue } = find(request, idOrKey, cloudId);
    const result = await services.write(
      setIssueClassification(org.world.id, issue, levelId),
      adminOrigin(request),
    );
    if (!result.ok) {
      if (result.problem === 'missing')
        throw new ApiError('JIRA_ISSUE_NOT_FOUND', `No issue ${idOrKey}`);
      throw new ApiError(
        'CLASSIFICATION_LEVEL_INVALID',
        result.problem === 'unknown-level'
          ? `Classification level ${levelId ?? ''} does not exist in this organization`
          : `Classification level ${levelId ?? ''} is not published: draft and archived levels cannot be applied`,
      );
    }
    return reply.code(204).send();
  };

  app.put(
    PATH,
    {
      schema: {
        tags,
        summary: 'Set an issue’s own classification level (bare id or full ARI)',
        security: [{ adminApiKey: [] }],
        params: Params,
        querystring: Query,
        body: Body,
        response: { 204: NoContent },
      },
    },
    (request, reply) =>
      write(
        request,
        reply,
        request.params.idOrKey,
        request.query.cloudId,
        bareLevelId(request.body.id),
      ),
  );

  app.delete(
    PATH,
    {
      schema: {
        tags,
        summary: 'Remove an issue’s own level (back to the project default)',
        security: [{ adminApiKey: [] }],
        params: Params,
        querystring: Query,
        response: { 204: NoContent },
      },
    },
    (request, reply) => write(request, reply, request.params.idOrKey, request.query.cloudId, null),
  );
}
