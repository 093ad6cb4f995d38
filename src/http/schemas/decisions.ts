import { Type, type Static } from '@sinclair/typebox';
import { ENFORCEMENT_MODES, ENFORCEMENT_RULES } from '../../domain/decision/enforcement-modes.js';
import {
  ACTIONS,
  CONFLUENCE_RESOURCE_TYPES,
  JIRA_RESOURCE_TYPES,
  RESOURCE_TYPES,
} from '../../domain/decision/types.js';
import { RULE_IDS } from '../../domain/decision/rule-ids.js';
import { RULES } from '../../domain/decision/policy-facts.js';
import { StringEnum, TaggedUnion } from './common.js';

const strict = { additionalProperties: false } as const;
const Id = Type.String({ minLength: 1, maxLength: 512 });

/** The engine's subject on the wire: a user, an app (maybe acting for a user), or anonymous. */
export const SubjectInput = TaggedUnion('type', [
  Type.Object(
    {
      type: Type.Literal('user'),
      accountId: Id,
      /** A site admin exercising the admin key (Atl-Confluence-With-Admin-Key). */
      adminKey: Type.Optional(Type.Boolean()),
    },
    strict,
  ),
  Type.Object({ type: Type.Literal('app'), ari: Id, actingFor: Type.Optional(Id) }, strict),
  Type.Object({ type: Type.Literal('anonymous') }, strict),
]);
export type SubjectInput = Static<typeof SubjectInput>;

export const ActionInput = StringEnum(ACTIONS);

/**
 * A Confluence resource by id, or a Jira issue or project by id or key (exactly one, checked by
 * the route), on `cloudId` when the org has several sites (docs/jira.md J1).
 */
export const ResourceInput = TaggedUnion('type', [
  Type.Object({ type: StringEnum(CONFLUENCE_RESOURCE_TYPES), id: Id }, strict),
  Type.Object(
    {
      type: StringEnum(JIRA_RESOURCE_TYPES),
      id: Type.Optional(Id),
      key: Type.Optional(Id),
      cloudId: Type.Optional(Id),
    },
    strict,
  ),
]);

/** The resource echoed in an answer (one flat object). */
export const ResourceOutput = Type.Object({
  type: StringEnum(RESOURCE_TYPES),
  id: Type.Optional(Type.String()),
  key: Type.Optional(Type.String()),
  cloudId: Type.Optional(Type.String()),
});

export const CheckBody = Type.Object(
  {
    subject: SubjectInput,
    action: ActionInput,
    resource: ResourceInput,
    /** On a deny, add `toAllow`: the changes that would turn it into allow (S1). */
    suggest: Type.Optional(Type.Boolean()),
  },
  strict,
);
export type CheckBody = Static<typeof CheckBody>;

export const Reason = Type.Object({
  rule: StringEnum(Object.keys(RULE_IDS) as (keyof typeof RULE_IDS)[]),
  text: Type.String(),
  policyId: Type.Optional(Type.String()),
  restriction: Type.Optional(
    Type.Object({ contentId: Type.String(), operation: StringEnum(['read', 'update'] as const) }),
  ),
  permission: Type.Optional(Type.String()),
  securityLevel: Type.Optional(Type.String()),
});

/** The subject echoed in an answer (one flat object: cheap to serialize on the hot path). */
export const SubjectOutput = Type.Object({
  type: StringEnum(['user', 'app', 'anonymous'] as const),
  accountId: Type.Optional(Type.String()),
  ari: Type.Optional(Type.String()),
  actingFor: Type.Optional(Type.String()),
  adminKey: Type.Optional(Type.Boolean()),
});

const ChangeSubject = Type.Object({
  type: StringEnum(['user', 'group', 'anonymous'] as const),
  accountId: Type.Optional(Type.String()),
  id: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
});

const Text = { text: Type.String() };
const PolicyRule = StringEnum(RULES);

/** One change of a suggestion (docs/suggestions.md): data a client can apply, and a sentence. */
export const SuggestedChange = Type.Union([
  Type.Object({
    kind: Type.Literal('restriction.add'),
    contentId: Type.String(),
    operation: StringEnum(['read', 'update'] as const),
    subject: ChangeSubject,
    ...Text,
  }),
  Type.Object({
    kind: Type.Literal('restriction.clear'),
    contentId: Type.String(),
    operation: Type.Literal('read'),
    ...Text,
  }),
  Type.Object({
    kind: Type.Literal('space.grant'),
    spaceId: Type.String(),
    spaceKey: Type.String(),
    operation: StringEnum(['read', 'update', 'administer'] as const),
    subject: ChangeSubject,
    ...Text,
  }),
  Type.Object({ kind: Type.Literal('site.anonymousAccess'), cloudId: Type.String(), ...Text }),
  Type.Object({
    kind: Type.Literal('app.scope'),
    ari: Type.String(),
    scope: Type.String(),
    ...Text,
  }),
  Type.Object({
    kind: StringEnum(['policy.removeResource', 'policy.addResource'] as const),
    policyId: Type.String(),
    policyName: Type.String(),
    rule: PolicyRule,
    coverageLevel: Type.String(),
    resourceAri: Type.String(),
    ...Text,
  }),
  Type.Object({
    kind: Type.Literal('policy.publishOverride'),
    rule: PolicyRule,
    coverageLevel: StringEnum(['WORKSPACE', 'CONTAINER', 'CLASSIFICATION'] as const),
    effect: Type.Literal('allow'),
    resourceAri: Type.String(),
    subjectId: Type.Optional(Type.String()),
    overrides: Type.Optional(Type.String()),
    ...Text,
  }),
]);

export const Suggestion = Type.Object({ changes: Type.Array(SuggestedChange), ...Text });

export const EnforcementRuleName = StringEnum(ENFORCEMENT_RULES);
export const EnforcementModeName = StringEnum(ENFORCEMENT_MODES);

/** Present when a soft or off rule changed the answer (G26): the rules relaxed and the denial. */
const EnforcementReport = Type.Object({
  relaxed: Type.Array(
    Type.Object({
      rule: EnforcementRuleName,
      mode: StringEnum(['soft', 'off'] as const),
    }),
  ),
  wouldBe: Type.Object({
    decision: StringEnum(['allow', 'deny'] as const),
    reasons: Type.Array(Reason),
  }),
});

export const DecisionResponse = Type.Object({
  decision: StringEnum(['allow', 'deny'] as const),
  reasons: Type.Array(Reason),
  subject: SubjectOutput,
  action: ActionInput,
  resource: ResourceOutput,
  /** With `suggest: true` on a deny: each entry is enough on its own to allow (S1). */
  toAllow: Type.Optional(Type.Array(Suggestion)),
  enforcement: Type.Optional(EnforcementReport),
});

export const OrgParams = Type.Object({ orgId: Id });

export const BatchBody = Type.Object(
  { checks: Type.Array(CheckBody, { minItems: 1, maxItems: 1000 }) },
  strict,
);

export const BatchResponse = Type.Object({ results: Type.Array(DecisionResponse) });

const Page = {
  cursor: Type.Optional(Type.String({ maxLength: 2048 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 250 })),
};

export const ListResourcesBody = Type.Object(
  {
    subject: SubjectInput,
    action: ActionInput,
    spaceId: Type.Optional(Id),
    /** The issues of this Jira project (J18), on `cloudId` when the org has several sites. */
    projectId: Type.Optional(Id),
    cloudId: Type.Optional(Id),
    ...Page,
  },
  strict,
);

export type ListResourcesBody = Static<typeof ListResourcesBody>;

export const ListResourcesResponse = Type.Object({
  results: Type.Array(
    Type.Object({
      type: Type.String(),
      id: Type.String(),
      key: Type.Optional(Type.String()),
      title: Type.String(),
    }),
  ),
  _links: Type.Object({ next: Type.Optional(Type.String()) }),
});

export const ListSubjectsBody = Type.Object(
  { action: ActionInput, resource: ResourceInput, ...Page },
  strict,
);

export const ListSubjectsResponse = Type.Object({
  results: Type.Array(
    Type.Object({
      type: Type.String(),
      accountId: Type.Optional(Type.String()),
      displayName: Type.Optional(Type.String()),
      id: Type.Optional(Type.String()),
      name: Type.Optional(Type.String()),
      ari: Type.Optional(Type.String()),
    }),
  ),
  _links: Type.Object({ next: Type.Optional(Type.String()) }),
});
