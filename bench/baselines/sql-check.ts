import { sql } from 'kysely';
import { levelFrom, ruleIn } from '../../src/domain/decision/rules.js';
import type { Decision, DecisionFacts, Reason } from '../../src/domain/decision/types.js';
import type { Storage } from '../../src/storage/storage.js';

interface AccessRow {
  space_id: string;
  classification: string | null;
  space_read: number;
  failed_restrictions: number;
}

/** An index the SQL baseline deserves (the product never looks memberships up by account). */
export async function indexForSqlBaseline(storage: Storage): Promise<void> {
  await storage.db.schema
    .createIndex('bench_group_members_account')
    .ifNotExists()
    .on('group_members')
    .column('account_id')
    .execute();
}

/**
 * A user's read/export/download decided by one SQL query per check: the space permission through
 * groups and every read restriction up the page's ancestors. Published policies (a few dozen rows)
 * come from the same in-memory policy facts as the engine's.
 */
export async function decideWithSql(
  storage: Storage,
  facts: DecisionFacts,
  orgId: string,
  accountId: string,
  action: string,
  pageId: string,
): Promise<Decision> {
  const result = await sql<AccessRow>`
    WITH RECURSIVE chain(id, parent_id, depth) AS (
      SELECT id, parent_id, 0 FROM content WHERE id = ${pageId} AND org_id = ${orgId}
      UNION ALL
      SELECT c.id, c.parent_id, chain.depth + 1 FROM content c JOIN chain ON c.id = chain.parent_id
      WHERE chain.depth < 64
    ),
    mine(group_id) AS (SELECT group_id FROM group_members WHERE account_id = ${accountId})
    SELECT p.space_id, p.classification,
      EXISTS (
        SELECT 1 FROM space_permissions sp WHERE sp.space_id = p.space_id AND sp.operation = 'read'
        AND ((sp.subject_type = 'user' AND sp.subject_id = ${accountId})
          OR (sp.subject_type = 'group' AND sp.subject_id IN (SELECT group_id FROM mine)))
      ) AS space_read,
      (
        SELECT COUNT(*) FROM chain ch
        WHERE EXISTS (
          SELECT 1 FROM content_restrictions r WHERE r.content_id = ch.id AND r.operation = 'read'
        ) AND NOT EXISTS (
          SELECT 1 FROM content_restrictions r WHERE r.content_id = ch.id AND r.operation = 'read'
          AND ((r.subject_type = 'user' AND r.subject_id = ${accountId})
            OR (r.subject_type = 'group' AND r.subject_id IN (SELECT group_id FROM mine)))
        )
      ) AS failed_restrictions
    FROM content p WHERE p.id = ${pageId} AND p.org_id = ${orgId}
  `.execute(storage.db);
  const row = result.rows[0];
  if (!row) return { decision: 'deny', reasons: [{ rule: 'D1', text: `no page ${pageId}` }] };
  if (!row.space_read) {
    return { decision: 'deny', reasons: [{ rule: 'R6', text: 'no space read permission' }] };
  }
  if (Number(row.failed_restrictions) > 0) {
    return { decision: 'deny', reasons: [{ rule: 'R1', text: 'not in a read restriction' }] };
  }
  const reasons: Reason[] = [{ rule: 'R6', text: 'space read permission' }];
  const rule =
    action === 'export' ? 'export' : action === 'downloadAttachment' ? 'attachmentDownload' : null;
  if (rule === null) return { decision: 'allow', reasons };
  const outcome = ruleIn(
    facts,
    rule,
    row.space_id,
    levelFrom(facts, row.classification, row.space_id),
  );
  return {
    decision: outcome.effect === 'block' ? 'deny' : 'allow',
    reasons: [...reasons, ...outcome.reasons],
  };
}
