import { effectiveClassification } from '../../domain/decision/rules.js';
import type { DecisionFacts } from '../../domain/decision/types.js';
import { isRestricted, type Content } from '../../domain/world.js';
import type { OrgWorld } from '../../index/org-world.js';
import { html, type Html } from './html.js';
import { levelLabel } from './layout.js';

/** Where a page's effective classification comes from (D5). */
export function levelSource(world: OrgWorld, content: Content): string {
  if (content.classification !== null) return 'set on the page';
  const space = world.spaces.get(content.spaceId);
  if (space?.defaultClassification) return `the default of space ${space.name}`;
  if (world.defaultClassification) return 'the org default';
  return 'no level anywhere';
}

/** A page's badges in the tree: restrictions, classification, attachments, public link. */
export function contentBadges(world: OrgWorld, facts: DecisionFacts, content: Content): Html {
  const level = effectiveClassification(facts, content);
  const link = content.publicLinkId ? world.publicLinks.get(content.publicLinkId) : undefined;
  return html`${isRestricted(content.restrictions.read)
    ? html`<span class="badge block">read restricted</span>`
    : ''}${isRestricted(content.restrictions.update)
    ? html`<span class="badge">update restricted</span>`
    : ''}${level
    ? html`<span class="badge" title="classification: ${levelSource(world, content)}"
        >${levelLabel(world.levels.get(level))}${content.classification === null
          ? ' (inherited)'
          : ''}</span
      >`
    : ''}${content.attachments.length
    ? html`<span class="badge"
        >${content.attachments.length}
        attachment${content.attachments.length === 1 ? '' : 's'}</span
      >`
    : ''}${link
    ? html`<span class="badge${link.enabled ? ' allow' : ''}"
        >public link ${link.enabled ? 'on' : 'off'}</span
      >`
    : ''}`;
}
