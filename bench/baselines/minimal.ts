import { chainOf, rootIds } from './tree.js';
import { appAccessFor, ruleFor } from '../../src/domain/decision/rules.js';
import type { CheckRequest, DecisionFacts } from '../../src/domain/decision/types.js';
import { isRestricted, type SubjectList } from '../../src/domain/world.js';

const READ_SCOPE = 'read:confluence-content.all';

interface MinimalPage {
  id: string;
  spaceId: string;
  /** The read lists of the page and its restricted ancestors. */
  chain: SubjectList[];
  own: SubjectList | null;
  children: readonly string[];
  exportBlocked: boolean;
  downloadBlocked: boolean;
  anonymousBlocked: boolean;
  anonymousSpace: boolean;
}

interface MinimalPrincipal {
  accountId: string | null;
  groups: readonly string[];
  readSpaces: ReadonlySet<string>;
}

interface MinimalApp extends MinimalPrincipal {
  canRead: boolean;
  exempt: boolean;
  blockedSpaces: ReadonlySet<string>;
}

/**
 * The floor: a hand-written read/export/download evaluator over Sets prebuilt from the same
 * facts (policy outcomes precomputed per page), answering a boolean with no reasons.
 */
export class MinimalEvaluator {
  private readonly pages = new Map<string, MinimalPage>();
  private readonly users = new Map<string, MinimalPrincipal>();
  private readonly apps = new Map<string, MinimalApp>();
  private readonly attachmentPage = new Map<string, string>();
  private readonly roots = new Map<string, readonly string[]>();

  constructor(facts: DecisionFacts) {
    const slotOf = (id: string) => facts.pages.slotOf(id);
    const spaces = [...facts.spaces()];
    for (const space of spaces) {
      this.roots.set(space.id, rootIds(facts, space.id));
      const site = facts.site(space.siteId);
      const anonymousSpace =
        site?.anonymousAccess === true && space.permissions.anonymous.has('read');
      const stack = [...rootIds(facts, space.id)];
      while (stack.length > 0) {
        const content = facts.content(stack.pop()!)!;
        stack.push(...content.children);
        for (const a of content.attachments) this.attachmentPage.set(a, content.id);
        const chain = chainOf(facts, content)
          .map((c) => c.restrictions.read)
          .filter(isRestricted);
        this.pages.set(content.id, {
          id: content.id,
          spaceId: space.id,
          chain,
          own: isRestricted(content.restrictions.read) ? content.restrictions.read : null,
          children: content.children,
          exportBlocked: ruleFor(facts, 'export', slotOf(content.id)).effect === 'block',
          downloadBlocked:
            ruleFor(facts, 'attachmentDownload', slotOf(content.id)).effect === 'block',
          anonymousBlocked:
            ruleFor(facts, 'anonymousAccess', slotOf(content.id)).effect === 'block',
          anonymousSpace,
        });
      }
    }
    const readSpacesOf = (accountId: string) => {
      const groups = facts.groupsOf(accountId);
      const readable = new Set<string>();
      for (const space of spaces) {
        const perms = space.permissions;
        if (perms.users.get(accountId)?.has('read')) readable.add(space.id);
        for (const g of groups) if (perms.groups.get(g)?.has('read')) readable.add(space.id);
      }
      return readable;
    };
    for (const user of facts.users()) {
      this.users.set(user.accountId, {
        accountId: user.accountId,
        groups: facts.groupsOf(user.accountId),
        readSpaces: readSpacesOf(user.accountId),
      });
    }
    for (const app of facts.apps()) {
      const blockedSpaces = new Set(
        spaces
          .filter((s) => appAccessFor(facts, app.ari, s.id).effect === 'block')
          .map((s) => s.id),
      );
      this.apps.set(app.ari, {
        accountId: app.accountId,
        groups: app.accountId ? facts.groupsOf(app.accountId) : [],
        readSpaces: new Set(),
        canRead: app.scopes.has(READ_SCOPE),
        exempt: app.exempt,
        blockedSpaces,
      });
    }
  }

  private passes(principal: MinimalPrincipal, list: SubjectList): boolean {
    if (principal.accountId !== null && list.users.has(principal.accountId)) return true;
    for (const g of principal.groups) if (list.groups.has(g)) return true;
    return false;
  }

  private passesChain(principal: MinimalPrincipal, page: MinimalPage): boolean {
    for (const list of page.chain) if (!this.passes(principal, list)) return false;
    return true;
  }

  decide(request: CheckRequest): boolean {
    const { resource, subject, action } = request;
    const pageId =
      resource.type === 'attachment' ? this.attachmentPage.get(resource.id) : resource.id;
    const page = pageId === undefined ? undefined : this.pages.get(pageId);
    if (!page) return false;
    if (subject.type === 'user') {
      const user = this.users.get(subject.accountId);
      if (!user || !user.readSpaces.has(page.spaceId) || !this.passesChain(user, page))
        return false;
    } else if (subject.type === 'app') {
      const app = this.apps.get(subject.ari);
      if (!app || !app.canRead || !this.passesChain(app, page)) return false;
      if (!app.exempt && app.blockedSpaces.has(page.spaceId)) return false;
    } else if (!page.anonymousSpace || page.chain.length > 0 || page.anonymousBlocked) {
      return false;
    }
    if (action === 'export') return !page.exportBlocked;
    if (action === 'downloadAttachment') return !page.downloadBlocked;
    return true;
  }

  /** Pages of a space a user may read, walking the tree and skipping restricted subtrees. */
  readableInSpace(accountId: string, spaceId: string): string[] {
    const user = this.users.get(accountId);
    const result: string[] = [];
    if (!user || !user.readSpaces.has(spaceId)) return result;
    const stack = [...(this.roots.get(spaceId) ?? [])].reverse();
    while (stack.length > 0) {
      const page = this.pages.get(stack.pop()!)!;
      if (page.own !== null && !this.passes(user, page.own)) continue;
      result.push(page.id);
      for (let i = page.children.length - 1; i >= 0; i--) stack.push(page.children[i]!);
    }
    return result;
  }
}
