import { buildPolicyFacts } from '../domain/decision/policy-facts.js';
import type { DecisionFacts } from '../domain/decision/types.js';
import {
  changedApp,
  changedContent,
  changedPolicies,
  changedSite,
  changedSpace,
  touchesPolicies,
  type WorldChange,
} from '../domain/decision/world-change.js';
import type { App, Content } from '../domain/world.js';
import { orgSnapshot, type OrgSnapshot } from './org-snapshot.js';
import { withContent, withSpace, type OrgWorld } from './org-world.js';

/**
 * Hypothetical snapshots over `base`: the world with `changes` applied to copies of the entries
 * they touch (pages, spaces, sites, apps) and, when they touch policies, new policy facts — a new
 * `orgSnapshot`, never the live index. What suggestions are verified on (S2).
 */
export function hypothesisOf(
  base: OrgSnapshot,
): (changes: readonly WorldChange[]) => DecisionFacts {
  const published = [...base.policies.byId.values()];
  return (changes) => {
    let world: OrgWorld = base.world;
    const pages = new Set<string>();
    const spaces = new Set<string>();
    const sites = new Set<string>();
    const apps = new Set<string>();
    for (const change of changes) {
      if (change.kind === 'restriction.add' || change.kind === 'restriction.clear') {
        pages.add(change.contentId);
      } else if (change.kind === 'space.grant') spaces.add(change.spaceId);
      else if (change.kind === 'site.anonymousAccess') sites.add(change.cloudId);
      else if (change.kind === 'app.scope') apps.add(change.ari);
    }
    if (pages.size > 0) {
      const changed: Content[] = [];
      for (const id of pages) {
        const content = world.content.get(id);
        if (content) changed.push(changedContent(content, changes));
      }
      world = withContent(world, changed);
    }
    for (const id of spaces) {
      const space = world.spaces.get(id);
      if (space) world = withSpace(world, changedSpace(space, changes));
    }
    if (sites.size > 0) {
      const next = new Map(world.sites);
      for (const id of sites) {
        const site = next.get(id);
        if (site) next.set(id, changedSite(site, changes));
      }
      world = { ...world, sites: next };
    }
    if (apps.size > 0) {
      const next = new Map<string, App>(world.apps);
      for (const ari of apps) {
        const app = next.get(ari);
        if (app) next.set(ari, changedApp(app, changes));
      }
      world = { ...world, apps: next };
    }
    const policies = touchesPolicies(changes)
      ? buildPolicyFacts(changedPolicies(published, changes))
      : base.policies;
    return orgSnapshot(world, policies, base.revision).facts;
  };
}
