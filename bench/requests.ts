import type { Action, CheckRequest, DecisionFacts, Subject } from '../src/domain/decision/types.js';
import type { OrgWorld } from '../src/index/org-world.js';
import { pick, random, type GeneratedWorld } from './world.js';

/**
 * The decision mix: 70% users, 20% apps, 10% anonymous; half reads, a quarter exports of pages, a
 * quarter attachment downloads (the resource is the attachment).
 */
export function requestMix(
  world: Pick<GeneratedWorld, 'accountIds' | 'appAris' | 'pageIds' | 'attachmentIds'>,
  count: number,
  seed = 7,
): CheckRequest[] {
  const rnd = random(seed);
  const requests: CheckRequest[] = [];
  for (let i = 0; i < count; i++) {
    const who = rnd();
    const subject: Subject =
      who < 0.7
        ? { type: 'user', accountId: pick(rnd, world.accountIds) }
        : who < 0.9
          ? { type: 'app', ari: pick(rnd, world.appAris) }
          : { type: 'anonymous' };
    const what = rnd();
    const action: Action = what < 0.5 ? 'read' : what < 0.75 ? 'export' : 'downloadAttachment';
    requests.push(
      action === 'downloadAttachment'
        ? { subject, action, resource: { type: 'attachment', id: pick(rnd, world.attachmentIds) } }
        : { subject, action, resource: { type: 'page', id: pick(rnd, world.pageIds) } },
    );
  }
  return requests;
}

/** The decision mix of an org as the index holds it (what a fresh process measures on). */
export function indexedRequestMix(
  facts: DecisionFacts,
  world: Pick<OrgWorld, 'users' | 'apps' | 'attachments'>,
  count: number,
): CheckRequest[] {
  const pages = facts.pages;
  return requestMix(
    {
      pageIds: Array.from({ length: pages.count }, (_, i) => pages.id(i)),
      accountIds: [...world.users.keys()],
      appAris: [...world.apps.keys()],
      attachmentIds: [...world.attachments.keys()],
    },
    count,
  );
}
