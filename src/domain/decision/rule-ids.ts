import { sealedSet } from '../world.js';
import type { EnforcementRule } from './enforcement-modes.js';

/**
 * Every rule a decision can cite, with the properties its consumers read: the tree walks (is a
 * denial inherited by every descendant?), the permission-check presenter (is it about the space or
 * the content?) and the docs (where is it written down?). A reason's `rule` is a `RuleId`, so a new
 * or misspelt rule is a type error, not a silent change.
 */
export interface RuleInfo {
  /** A denial by this rule holds for every page below too, so a filtered walk may skip them. */
  readonly inherited: boolean;
  /** What Confluence's permission check says a denial is about (C11). */
  readonly about: 'space' | 'content';
  /** The document that numbers the rule. */
  readonly doc: 'decision-scenarios' | 'restriction-rules' | 'jira';
  readonly title: string;
  /**
   * The enforcement rule whose mode (enforce, soft, off) governs a denial citing this rule
   * (enforcement.ts, docs/testing-features.md G19); null: such a denial is never softened.
   */
  readonly enforcement: EnforcementRule | null;
}

const rule = (
  doc: RuleInfo['doc'],
  title: string,
  about: RuleInfo['about'] = 'content',
  inherited = false,
  enforcement: EnforcementRule | null = null,
): RuleInfo => Object.freeze({ doc, title, about, inherited, enforcement });

export const RULE_IDS = Object.freeze({
  R1: rule(
    'restriction-rules',
    'view inheritance: every read restriction up the tree',
    'content',
    true,
    'restrictions',
  ),
  R2: rule(
    'restriction-rules',
    'edit is not inherited: the page’s own update restriction',
    'content',
    false,
    'restrictions',
  ),
  R3: rule('restriction-rules', 'edit implies view, and needs space update', 'space'),
  R5: rule(
    'restriction-rules',
    'anonymous: site switch, space anonymous read, no restriction',
    'space',
    true,
  ),
  R6: rule('restriction-rules', 'space permissions come first', 'space', true),
  R7: rule('restriction-rules', 'site admins bypass only with the admin key'),
  D1: rule('decision-scenarios', 'unknown things are denied'),
  D6: rule('decision-scenarios', 'overrides beat the org-wide policy; among them block wins'),
  D7: rule('decision-scenarios', 'the org-wide policy decides without a matching override'),
  D8: rule('decision-scenarios', 'no published policy carries the rule: allowed'),
  D9: rule('decision-scenarios', 'export = view ∧ export not blocked', 'content', false, 'export'),
  D10: rule(
    'decision-scenarios',
    'attachment download = view ∧ attachmentDownload not blocked',
    'content',
    false,
    'attachmentDownload',
  ),
  D11: rule(
    'decision-scenarios',
    'anonymous = R5 ∧ anonymousAccess not blocked',
    'content',
    false,
    'anonymousAccess',
  ),
  D12: rule(
    'decision-scenarios',
    'public link = on ∧ publicLinks not blocked',
    'content',
    false,
    'publicLinks',
  ),
  // A link turned off is off in storage: no enforcement mode turns it back on.
  D13: rule('decision-scenarios', 'blocked public links stay off'),
  D14: rule('decision-scenarios', 'apps: scope, app user, appAccess', 'space', true, 'appAccess'),
  D15: rule(
    'decision-scenarios',
    'appAccess precedence: space before org, the app before all apps',
    'content',
    false,
    'appAccess',
  ),
  D16: rule('decision-scenarios', 'exempt apps are never blocked by appAccess'),
  D17: rule('decision-scenarios', 'an app needs the scope of what it does', 'space', true),
  D19: rule('decision-scenarios', 'spaces: read needs space read permission', 'space'),
  D21: rule('decision-scenarios', 'administer a space: the space Admin permission', 'space'),
  J1: rule('jira', 'unknown Jira things are denied'),
  J2: rule('jira', 'Browse Projects: granted to the user, a group of theirs, or anyone'),
  J3: rule('jira', 'anonymous: only "anyone" grants, only where the site allows it'),
  J4: rule('jira', 'apps: the Jira scope of what they do, and their app user’s permissions'),
  J5: rule('jira', 'an issue security level admits only its members'),
  J6: rule('jira', 'a sub-task takes its parent’s security level'),
  J7: rule('jira', 'site admins get no implicit browse'),
  J8: rule('jira', 'Jira coverage: the Jira site, the project, the effective level'),
  J9: rule('jira', 'effective classification: own, project default, org default'),
  J10: rule(
    'jira',
    'anonymous = browse ∧ anonymousAccess not blocked',
    'content',
    false,
    'anonymousAccess',
  ),
  J11: rule(
    'jira',
    'appAccess on Jira: project before org, the app before all apps',
    'content',
    false,
    'appAccess',
  ),
  J12: rule('jira', 'export = browse ∧ export not blocked', 'content', false, 'export'),
  J13: rule(
    'jira',
    'attachment download = browse ∧ attachmentDownload not blocked',
    'content',
    false,
    'attachmentDownload',
  ),
  J14: rule('jira', 'publicLinks and restrictions have no Jira surface'),
  J15: rule('jira', 'project read = Browse Projects (exempt from appAccess)'),
  J16: rule('jira', 'administer a project: Administer Projects, or a site admin'),
  J17: rule('jira', 'edit an issue = browse ∧ Edit Issues ∧ appAccess'),
} satisfies Record<string, RuleInfo>);

export type RuleId = keyof typeof RULE_IDS;

export function ruleInfo(id: RuleId): RuleInfo {
  return RULE_IDS[id];
}

/** The rule ids whose denials every descendant inherits. */
export const INHERITED_RULES: ReadonlySet<RuleId> = sealedSet(
  (Object.keys(RULE_IDS) as RuleId[]).filter((id) => RULE_IDS[id].inherited),
);
