import { readFile } from 'node:fs/promises';
import Ajv from 'ajv';
import { ConfigError, resolveConfig, type ConfigInput } from '../config.js';
import type { DecisionFacts } from '../domain/decision/types.js';
import { BatchRefused, type PublishBatch } from '../domain/rehearsal/plan.js';
import type { RehearsedChange, Rehearsal } from '../domain/rehearsal/rehearse.js';
import { RehearseBody } from '../http/schemas/rehearse.js';
import { rehearseBatches } from '../index/rehearsal-state.js';
import { WorldIndex } from '../index/world-index.js';
import { changeKey, LINKS_WARNING, presentRehearsal } from '../presenters/rehearsal.js';
import { encodeCursor } from '../http/cursor.js';
import { listOrgIds } from '../storage/repos/world.js';
import { openStorage } from '../storage/storage.js';
import { pointerToPath } from '../tenant/validate.js';

/** Exit codes of `gatehouse rehearse` (H14). */
export const EXIT_UNCHANGED = 0;
export const EXIT_REFUSED = 1;
export const EXIT_CHANGES = 4;

const FIRST_CHANGES = 25;

export interface RehearseFlags extends ConfigInput {
  org?: string;
  json?: boolean;
}

/** The file: `{"publish": [...]}` as the API takes it, or just the list of batches. */
async function readBatches(file: string): Promise<PublishBatch[]> {
  let document: unknown;
  try {
    document = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new ConfigError([`${file}: ${error instanceof Error ? error.message : String(error)}`]);
  }
  const body = Array.isArray(document) ? { publish: document } : document;
  // the API's own schema, checked as the route checks it (every problem at once)
  const validate = new Ajv.default({ allErrors: true, strict: false }).compile(RehearseBody);
  if (!validate(body)) {
    const problems = (validate.errors ?? []).map(
      (e) => `${file}: ${pointerToPath(e.instancePath) || '(root)'}: ${e.message ?? 'is invalid'}`,
    );
    throw new ConfigError([...new Set(problems)].slice(0, 10));
  }
  return (body as { publish: PublishBatch[] }).publish;
}

function subjectsOf(facts: DecisionFacts, change: RehearsedChange): string {
  const parts: string[] = [];
  const n = change.users.count;
  if (n > 0) parts.push(`${n} user${n === 1 ? '' : 's'}`);
  if (change.groups.length > 0) {
    parts.push(
      `groups ${change.groups.map((id) => [...facts.groups()].find((g) => g.id === id)?.name ?? id).join(', ')}`,
    );
  }
  if (change.apps.length > 0) {
    parts.push(`apps ${change.apps.map((ari) => facts.app(ari)?.name ?? ari).join(', ')}`);
  }
  if (change.anonymous) parts.push('anonymous');
  return parts.join('; ');
}

/** The summary as a table a person reads, the links turned off, and the first changes. */
export function rehearsalText(facts: DecisionFacts, orgId: string, rehearsal: Rehearsal): string {
  const s = rehearsal.summary;
  const rows: [string, string][] = [
    ['rules', s.rules.join(', ')],
    ['content affected', String(s.contentAffected)],
    ['decisions allow → deny', String(s.allowToDeny)],
    ['decisions deny → allow', String(s.denyToAllow)],
    ['users affected', String(s.usersAffected)],
    ['apps affected', String(s.appsAffected)],
    ['anonymous allow → deny', `${s.anonymous.allowToDeny} (resource, action) pairs`],
    ['anonymous deny → allow', `${s.anonymous.denyToAllow} (resource, action) pairs`],
    ['public links turned off', String(s.publicLinksTurnedOff)],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  const lines = [`Rehearsal on org ${orgId} (nothing was published)`, ''];
  for (const [k, v] of rows) lines.push(`  ${k.padEnd(width)}  ${v}`);
  if (rehearsal.publicLinksTurnedOff.length > 0) {
    lines.push('', `Public links turned off — ${LINKS_WARNING}`);
    for (const { link, content } of rehearsal.publicLinksTurnedOff) {
      lines.push(`  ${link.id}  ${content.type} ${content.id} "${content.title}"`);
    }
  }
  const changes = rehearsal.changes;
  if (changes.length === 0) {
    lines.push('', 'No decision would change.');
  } else {
    const first = changes.slice(0, FIRST_CHANGES);
    lines.push('', `Changes (first ${first.length} of ${changes.length}):`);
    for (const c of first) {
      const policies = [
        ...new Set(
          c.reasons.map((r) =>
            r.policyId === undefined
              ? r.rule
              : `${r.rule} "${facts.policies.byId.get(r.policyId)?.name ?? r.policyId}"`,
          ),
        ),
      ].join(', ');
      lines.push(
        `  ${c.resource.type} ${c.resource.id} "${c.resource.title}"  ${c.action}  ${c.before} → ${c.after}  ${subjectsOf(facts, c)}${policies ? `  [${policies}]` : ''}`,
      );
    }
  }
  lines.push('', 'Rules: H… docs/rehearsal.md', '');
  return lines.join('\n');
}

/**
 * `gatehouse rehearse --org ID FILE`: what the publish batches in FILE would change, decided from
 * the database and written nowhere. Exit 0 when nothing would change, 4 when something would, 1
 * when publish would refuse a batch (its error on stderr).
 */
export async function runRehearse(file: string, flags: RehearseFlags): Promise<number> {
  const batches = await readBatches(file);
  const config = resolveConfig({ ...flags, demo: false });
  const storage = await openStorage(config.storage);
  try {
    let orgId = flags.org;
    if (orgId === undefined) {
      const orgIds = await listOrgIds(storage.db);
      if (orgIds.length !== 1) {
        throw new ConfigError([
          `--org is required: the database holds ${orgIds.length} orgs (${orgIds.join(', ')})`,
        ]);
      }
      orgId = orgIds[0]!;
    }
    const index = await WorldIndex.load(storage);
    const snapshot = index.snapshot().org(orgId);
    if (!snapshot) throw new ConfigError([`--org: no org ${orgId} in the database`]);
    let rehearsal: Rehearsal;
    try {
      rehearsal = await rehearseBatches(storage.db, snapshot, batches);
    } catch (error) {
      if (!(error instanceof BatchRefused)) throw error;
      process.stderr.write(
        `gatehouse: publish would refuse batch ${error.index}: ${error.refusal.message}\n`,
      );
      return EXIT_REFUSED;
    }
    if (flags.json) {
      const page = rehearsal.changes.slice(0, FIRST_CHANGES);
      const last = page[page.length - 1];
      const next =
        rehearsal.changes.length > FIRST_CHANGES && last ? encodeCursor(changeKey(last)) : null;
      const answer = presentRehearsal(snapshot.facts, rehearsal, page, next);
      process.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
    } else {
      process.stdout.write(rehearsalText(snapshot.facts, orgId, rehearsal));
    }
    return rehearsal.changes.length === 0 && rehearsal.publicLinksTurnedOff.length === 0
      ? EXIT_UNCHANGED
      : EXIT_CHANGES;
  } finally {
    await storage.close();
  }
}
