import type { DecisionFacts } from '../../domain/decision/types.js';
import type { OrgWorld } from '../../index/org-world.js';
import { contentBadges } from './badges.js';
import { html, type Html } from './html.js';

/** One item of a Confluence v2 page list. */
export interface PageItem {
  id: string;
  title: string;
}

export interface TreeContext {
  world: OrgWorld;
  facts: DecisionFacts;
  cloudId: string;
}

function node(ctx: TreeContext, item: PageItem): Html {
  const content = ctx.world.content.get(item.id);
  const link = html`<a href="/console/content/${ctx.cloudId}/${item.id}">${item.title}</a>${content
      ? contentBadges(ctx.world, ctx.facts, content)
      : ''}`;
  if (!content || content.children.length === 0) return html`<li>${link}</li>`;
  const children = `/console/world/${ctx.cloudId}/pages/${item.id}/children`;
  return html`<li>
    <details data-children="${children}">
      <summary>${link}</summary>
      <div data-slot><a href="${children}">Show the pages under ${item.title}</a></div>
    </details>
  </li>`;
}

/** A page of tree nodes and the link to the next page ("more" appends it in place with JS). */
export function treeItems(
  ctx: TreeContext,
  listId: string,
  items: PageItem[],
  next: string | null,
  emptyText: string,
): Html {
  return html`<ul class="tree" id="${listId}" data-items>
      ${items.length ? items.map((i) => node(ctx, i)) : html`<li class="muted">${emptyText}</li>`}
    </ul>
    ${next ? html`<p data-next><a href="${next}" data-more="${listId}">More pages…</a></p>` : ''}`;
}

/** The world: sites and their spaces. */
export function worldPage(
  sites: { cloudId: string; name: string; spaces: { id: string; key: string; name: string }[] }[],
  readOnly: boolean,
): Html {
  return html`<p>
      ${readOnly ? 'The sites and spaces you can see.' : 'Every site and space of the org.'} Open a
      space for its page tree.
    </p>
    ${sites.map(
      (s) =>
        html`<h2>Site ${s.name} <span class="muted mono">${s.cloudId}</span></h2>
          <ul>
            ${s.spaces.length
              ? s.spaces.map(
                  (sp) =>
                    html`<li>
                      <a href="/console/world/${s.cloudId}/spaces/${sp.id}">${sp.name}</a>
                      <span class="muted">(${sp.key})</span>
                    </li>`,
                )
              : html`<li class="muted">No spaces.</li>`}
          </ul>`,
    )}`;
}
