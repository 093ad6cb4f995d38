import { html, type Html } from './html.js';
import { levelLabel } from './layout.js';

export interface LevelRow {
  id: string;
  name: string;
  color: string | null;
  status: string;
  guideline: string | null;
  spaces: { name: string; key: string }[];
  /** Pages and blog posts whose effective level it is: set on the item, and inherited. */
  own: number;
  inherited: number;
  orgDefault: boolean;
}

export function levelsPage(rows: LevelRow[]): Html {
  return html`<p>
      The org's classification levels (from <code>GET /wiki/api/v2/classification-levels</code>),
      the spaces that default to each and how many pages and blog posts carry each, set on them or
      inherited from their space or the org.
    </p>
    <table aria-label="Classification levels">
      <thead>
        <tr>
          <th>level</th>
          <th>status</th>
          <th>guideline</th>
          <th>spaces defaulting to it</th>
          <th>pages set</th>
          <th>pages inherited</th>
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          (r) =>
            html`<tr>
              <td>
                ${levelLabel(r)}${r.orgDefault
                  ? html` <span class="badge">org default</span>`
                  : ''}<br /><span class="muted mono">${r.id}</span>
              </td>
              <td>${r.status}</td>
              <td>${r.guideline ?? ''}</td>
              <td>
                ${r.spaces.length
                  ? r.spaces.map(
                      (s) => html`<div>${s.name} <span class="muted">(${s.key})</span></div>`,
                    )
                  : html`<span class="muted">none</span>`}
              </td>
              <td>${r.own}</td>
              <td>${r.inherited}</td>
            </tr>`,
        )}
      </tbody>
    </table>`;
}
