import fc from 'fast-check';
import { expect } from 'vitest';
import type { FastifyTypebox } from '../../src/http/fastify-types.js';
import type { BuiltWorld } from './world-gen.js';

/**
 * Publish batches for a generated world (test/support/world-gen.ts): each batch may draft a new
 * ORG policy and an override of its rule through the Admin API, and names some of the org's
 * policies of that rule with UPDATE or DELETE — so batches are sometimes refused, as publish
 * would refuse them.
 */
const RULES = [
  'export',
  'publicLinks',
  'anonymousAccess',
  'appAccess',
  'attachmentDownload',
] as const;
const effect = fc.constantFrom('block', 'allow');

export const batchSpec = fc.record({
  rule: fc.constantFrom(...RULES, 'appAccess', 'export'),
  /** mostly block: with no policy every rule allows, so a block is what changes most */
  orgEffect: fc.option(fc.constantFrom('block', 'block', 'block', 'allow'), { freq: 4 }),
  override: fc.option(
    fc.record({
      level: fc.constantFrom('WORKSPACE', 'CONTAINER', 'CONTAINER', 'CLASSIFICATION'),
      index: fc.nat({ max: 5 }),
      effect,
      /** appAccess: 0 = all_apps, k = app k-1 */
      subject: fc.nat({ max: 3 }),
    }),
    { freq: 2 },
  ),
  existing: fc.option(
    fc.array(
      fc.record({
        pick: fc.nat({ max: 9 }),
        action: fc.constantFrom('UPDATE', 'UPDATE', 'DELETE'),
      }),
      { minLength: 1, maxLength: 2 },
    ),
    { freq: 3 },
  ),
});
export const batchesSpec = fc.array(batchSpec, { minLength: 1, maxLength: 2 });
export type BatchSpec = typeof batchSpec extends fc.Arbitrary<infer T> ? T : never;

export interface WireBatch {
  type: 'data-security';
  ruleName: string;
  policyOperations: { policyId: string; action: string; policyCoverageLevel: string }[];
}

interface Listed {
  id: string;
  attributes: {
    status: string;
    rule: Record<string, unknown>;
    subject?: { subjectId: string };
    metadata: { policyCoverageLevel: string };
  };
}

/** Drafts what the specs ask for through the Admin API, then writes the batches. */
export async function draftBatches(
  app: FastifyTypebox,
  world: BuiltWorld,
  specs: readonly BatchSpec[],
): Promise<WireBatch[]> {
  const base = `/admin/control/v2/orgs/${world.orgId}/policies`;
  const headers = { authorization: `Bearer ${world.adminKey}` };
  const draft = async (level: string, rule: string, e: string, subjectId: string | null) => {
    const res = await app.inject({
      method: 'POST',
      url: base,
      headers,
      payload: {
        data: {
          type: 'policy',
          attributes: {
            type: 'data-security',
            name: `rehearsed ${level} ${rule}`,
            metadata: { policyCoverageLevel: level },
            rule: { [rule]: { effect: e } },
            ...(subjectId ? { subject: { subjectType: 'marketplaceApp', subjectId } } : {}),
          },
        },
      },
    });
    expect(res.statusCode, res.body).toBeLessThan(500);
    return res.statusCode === 202 ? (res.json() as { data: { id: string } }).data.id : null;
  };
  const created: { id: string; level: string }[][] = [];
  for (const spec of specs) {
    const mine: { id: string; level: string }[] = [];
    const appAccess = spec.rule === 'appAccess';
    if (spec.orgEffect !== null) {
      const id = await draft('ORG', spec.rule, spec.orgEffect, appAccess ? 'all_apps' : null);
      if (id) mine.push({ id, level: 'ORG' });
    }
    const o = spec.override;
    if (o) {
      const level = appAccess ? 'CONTAINER' : o.level;
      const subjectId = !appAccess
        ? null
        : o.subject === 0 || world.apps.length === 0
          ? 'all_apps'
          : world.apps[(o.subject - 1) % world.apps.length]!;
      const id = await draft(level, spec.rule, o.effect, subjectId);
      if (id) {
        const space = world.spaces[o.index % world.spaces.length]!;
        const level0 = world.tenant.orgs[0]!.classificationLevels?.[o.index % 3]?.id;
        const ari =
          level === 'CONTAINER'
            ? `ari:cloud:confluence:${space.cloudId}:space/${space.id}`
            : level === 'WORKSPACE'
              ? `ari:cloud:confluence::site/${space.cloudId}`
              : level0
                ? `ari:cloud:platform::classification-tag/${level0}`
                : null;
        if (ari) {
          const added = await app.inject({
            method: 'POST',
            url: `${base}/${id}/resources`,
            headers,
            payload: [{ operation: 'ADD', resourceAri: ari }],
          });
          expect(added.statusCode, added.body).toBeLessThan(500);
        }
        mine.push({ id, level });
      }
    }
    created.push(mine);
  }
  const listed = await app.inject({ method: 'GET', url: `${base}?limit=100`, headers });
  const policies = (listed.json() as { data: Listed[] }).data;
  return specs.map((spec, i) => {
    const ops = created[i]!.map((c) => ({
      policyId: c.id,
      action: 'UPDATE',
      policyCoverageLevel: c.level,
    }));
    const ofRule = policies.filter((p) => p.attributes.rule[spec.rule] !== undefined);
    // a draft that could not be made because the control has one: publish that one instead
    const wanted = [
      ...(spec.orgEffect !== null ? ['ORG'] : []),
      ...(spec.override ? [spec.rule === 'appAccess' ? 'CONTAINER' : spec.override.level] : []),
    ];
    for (const level of wanted) {
      if (created[i]!.some((c) => c.level === level)) continue;
      const existing = ofRule.find(
        (p) =>
          p.attributes.status === 'draft' && p.attributes.metadata.policyCoverageLevel === level,
      );
      if (existing)
        ops.push({ policyId: existing.id, action: 'UPDATE', policyCoverageLevel: level });
    }
    for (const e of spec.existing ?? []) {
      const p = ofRule[e.pick % Math.max(1, ofRule.length)];
      if (p && !ops.some((op) => op.policyId === p.id)) {
        ops.push({
          policyId: p.id,
          action: e.action,
          policyCoverageLevel: p.attributes.metadata.policyCoverageLevel,
        });
      }
    }
    if (spec.rule === 'appAccess') {
      // P18: the all_apps ORG policy, and each app's ORG policy for its app policies (published
      // ones first, else a draft, which the batch then publishes)
      const subjectOf = (p: Listed) => p.attributes.subject?.subjectId ?? 'all_apps';
      const byId = new Map(policies.map((p) => [p.id, p]));
      const subjects = new Set(['all_apps']);
      for (const op of ops) {
        const p = byId.get(op.policyId);
        subjects.add(p ? subjectOf(p) : 'all_apps');
      }
      for (const subject of subjects) {
        const orgs = ofRule.filter(
          (p) => p.attributes.metadata.policyCoverageLevel === 'ORG' && subjectOf(p) === subject,
        );
        if (orgs.some((p) => ops.some((op) => op.policyId === p.id))) continue;
        const org = orgs.find((p) => p.attributes.status === 'published') ?? orgs[0];
        if (org) ops.push({ policyId: org.id, action: 'UPDATE', policyCoverageLevel: 'ORG' });
      }
    }
    if (ops.length === 0 && ofRule[0]) {
      ops.push({
        policyId: ofRule[0].id,
        action: 'UPDATE',
        policyCoverageLevel: ofRule[0].attributes.metadata.policyCoverageLevel,
      });
    }
    if (ops.length === 0)
      ops.push({ policyId: 'no-such-policy', action: 'UPDATE', policyCoverageLevel: 'ORG' });
    return { type: 'data-security', ruleName: spec.rule, policyOperations: ops };
  });
}
