import type { Lists } from '../../src/domain/world.js';
import type { OrgWorld } from '../../src/index/org-world.js';

const sorted = (values: Iterable<string>) => [...values].sort();
const lists = (l: Lists) => ({
  read: { users: sorted(l.read.users), groups: sorted(l.read.groups) },
  update: { users: sorted(l.update.users), groups: sorted(l.update.groups) },
});

/** Everything an org's world holds, as plain data in a canonical order. */
export function dump(world: OrgWorld): unknown {
  const { pages } = world;
  const content = [];
  for (let slot = 0; slot < pages.count; slot++) {
    const c = pages.content(slot);
    content.push({ ...c, restrictions: lists(c.restrictions) });
  }
  content.sort((a, b) => (a.id < b.id ? -1 : 1));
  return {
    users: [...world.users.values()],
    usersByEmail: [...world.usersByEmail],
    userTokens: [...world.userTokens],
    groups: [...world.groups.values()],
    groupsByName: [...world.groupsByName.keys()],
    userGroups: [...world.userGroups].map(([id, groups]) => [id, sorted(groups)]).sort(),
    attachments: [...world.attachments.values()],
    content,
    roots: [...world.spaces.keys()].map((s) => Array.from(pages.rootsOf(s), (r) => pages.id(r))),
    links: [...world.publicLinks.values()],
  };
}
