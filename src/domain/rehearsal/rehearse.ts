import { READ_SCOPE, WRITE_SCOPE } from '../confluence/facts.js';
import { AudienceIndex, NONE, NO_USERS, type UserSet } from '../decision/audience.js';
import type { Effect } from '../decision/policy-facts.js';
import { appAccessFor, levelIn, ruleFor } from '../decision/rules.js';
import type { Action, DecisionFacts, Reason } from '../decision/types.js';
import { isRestricted, type App, type Space } from '../world.js';
import type {
  Verdict,
  RehearsedResource,
  RehearsedChange,
  RehearsalSummary,
  Rehearsal,
  RehearsalInput,
} from './rehearsal-types.js';
import { Entries } from './entries.js';
import { summarize } from './summary.js';

export type {
  Verdict,
  RehearsedResource,
  RehearsedChange,
  RehearsalSummary,
  Rehearsal,
  RehearsalInput,
};

/**
 * The exact change of decisions a publish would make (docs/rehearsal.md, H1–H14). A policy
 * changes only the policy layers of a decision — export, attachmentDownload, anonymousAccess,
 * publicLinks for a page, appAccess for an app in a space — never the Confluence layer under them
 * (space permissions, restrictions, scopes). So a decision flips exactly when its Confluence layer
 * allows and its policy layer differs before and after; for users the policy layer is the same for
 * every user of a page, so the users who flip are the page's viewers, counted and listed by the
 * reverse lookup (audience.ts) instead of deciding for each.
 */
/** The actions rehearsed on pages and blog posts (H4), in the order changes are listed. */
export const CONTENT_ACTIONS = [
  'read',
  'update',
  'export',
  'downloadAttachment',
  'viewPublicLink',
  'restrict',
] as const satisfies readonly Action[];

type LevelRule = 'export' | 'attachmentDownload' | 'anonymousAccess' | 'publicLinks';
const LEVEL_RULES: readonly LevelRule[] = [
  'export',
  'attachmentDownload',
  'anonymousAccess',
  'publicLinks',
];

interface RuleDelta {
  readonly before: Effect;
  readonly after: Effect;
  readonly reasons: readonly Reason[];
}
type PageDelta = Record<LevelRule, RuleDelta> & { readonly any: boolean };
interface AppDelta {
  readonly app: App;
  readonly before: Effect;
  readonly after: Effect;
  readonly reasons: readonly Reason[];
}
/** A space's appAccess changes, as a list and by app. */
interface SpaceApps {
  readonly list: readonly AppDelta[];
  readonly byApp: ReadonlyMap<string, AppDelta>;
}

const allows = (e: Effect) => e === 'allow';
const verdict = (allowed: boolean): Verdict => (allowed ? 'allow' : 'deny');

export function rehearse(input: RehearsalInput): Rehearsal {
  return new Rehearser(input).run();
}

class Rehearser {
  private readonly before: DecisionFacts;
  private readonly after: DecisionFacts;
  private readonly audience: AudienceIndex;
  private readonly apps: readonly App[];
  /** spaceId → effective level ('' for none) → the rules' change */
  private readonly pageDeltas = new Map<string, Map<string, PageDelta>>();
  private readonly appDeltas = new Map<string, SpaceApps>();
  private readonly changes: RehearsedChange[] = [];
  private readonly affected = new Set<string>();
  /** the space of each change's users, for the summary */
  private readonly spaceOfUsers = new Map<UserSet, string>();
  /** restricted page slot (or NONE) → app ari → may the app view there (scope, app user) */
  private readonly appViews = new Map<number, Map<string, boolean>>();

  constructor(private readonly input: RehearsalInput) {
    this.before = input.before;
    this.after = input.after;
    this.audience = new AudienceIndex(input.before);
    this.apps = [...input.before.apps()].sort((a, b) =>
      a.ari < b.ari ? -1 : a.ari > b.ari ? 1 : 0,
    );
  }

  run(): Rehearsal {
    const facts = this.before;
    for (const space of facts.spaces()) {
      this.rehearseSpace(space);
      // pre-order over the space's trees, each page with its parent's nearest restricted page
      const pages = facts.pages;
      const stack = Array.from(pages.rootsOf(space.id)).reverse();
      const above: number[] = stack.map(() => NONE);
      while (stack.length > 0) {
        const slot = stack.pop()!;
        const parentNearest = above.pop() ?? NONE;
        const nearest = this.audience.nearestBelow(slot, parentNearest);
        this.rehearseContent(slot, space, nearest);
        for (let i = pages.childEnd(slot) - 1; i >= pages.childStart(slot); i--) {
          stack.push(pages.childAt(i));
          above.push(nearest);
        }
      }
    }
    const turnedOff = this.input.turnedOff.flatMap((link) => {
      const slot = facts.pages.slotOf(link.contentId);
      return slot === -1 ? [] : [{ link, content: facts.pages.content(slot) }];
    });
    return {
      summary: summarize({
        rules: this.input.rules,
        changes: this.changes,
        affected: this.affected,
        audience: this.audience,
        spaceOfUsers: this.spaceOfUsers,
        publicLinksTurnedOff: turnedOff.length,
      }),
      changes: this.changes,
      publicLinksTurnedOff: turnedOff,
    };
  }

  private pageDelta(slot: number, space: Space): PageDelta {
    const own = this.before.pages.ownLevel(slot);
    const level = levelIn(space, own, this.before.orgDefaultClassification) ?? '';
    let byLevel = this.pageDeltas.get(space.id);
    if (!byLevel) this.pageDeltas.set(space.id, (byLevel = new Map()));
    let delta = byLevel.get(level);
    if (!delta) {
      let any = false;
      const rules = {} as Record<LevelRule, RuleDelta>;
      for (const rule of LEVEL_RULES) {
        const b = ruleFor(this.before, rule, slot);
        const a = ruleFor(this.after, rule, slot);
        if (a.effect !== b.effect) any = true;
        rules[rule] = { before: b.effect, after: a.effect, reasons: a.reasons };
      }
      delta = { ...rules, any };
      byLevel.set(level, delta);
    }
    return delta;
  }

  /** appAccess per app for one space, before and after (exempt apps are never blocked: D16). */
  private appDelta(spaceId: string): SpaceApps {
    let deltas = this.appDeltas.get(spaceId);
    if (!deltas) {
      const list = this.apps.flatMap((app) => {
        if (app.exempt) return [];
        const b = appAccessFor(this.before, app.ari, spaceId);
        const a = appAccessFor(this.after, app.ari, spaceId);
        return a.effect === b.effect
          ? []
          : [{ app, before: b.effect, after: a.effect, reasons: a.reasons }];
      });
      deltas = { list, byApp: new Map(list.map((d) => [d.app.ari, d])) };
      this.appDeltas.set(spaceId, deltas);
    }
    return deltas;
  }

  /** D19: apps read a space with the read scope and appAccess; nothing else a policy changes. */
  private rehearseSpace(space: Space): void {
    const deltas = this.appDelta(space.id).list;
    if (deltas.length === 0) return;
    const entries = new Entries();
    for (const d of deltas) {
      if (!d.app.scopes.has(READ_SCOPE)) continue;
      const entry = entries.of(verdict(allows(d.before)));
      entry.apps.push(d.app.ari);
      entry.because(d.reasons);
    }
    this.emit({ type: 'space', id: space.id, title: space.name }, null, 'read', entries);
  }

  private appMayView(nearest: number, app: App): boolean {
    if (!app.scopes.has(READ_SCOPE)) return false;
    let byApp = this.appViews.get(nearest);
    if (!byApp) this.appViews.set(nearest, (byApp = new Map()));
    let view = byApp.get(app.ari);
    if (view === undefined) {
      view = this.audience.passesAt(nearest, app.accountId);
      byApp.set(app.ari, view);
    }
    return view;
  }

  /** R2/R3 for an app: both scopes, the view, and the page's own update list. */
  private appMayEdit(slot: number, nearest: number, app: App): boolean {
    if (!app.scopes.has(WRITE_SCOPE) || !this.appMayView(nearest, app)) return false;
    const list = this.before.pages.restrictions(slot).update;
    if (!isRestricted(list)) return true;
    if (app.accountId === null) return false;
    if (list.users.has(app.accountId)) return true;
    for (const g of this.before.groupsOf(app.accountId)) if (list.groups.has(g)) return true;
    return false;
  }

  /** Does appAccess block the app from the page's space (for apps whose appAccess is unchanged)? */
  private appBlocked(spaceId: string, app: App): boolean {
    return !app.exempt && appAccessFor(this.before, app.ari, spaceId).effect === 'block';
  }

  /** R5: the site switch, the space's anonymous read, no read restriction up the tree. */
  private anonymousMayView(space: Space, nearest: number): boolean {
    return (
      nearest === NONE &&
      space.permissions.anonymous.has('read') &&
      this.before.site(space.siteId)?.anonymousAccess === true
    );
  }

  private linkOn(facts: DecisionFacts, slot: number, linkId: string): boolean {
    const link = facts.publicLink(linkId);
    return (
      link !== undefined && link.enabled && ruleFor(facts, 'publicLinks', slot).effect === 'allow'
    );
  }

  private rehearseContent(slot: number, space: Space, nearest: number): void {
    const delta = this.pageDelta(slot, space);
    const apps = this.appDelta(space.id);
    const linkId = this.before.publicLinkOf(slot);
    if (!delta.any && apps.list.length === 0 && linkId === null) return;
    const pages = this.before.pages;
    let resource: RehearsedResource | null = null;
    const resourceOf = () =>
      (resource ??= {
        type: pages.isBlogPost(slot) ? 'blogpost' : 'page',
        id: pages.id(slot),
        title: pages.title(slot),
      });
    // the record, only for a page whose attachments may matter (its columns answer the rest)
    let attachments: number | null = null;
    const hasAttachments = () => (attachments ??= pages.content(slot).attachments.length) > 0;
    const anon = delta.anonymousAccess;
    for (const action of CONTENT_ACTIONS) {
      if (action === 'viewPublicLink') {
        if (linkId !== null) this.rehearseLink(slot, linkId, space, resourceOf);
        continue;
      }
      const rule: LevelRule | null =
        action === 'export'
          ? 'export'
          : action === 'downloadAttachment'
            ? 'attachmentDownload'
            : null;
      const ruleDelta = rule === null ? null : delta[rule];
      const ruleBefore = ruleDelta === null || allows(ruleDelta.before);
      const ruleAfter = ruleDelta === null || allows(ruleDelta.after);
      const ruleFlips = ruleBefore !== ruleAfter;
      // none of this action's policy layers changes: no decision can flip
      if (!ruleFlips && apps.list.length === 0 && anon.before === anon.after) continue;
      if (action === 'downloadAttachment' && !hasAttachments()) continue;
      const edits = action === 'update' || action === 'restrict';
      const entries = new Entries();
      // users and groups: the action's rule alone (D9, D10); reads and edits have none
      if (ruleDelta && ruleFlips) {
        const viewers = this.audience.viewersAt(space.id, nearest);
        const groups = this.audience.viewingGroupsAt(space, nearest);
        if (viewers.count > 0 || groups.length > 0) {
          const entry = entries.of(verdict(ruleBefore));
          if (viewers.count > 0) entry.users = viewers;
          entry.groups = groups;
          entry.because(ruleDelta.reasons);
        }
      }
      // apps: appAccess and the action's rule (D14, D15)
      if (apps.list.length > 0 || ruleFlips) {
        for (const app of this.apps) {
          const d = apps.byApp.get(app.ari);
          // an app whose appAccess did not change keeps its effect on both sides
          const steady = d ? true : !this.appBlocked(space.id, app);
          const appBefore = d ? allows(d.before) : steady;
          const appAfter = d ? allows(d.after) : steady;
          const wasAllowed = appBefore && ruleBefore;
          if (wasAllowed === (appAfter && ruleAfter)) continue;
          if (!(edits ? this.appMayEdit(slot, nearest, app) : this.appMayView(nearest, app))) {
            continue;
          }
          const entry = entries.of(verdict(wasAllowed));
          entry.apps.push(app.ari);
          if (d && appBefore !== appAfter) entry.because(d.reasons);
          if (ruleDelta && ruleFlips) entry.because(ruleDelta.reasons);
        }
      }
      // anonymous: anonymousAccess and the action's rule (D11); never an edit
      if (
        !edits &&
        (ruleFlips || anon.before !== anon.after) &&
        this.anonymousMayView(space, nearest)
      ) {
        const wasAllowed = allows(anon.before) && ruleBefore;
        if (wasAllowed !== (allows(anon.after) && ruleAfter)) {
          const entry = entries.of(verdict(wasAllowed));
          entry.anonymous = true;
          if (anon.before !== anon.after) entry.because(anon.reasons);
          if (ruleDelta && ruleFlips) entry.because(ruleDelta.reasons);
        }
      }
      if (entries.allow || entries.deny) this.emit(resourceOf(), space.id, action, entries);
    }
  }

  /** D12/D13: a public link serves anyone; it flips for every user, group, app and anonymous. */
  private rehearseLink(
    slot: number,
    linkId: string,
    space: Space,
    resource: () => RehearsedResource,
  ): void {
    const before = this.linkOn(this.before, slot, linkId);
    const after = this.linkOn(this.after, slot, linkId);
    if (before === after) return;
    const entries = new Entries();
    const entry = entries.of(verdict(before));
    const users = this.audience.users();
    entry.users = users.count > 0 ? users : null;
    entry.groups = [...this.before.groups()].map((g) => g.id).sort();
    entry.apps.push(...this.apps.map((a) => a.ari));
    entry.anonymous = true;
    const link = this.after.publicLink(linkId);
    const rule = this.pageDelta(slot, space).publicLinks;
    if (before && link && !link.enabled) {
      entry.because([
        {
          rule: 'D13',
          text: `the publish turns the public link ${link.id} off; Atlassian does not turn it back on`,
        },
      ]);
      // the link is off whatever the rule says afterwards: cite the rule only if it blocks too
      if (rule.after === 'block') entry.because(rule.reasons);
    } else {
      entry.because(rule.reasons);
    }
    this.emit(resource(), space.id, 'viewPublicLink', entries);
  }

  private emit(
    resource: RehearsedResource,
    spaceId: string | null,
    action: Action,
    entries: Entries,
  ): void {
    for (const entry of [entries.allow, entries.deny]) {
      if (!entry || entry.empty) continue;
      if (resource.type !== 'space') this.affected.add(resource.id);
      if (entry.users && spaceId !== null) this.spaceOfUsers.set(entry.users, spaceId);
      this.changes.push({
        resource,
        action,
        before: entry.before,
        after: entry.before === 'allow' ? ('deny' as const) : ('allow' as const),
        users: entry.users ?? NO_USERS,
        groups: entry.groups,
        apps: entry.apps,
        anonymous: entry.anonymous,
        reasons: entry.reasons,
      });
    }
  }
}
