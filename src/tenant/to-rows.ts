import { randomUUID } from 'node:crypto';
import { modesToJson, normalizeModes } from '../domain/decision/enforcement-modes.js';
import {
  emptyPolicyRows,
  emptyWorldRows,
  type PolicyRows,
  type WorldRows,
} from '../storage/rows.js';
import { addProject } from './to-rows-jira.js';
import { AUDIT_ACTIONS, isAuditAction } from '../domain/audit/actions.js';
import { searchTextOf, type AuditEvent } from '../domain/audit/event.js';
import type { StoredAuditEvent } from '../storage/repos/audit-events.js';
import type { TenantFile, TenantOrg, TenantPage } from './schema.js';

export const IMPORT_ACTOR = 'ari:cloud:identity::user/gatehouse-import';

/** Turns a validated tenant file into table rows. Group names become group ids. */
export function tenantToRows(
  file: TenantFile,
  now: string,
): { world: WorldRows; policies: PolicyRows } {
  const world = emptyWorldRows();
  const policies = emptyPolicyRows();
  file.orgs.forEach((org, position) => addOrg(org, position, world, policies, now));
  return { world, policies };
}

function addOrg(org: TenantOrg, position: number, w: WorldRows, p: PolicyRows, now: string) {
  const org_id = org.id;
  w.orgs.push({
    id: org.id,
    name: org.name,
    default_classification: org.defaultClassification ?? null,
    position,
    enforcement: modesToJson(normalizeModes(org.enforcement ?? {})),
  });
  (org.adminApiKeys ?? []).forEach((key, i) => w.admin_api_keys.push({ key, org_id, position: i }));
  (org.classificationLevels ?? []).forEach((l, i) =>
    w.classification_levels.push({
      id: l.id,
      org_id,
      name: l.name,
      description: l.description ?? null,
      guideline: l.guideline ?? null,
      color: l.color ?? null,
      status: l.status ?? 'PUBLISHED',
      rank: l.order,
      position: i,
    }),
  );
  (org.users ?? []).forEach((u, i) =>
    w.users.push({
      account_id: u.accountId,
      org_id,
      email: u.email ?? null,
      display_name: u.displayName,
      api_token: u.apiToken ?? null,
      site_admin: u.siteAdmin ? 1 : 0,
      position: i,
    }),
  );
  (org.groups ?? []).forEach((g, i) => {
    w.groups.push({ id: g.id, org_id, name: g.name, position: i });
    (g.members ?? []).forEach((account_id, j) =>
      w.group_members.push({ group_id: g.id, account_id, org_id, position: j }),
    );
  });
  const groupId = groupIdOf(org);
  (org.apps ?? []).forEach((a, i) =>
    w.apps.push({
      ari: a.ari,
      org_id,
      key: a.key,
      name: a.name,
      token: a.token ?? null,
      account_id: a.accountId ?? null,
      scopes: JSON.stringify(a.scopes ?? []),
      exempt: a.exempt ? 1 : 0,
      position: i,
    }),
  );
  (org.sites ?? []).forEach((site, s) => {
    w.sites.push({
      cloud_id: site.cloudId,
      org_id,
      name: site.name,
      products: JSON.stringify(site.products),
      anonymous_access: site.anonymousAccess ? 1 : 0,
      position: s,
    });
    (site.projects ?? []).forEach((pr, i) => addProject(w, org_id, site.cloudId, pr, i, groupId));
    (site.spaces ?? []).forEach((space, k) => {
      w.spaces.push({
        id: space.id,
        site_id: site.cloudId,
        org_id,
        key: space.key,
        name: space.name,
        default_classification: space.defaultClassification ?? null,
        position: k,
      });
      let permPosition = 0;
      for (const perm of space.permissions ?? []) {
        const [subject_type, subject_id] =
          perm.group !== undefined
            ? ['group', groupId(perm.group)]
            : perm.accountId !== undefined
              ? ['user', perm.accountId]
              : ['anonymous', ''];
        for (const operation of new Set(perm.operations)) {
          w.space_permissions.push({
            space_id: space.id,
            org_id,
            subject_type,
            subject_id,
            operation,
            position: permPosition++,
          });
        }
      }
      const addPage = (page: TenantPage, parentId: string | null, i: number) => {
        addPageRows(w, page, { orgId: org_id, spaceId: space.id, parentId, position: i }, groupId);
        (page.children ?? []).forEach((child, j) => addPage(child, page.id, j));
      };
      (space.pages ?? []).forEach((page, i) => addPage(page as TenantPage, null, i));
    });
  });
  for (const policy of org.policies ?? []) {
    const createdAt = policy.createdAt ?? now;
    p.policies.push({
      id: policy.id,
      org_id,
      type: policy.type ?? 'data-security',
      name: policy.name,
      status: policy.status,
      coverage_level: policy.coverageLevel,
      description: policy.description ?? null,
      rules: JSON.stringify(policy.rule),
      subject_type: policy.subject?.subjectType ?? null,
      subject_id: policy.subject?.subjectId ?? null,
      created_by: policy.createdBy ?? IMPORT_ACTOR,
      last_updated_by: policy.lastUpdatedBy ?? policy.createdBy ?? IMPORT_ACTOR,
      has_had_coverage: policy.hasHadCoverage ? 1 : 0,
      system_tag: policy.systemTag ?? null,
      created_at: createdAt,
      updated_at: policy.updatedAt ?? createdAt,
    });
    for (const ari of new Set(policy.resources ?? [])) {
      p.policy_resources.push({
        org_id,
        id: randomUUID(),
        policy_id: policy.id,
        resource_ari: ari,
        application_status: 'applied',
        created_at: createdAt,
        updated_at: createdAt,
      });
    }
  }
}

/** Files name groups by name, rows by id (T3). */
export function groupIdOf(org: TenantOrg): (name: string) => string {
  const ids = new Map((org.groups ?? []).map((g) => [g.name, g.id]));
  return (name) => ids.get(name) ?? name;
}

/** Where a page sits: its org, space, parent (null at the top of the space) and sibling place. */
export interface PagePosition {
  orgId: string;
  spaceId: string;
  parentId: string | null;
  position: number;
}

/** The rows of one page, its children apart: its content row, restrictions, attachments, link. */
export function addPageRows(
  w: Pick<WorldRows, 'content' | 'content_restrictions' | 'attachments' | 'public_links'>,
  page: Omit<TenantPage, 'children'>,
  at: PagePosition,
  groupId: (name: string) => string,
): void {
  const org_id = at.orgId;
  w.content.push({
    id: page.id,
    space_id: at.spaceId,
    org_id,
    parent_id: at.parentId,
    type: page.type ?? 'page',
    title: page.title,
    body: page.body ?? null,
    classification: page.classification ?? null,
    position: at.position,
  });
  for (const operation of ['read', 'update'] as const) {
    const list = page.restrictions?.[operation];
    for (const user of new Set(list?.users ?? [])) {
      w.content_restrictions.push({
        content_id: page.id,
        org_id,
        operation,
        subject_type: 'user',
        subject_id: user,
      });
    }
    for (const group of new Set(list?.groups ?? [])) {
      w.content_restrictions.push({
        content_id: page.id,
        org_id,
        operation,
        subject_type: 'group',
        subject_id: groupId(group),
      });
    }
  }
  (page.attachments ?? []).forEach((a, j) =>
    w.attachments.push({
      id: a.id,
      content_id: page.id,
      org_id,
      title: a.title,
      media_type: a.mediaType ?? null,
      file_size: a.fileSize ?? null,
      position: j,
    }),
  );
  if (page.publicLink) {
    w.public_links.push({
      id: page.publicLink.id,
      content_id: page.id,
      org_id,
      enabled: page.publicLink.enabled ? 1 : 0,
    });
  }
}

/**
 * The audit events of the file's orgs that list `events`, in file order (oldest first, as export
 * writes them): one batch per import, so events of the same time keep their order (T16).
 */
export function tenantEvents(file: TenantFile, batch: string): StoredAuditEvent[] {
  const stored: StoredAuditEvent[] = [];
  for (const org of file.orgs) {
    (org.events ?? []).forEach((e, seq) => {
      const time = new Date(e.time).toISOString();
      const event: AuditEvent = {
        id: e.id,
        orgId: org.id,
        time,
        action: e.action,
        actor: e.actor,
        context: e.context.map((c) => ({ id: c.id, type: c.type, attributes: c.attributes ?? {} })),
        container: (e.container ?? []).map((c) => ({
          id: c.id,
          type: c.type,
          attributes: c.attributes ?? {},
        })),
        location: e.location ?? null,
        message: e.message ?? '',
      };
      stored.push({
        event,
        time,
        batch,
        seq,
        product: isAuditAction(e.action) ? AUDIT_ACTIONS[e.action].product : null,
        search: searchTextOf(event),
      });
    });
  }
  return stored;
}
