import type { Effect, RuleName } from './policy-facts.js';
import type { DecisionFacts, Reason } from './types.js';

export interface RuleOutcome {
  readonly effect: Effect;
  readonly reasons: readonly Reason[];
}

type LevelRule = Exclude<RuleName, 'appAccess'>;

/**
 * The caches of one snapshot's decisions. A rule's outcome depends only on the published policies,
 * the content's space (and its site) and its effective level, so the memo is valid for as long as
 * the snapshot's policies and spaces are: a snapshot derived for a restriction or a classification
 * change shares its predecessor's memo; one with new policies or a reloaded org gets a new one.
 */
export class DecisionMemo {
  /** rule → spaceId → effective level ('' for none) → outcome */
  private readonly rules = new Map<LevelRule, Map<string, Map<string, RuleOutcome>>>();
  /** spaceId → app ARI → appAccess outcome */
  private readonly apps = new Map<string, Map<string, RuleOutcome>>();
  /** Jira (J8): rule → `{siteId}/{projectId}` → effective level → outcome */
  private readonly jiraRules = new Map<LevelRule, Map<string, Map<string, RuleOutcome>>>();
  /** Jira (J11): `{siteId}/{projectId}` → app ARI → appAccess outcome */
  private readonly jiraApps = new Map<string, Map<string, RuleOutcome>>();
  /**
   * Facts with some rules relaxed by enforcement modes (enforcement.ts), per base facts and the
   * relaxed rules' key. Keyed by the facts themselves: snapshots derived for a restriction change
   * share this memo but not their pages.
   */
  private readonly relaxed = new WeakMap<DecisionFacts, Map<string, DecisionFacts>>();

  relaxedFacts(base: DecisionFacts, key: string, build: () => DecisionFacts): DecisionFacts {
    let byKey = this.relaxed.get(base);
    if (!byKey) this.relaxed.set(base, (byKey = new Map()));
    let facts = byKey.get(key);
    if (!facts) byKey.set(key, (facts = build()));
    return facts;
  }

  ruleOutcome(rule: LevelRule, spaceId: string, level: string | null): RuleOutcome | undefined {
    return this.rules
      .get(rule)
      ?.get(spaceId)
      ?.get(level ?? '');
  }

  rememberRule(
    rule: LevelRule,
    spaceId: string,
    level: string | null,
    outcome: RuleOutcome,
  ): RuleOutcome {
    let bySpace = this.rules.get(rule);
    if (!bySpace) this.rules.set(rule, (bySpace = new Map()));
    let byLevel = bySpace.get(spaceId);
    if (!byLevel) bySpace.set(spaceId, (byLevel = new Map()));
    byLevel.set(level ?? '', outcome);
    return outcome;
  }

  appOutcome(spaceId: string, ari: string): RuleOutcome | undefined {
    return this.apps.get(spaceId)?.get(ari);
  }

  rememberApp(spaceId: string, ari: string, outcome: RuleOutcome): RuleOutcome {
    let byApp = this.apps.get(spaceId);
    if (!byApp) this.apps.set(spaceId, (byApp = new Map()));
    byApp.set(ari, outcome);
    return outcome;
  }

  /** A Jira rule's outcome for a project (`{siteId}/{projectId}`) and effective level. */
  jiraRuleOutcome(
    rule: LevelRule,
    projectRef: string,
    level: string | null,
  ): RuleOutcome | undefined {
    return this.jiraRules
      .get(rule)
      ?.get(projectRef)
      ?.get(level ?? '');
  }

  rememberJiraRule(
    rule: LevelRule,
    projectRef: string,
    level: string | null,
    outcome: RuleOutcome,
  ): RuleOutcome {
    let byProject = this.jiraRules.get(rule);
    if (!byProject) this.jiraRules.set(rule, (byProject = new Map()));
    let byLevel = byProject.get(projectRef);
    if (!byLevel) byProject.set(projectRef, (byLevel = new Map()));
    byLevel.set(level ?? '', outcome);
    return outcome;
  }

  jiraAppOutcome(projectRef: string, ari: string): RuleOutcome | undefined {
    return this.jiraApps.get(projectRef)?.get(ari);
  }

  rememberJiraApp(projectRef: string, ari: string, outcome: RuleOutcome): RuleOutcome {
    let byApp = this.jiraApps.get(projectRef);
    if (!byApp) this.jiraApps.set(projectRef, (byApp = new Map()));
    byApp.set(ari, outcome);
    return outcome;
  }
}
