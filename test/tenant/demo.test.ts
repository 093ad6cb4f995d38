import { describe, expect, it } from 'vitest';
import { validateTenant } from '../../src/tenant/validate.js';
import { demoTenant } from '../support/harness.js';

describe('demo/tenant.json', () => {
  it('keeps the tenant-file contract', () => {
    expect(validateTenant(demoTenant()).problems).toEqual([]);
  });

  it('has what the README walk-through shows', () => {
    const org = demoTenant().orgs[0]!;
    const site = org.sites![0]!;
    expect(site.products).toEqual(['confluence', 'jira']);
    expect(site.spaces).toHaveLength(3);
    expect(site.spaces!.some((s) => s.permissions?.some((p) => p.anonymous))).toBe(true);
    expect(org.users!.some((u) => u.siteAdmin)).toBe(true);
    expect(new Set(org.apps!.map((a) => a.scopes!.join(' '))).size).toBe(2);
    const depth = (pages: { children?: unknown[] }[] | undefined): number =>
      Math.max(0, ...(pages ?? []).map((p) => 1 + depth(p.children as { children?: unknown[] }[])));
    expect(depth(site.spaces![0]!.pages)).toBeGreaterThanOrEqual(3);
  });

  it('is small but complete: every feature the walk-through shows is there', () => {
    const file = demoTenant();
    expect(file.orgs).toHaveLength(1);
    const org = file.orgs[0]!;
    expect(org.adminApiKeys!.length).toBeGreaterThanOrEqual(1);
    expect(org.users!.every((u) => u.email && u.apiToken)).toBe(true);
    expect(org.groups!.length).toBeGreaterThanOrEqual(2);
    expect(org.apps!.every((a) => a.token && a.accountId)).toBe(true);
    expect(org.sites).toHaveLength(1);
    const site = org.sites![0]!;
    expect(site.anonymousAccess).toBe(true);
    expect(site.projects!.length).toBeGreaterThanOrEqual(1);
    const levels = new Set(org.classificationLevels!.map((l) => l.id));
    expect(levels.size).toBeGreaterThanOrEqual(2);
    expect(
      site.spaces!.some((s) => s.defaultClassification && levels.has(s.defaultClassification)),
    ).toBe(true);
    type Page = NonNullable<NonNullable<typeof site.spaces>[number]['pages']>[number];
    const pages: Page[] = [];
    const walk = (list: Page[] | undefined) =>
      (list ?? []).forEach((p) => {
        pages.push(p);
        walk(p.children as Page[] | undefined);
      });
    site.spaces!.forEach((s) => walk(s.pages));
    const restricted = (op: 'read' | 'update') =>
      pages.filter((p) => {
        const list = p.restrictions?.[op];
        return (list?.users?.length ?? 0) + (list?.groups?.length ?? 0) > 0;
      });
    expect(restricted('read').length).toBeGreaterThanOrEqual(1);
    expect(restricted('update').length).toBeGreaterThanOrEqual(1);
    expect(pages.some((p) => p.type === 'blogpost')).toBe(true);
    expect(pages.some((p) => p.classification && levels.has(p.classification))).toBe(true);
    expect(pages.some((p) => (p.attachments?.length ?? 0) > 0)).toBe(true);
    expect(pages.some((p) => p.publicLink?.enabled)).toBe(true);
  });
});
