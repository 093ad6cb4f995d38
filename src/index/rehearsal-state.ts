import type { Kysely } from 'kysely';
import { buildPolicyFacts, type PolicyFacts } from '../domain/decision/policy-facts.js';
import { ruleFor } from '../domain/decision/rules.js';
import type { Policy } from '../domain/policies/model.js';
import { publishedPolicyOf } from '../domain/policies/published.js';
import { planBatches, type PublishBatch } from '../domain/rehearsal/plan.js';
import { rehearse, type Rehearsal, type RehearsalInput } from '../domain/rehearsal/rehearse.js';
import type { PublicLink } from '../domain/world.js';
import { appliedResourceAris, orgPolicies } from '../storage/repos/policies.js';
import type { Database } from '../storage/schema.js';
import { orgSnapshot, type OrgSnapshot } from './org-snapshot.js';
import { withPublicLinks, type OrgWorld } from './org-world.js';

/**
 * A rehearsal of publish batches against `snapshot` (H2): the org's policies are read without a
 * lock, the batches planned in order on copies of them, and the before and after states built as
 * hypothetical snapshots (`orgSnapshot`) — the world with the links each publicLinks batch turns
 * off, and the policies the batches leave. Nothing is written; the live index is untouched.
 * Throws `BatchRefused` for a batch publish would refuse.
 */
export async function rehearseBatches(
  db: Kysely<Database>,
  snapshot: OrgSnapshot,
  batches: readonly PublishBatch[],
): Promise<Rehearsal> {
  return rehearse(await rehearsalInput(db, snapshot, batches));
}

/** The before and after states of a rehearsal (the bench decides on them for its baseline). */
export async function rehearsalInput(
  db: Kysely<Database>,
  snapshot: OrgSnapshot,
  batches: readonly PublishBatch[],
): Promise<RehearsalInput> {
  const orgId = snapshot.world.id;
  const policies = await orgPolicies(db, orgId);
  const aris = await appliedResourceAris(db, orgId);
  const steps = planBatches(policies, batches);
  const factsOf = (list: readonly Policy[]): PolicyFacts =>
    buildPolicyFacts(
      list.flatMap((p) => {
        const published = publishedPolicyOf(p, aris.get(p.id) ?? []);
        return published ? [published] : [];
      }),
    );
  const revision = snapshot.revision;
  const before = orgSnapshot(snapshot.world, factsOf(policies), revision).facts;
  let world: OrgWorld = snapshot.world;
  const turnedOff: PublicLink[] = [];
  for (const step of steps) {
    if (step.ruleName !== 'publicLinks') continue;
    // D13, as publish does it: links the batch's policies block are turned off for good.
    const facts = orgSnapshot(world, factsOf(step.policies), revision).facts;
    const off: PublicLink[] = [];
    for (const link of world.publicLinks.values()) {
      const slot = link.enabled ? world.pages.slotOf(link.contentId) : -1;
      if (slot !== -1 && ruleFor(facts, 'publicLinks', slot).effect === 'block') {
        off.push(Object.freeze({ ...link, enabled: false }));
      }
    }
    if (off.length > 0) {
      world = withPublicLinks(world, off);
      turnedOff.push(...off);
    }
  }
  const last = steps[steps.length - 1]?.policies ?? policies;
  const after = orgSnapshot(world, factsOf(last), revision).facts;
  return { before, after, rules: steps.map((s) => s.ruleName), turnedOff };
}
