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
});
