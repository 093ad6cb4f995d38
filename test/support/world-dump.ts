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
    const above = pages.readRestrictedAbove(slot);
    content.push({
      ...c,
      restrictions: lists(c.restrictions),
      readAbove: above < 0 ? above : pages.id(above),
    });
  }
  content.sort((a, b) => (a.id < b.id ? -1 : 1));
  const ids = new Map([...world.groupNumbers].map(([id, n]) => [n, id]));
  const groupOf = (n: number) => ids.get(n) ?? `unnumbered ${n}`;
  return {
    users: [...world.users.values()],
    usersByEmail: [...world.usersByEmail],
    userTokens: [...world.userTokens],
    groups: [...world.groups.values()],
    groupsByName: [...world.groupsByName.keys()],
    userGroups: [...world.userGroups].map(([id, groups]) => [id, sorted(groups)]).sort(),
    userGroupNumbers: [...world.userGroupNumbers]
      .map(([id, numbers]) => [id, sorted(numbers.map(groupOf))])
      .sort(),
    grants: [...world.spaces.values()].map((space) => ({
      space: space.id,
      users: [...space.permissions.users].map(([id, ops]) => [id, sorted(ops)]).sort(),
      groups: [...space.permissions.groups].map(([id, ops]) => [id, sorted(ops)]).sort(),
      groupGrants: [...space.permissions.groupGrants]
        .map(([op, bits]) => [
          op,
          sorted([...world.groupNumbers].filter(([, n]) => bits.has(n)).map(([id]) => id)),
        ])
        .sort(),
    })),
    attachments: [...world.attachments.values()],
    content,
    roots: [...world.spaces.keys()].map((s) => Array.from(pages.rootsOf(s), (r) => pages.id(r))),
    links: [...world.publicLinks.values()],
  };
}
