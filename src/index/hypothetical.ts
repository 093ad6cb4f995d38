import { buildPolicyFacts } from '../domain/decision/policy-facts.js';
import type { DecisionFacts } from '../domain/decision/types.js';
import {
  changedApp,
  changedLists,
  changedPolicies,
  changedSite,
  changedSpace,
  touchesPolicies,
  type WorldChange,
} from '../domain/decision/world-change.js';
import { orgSnapshot, type OrgSnapshot } from './org-snapshot.js';
import {
  withApps,
  withGroupNumbers,
  withPages,
  withSites,
  withSpace,
  type OrgWorld,
  type PageChange,
} from './org-world.js';

/** The groups that space grants among the changes name. */
const grantedGroups = (changes: readonly WorldChange[]): string[] =>
  changes.flatMap((c) =>
    c.kind === 'space.grant' && c.subject.type === 'group' ? [c.subject.groupId] : [],
  );

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
      const changed: PageChange[] = [];
      for (const id of pages) {
        const slot = world.pages.slotOf(id);
        if (slot === -1) continue;
        changed.push({ id, lists: changedLists(id, world.pages.restrictions(slot), changes) });
      }
      world = withPages(world, changed);
    }
    if (spaces.size > 0) world = withGroupNumbers(world, grantedGroups(changes));
    for (const id of spaces) {
      const space = world.spaces.get(id);
      const numbers = world.groupNumbers;
      if (space)
        world = withSpace(
          world,
          changedSpace(space, changes, (g) => numbers.get(g)),
        );
    }
    const site = (id: string) => world.sites.get(id);
    const sitesChanged = [...sites].flatMap((id) => {
      const found = site(id);
      return found ? [changedSite(found, changes)] : [];
    });
    if (sitesChanged.length > 0) world = withSites(world, sitesChanged);
    const appsChanged = [...apps].flatMap((ari) => {
      const found = world.apps.get(ari);
      return found ? [changedApp(found, changes)] : [];
    });
    if (appsChanged.length > 0) world = withApps(world, appsChanged);
    const policies = touchesPolicies(changes)
      ? buildPolicyFacts(changedPolicies(published, changes))
      : base.policies;
    return orgSnapshot(world, policies, base.revision).facts;
  };
}
