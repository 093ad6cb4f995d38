import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importTenant } from '../../src/commands/import-tenant.js';
import { audienceIndex } from '../../src/domain/decision/audience.js';
import { decide } from '../../src/domain/decision/engine.js';
import { groupMemberProbe } from '../../src/domain/decision/lists.js';
import { ACTIONS, type ResourceRef, type Subject } from '../../src/domain/decision/types.js';
import { WorldIndex } from '../../src/index/world-index.js';
import { openTestStorage, type TestStorage } from '../support/harness.js';
import { buildWorld, worldSpec } from '../support/world-gen.js';

/**
 * H12: the reverse lookup equals brute force. For generated worlds and every resource (pages, blog
 * posts, attachments, spaces, a missing page) and action, the audience is exactly the users, apps,
 * groups (membership alone) and anonymous that `decide` allows; its users page in accountId order
 * from any position and its membership test agrees. The lookup is pure: each world is loaded
 * into one SQLite database only to build its snapshot the way the index does.
 */
describe('reverse lookup (src/domain/decision/audience.ts)', () => {
  let storage: TestStorage;
  let worlds: WorldIndex;
  beforeAll(async () => {
    storage = await openTestStorage('sqlite');
    worlds = await WorldIndex.load(storage.storage);
  });
  afterAll(async () => {
    await storage.dispose();
  });

  it('H12 who may do an action equals deciding for every subject, and pages in a stable order', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(worldSpec, fc.integer({ min: 1, max: 4 }), async (spec, limit) => {
        const world = buildWorld(spec, n++);
        await importTenant(storage.storage, world.tenant, `audience world ${world.orgId}`);
        await worlds.sync();
        const facts = worlds.decisionFacts(world.orgId)!;
        const index = audienceIndex(facts);
        const resources: ResourceRef[] = [
          ...world.content.map((c) => ({ type: c.type, id: c.id })),
          ...world.attachments.map((id) => ({ type: 'attachment' as const, id })),
          ...world.spaces.map((s) => ({ type: 'space' as const, id: s.id })),
          { type: 'page', id: 'missing' },
        ];
        const allows = (
          subject: Subject,
          action: (typeof ACTIONS)[number],
          resource: ResourceRef,
        ) => decide(facts, { subject, action, resource }).decision === 'allow';
        for (const resource of resources) {
          for (const action of ACTIONS) {
            const audience = index.of(action, resource);
            const where = `${action} ${JSON.stringify(resource)}`;
            const users = world.users.filter((accountId) =>
              allows({ type: 'user', accountId }, action, resource),
            );
            expect([...audience.users.all()], where).toEqual([...users].sort());
            expect(audience.users.count, where).toBe(users.length);
            for (const accountId of world.users) {
              expect(audience.users.has(accountId), `${where} has ${accountId}`).toBe(
                users.includes(accountId),
              );
            }
            const paged: string[] = [];
            let after: string | undefined;
            for (;;) {
              const page = audience.users.page(after, limit);
              paged.push(...page);
              if (page.length < limit) break;
              after = page[page.length - 1];
            }
            expect(paged, `${where} paged`).toEqual([...audience.users.all()]);
            const apps = world.apps.filter((ari) => allows({ type: 'app', ari }, action, resource));
            expect([...audience.apps], where).toEqual([...apps].sort());
            expect(audience.anonymous, where).toBe(allows({ type: 'anonymous' }, action, resource));
            const groups = world.groups
              .filter((g) => {
                const probe = groupMemberProbe(facts, g.id, world.orgId);
                return (
                  decide(probe.facts, { subject: probe.subject, action, resource }).decision ===
                  'allow'
                );
              })
              .map((g) => g.id);
            expect([...audience.groups], where).toEqual([...groups].sort());
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});
