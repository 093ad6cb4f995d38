import * as cedar from '@cedar-policy/cedar-wasm/nodejs';
import { chainOf } from './tree.js';
import type { CheckRequest, DecisionFacts } from '../../src/domain/decision/types.js';
import type { Content } from '../../src/domain/world.js';
import { cedarPolicies } from './cedar-policies.js';

type Entity = cedar.EntityJson;
type Call = cedar.StatefulAuthorizationCall;

const POLICY_SET = 'gatehouse-bench';
const ref = (type: string, id: string) => ({ __entity: { type, id } });

/**
 * The same decisions by Cedar (cedar-wasm, policies preparsed once): each request carries the
 * entities it needs — the principal and its groups, the page and its ancestors, their read
 * lists, the space and the site — built from the same index before timing starts.
 */
export class CedarBaseline {
  constructor(private readonly facts: DecisionFacts) {
    const answer = cedar.preparsePolicySet(POLICY_SET, { staticPolicies: cedarPolicies(facts) });
    if (answer.type !== 'success') {
      throw new Error(
        `Cedar rejected the policies: ${answer.errors.map((e) => e.message).join('; ')}`,
      );
    }
  }

  /** The authorization call of one request, or null when the resource is unknown. */
  encode(request: CheckRequest): Call | null {
    const facts = this.facts;
    const { resource } = request;
    const pageId =
      resource.type === 'attachment' ? facts.attachment(resource.id)?.contentId : resource.id;
    const page = pageId === undefined ? undefined : facts.content(pageId);
    const space = page ? facts.space(page.spaceId) : undefined;
    const site = space ? facts.site(space.siteId) : undefined;
    if (!page || !space || !site) return null;
    const chain = chainOf(facts, page);
    const restricted = chain.filter(
      (c) => c.restrictions.read.users.size > 0 || c.restrictions.read.groups.size > 0,
    );
    const entities: Entity[] = [
      ...chain.map((c) => pageEntity(c)),
      ...restricted.map((c) => ({ uid: { type: 'RL', id: c.id }, attrs: {}, parents: [] })),
      {
        uid: { type: 'Space', id: space.id },
        attrs: {
          site: ref('Site', site.cloudId),
          reader: ref('SpaceRead', space.id),
          anonymousRead: space.permissions.anonymous.has('read'),
          ...(space.defaultClassification !== null
            ? { defaultLevel: space.defaultClassification }
            : {}),
        },
        parents: [],
      },
      {
        uid: { type: 'Site', id: site.cloudId },
        attrs: { anonymousAccess: site.anonymousAccess },
        parents: [],
      },
      { uid: { type: 'SpaceRead', id: space.id }, attrs: {}, parents: [] },
    ];
    const listsNaming = (kind: 'users' | 'groups', id: string) =>
      restricted
        .filter((c) => c.restrictions.read[kind].has(id))
        .map((c) => ({ type: 'RL', id: c.id }));
    const member = (accountId: string | null, direct: boolean) => {
      if (accountId === null) return [];
      const parents = [];
      for (const group of facts.groupsOf(accountId)) {
        parents.push({ type: 'Group', id: group });
        const reads = space.permissions.groups.get(group)?.has('read') === true;
        entities.push({
          uid: { type: 'Group', id: group },
          attrs: {},
          parents: [
            ...(reads ? [{ type: 'SpaceRead', id: space.id }] : []),
            ...listsNaming('groups', group),
          ],
        });
      }
      if (direct && space.permissions.users.get(accountId)?.has('read')) {
        parents.push({ type: 'SpaceRead', id: space.id });
      }
      return [...parents, ...listsNaming('users', accountId)];
    };
    const subject = request.subject;
    let principal: { type: string; id: string };
    if (subject.type === 'user') {
      principal = { type: 'User', id: subject.accountId };
      entities.push({ uid: principal, attrs: {}, parents: member(subject.accountId, true) });
    } else if (subject.type === 'app') {
      const app = facts.app(subject.ari);
      if (!app) return null;
      principal = { type: 'App', id: app.ari };
      entities.push({
        uid: principal,
        attrs: { scopes: [...app.scopes], exempt: app.exempt },
        parents: member(app.accountId, false),
      });
    } else {
      principal = { type: 'Anonymous', id: 'anonymous' };
      entities.push({ uid: principal, attrs: {}, parents: [] });
    }
    return {
      principal,
      action: { type: 'Action', id: request.action },
      resource: { type: 'Page', id: page.id },
      context: {},
      preparsedPolicySetId: POLICY_SET,
      entities,
    };
  }

  /** Cedar's answer and the ids of the policies that determined it. */
  decide(call: Call): { decision: 'allow' | 'deny'; reasons: string[] } {
    const answer = cedar.statefulIsAuthorized(call);
    if (answer.type !== 'success') {
      throw new Error(`Cedar failed: ${answer.errors.map((e) => e.message).join('; ')}`);
    }
    return { decision: answer.response.decision, reasons: answer.response.diagnostics.reason };
  }
}

function pageEntity(content: Content): Entity {
  const read = content.restrictions.read;
  return {
    uid: { type: 'Page', id: content.id },
    attrs: {
      space: ref('Space', content.spaceId),
      ...(content.parentId !== null ? { parent: ref('Page', content.parentId) } : {}),
      ...(read.users.size > 0 || read.groups.size > 0 ? { readList: ref('RL', content.id) } : {}),
      ...(content.classification !== null ? { level: content.classification } : {}),
    },
    parents: [],
  };
}
