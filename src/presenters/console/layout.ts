import { LEVEL_COLOURS } from './assets.js';
import { html, type Html, type HtmlValue } from './html.js';

/** Who is signed in, as the page header shows it. */
export interface Viewer {
  kind: 'admin' | 'user';
  /** "Acme (admin)" or "Ada Lovelace (read-only)". */
  label: string;
  csrf: string;
}

export type Section = 'policies' | 'publish' | 'world' | 'levels' | 'audit' | 'sign-in';

export interface Flash {
  kind: 'ok' | 'bad' | 'info';
  text: string;
}

const NAV: { section: Section; href: string; title: string; admin: boolean }[] = [
  { section: 'policies', href: '/console/policies', title: 'Policies', admin: true },
  { section: 'publish', href: '/console/publish', title: 'Publish', admin: true },
  { section: 'world', href: '/console/world', title: 'World', admin: false },
  { section: 'levels', href: '/console/levels', title: 'Classification levels', admin: false },
  { section: 'audit', href: '/console/audit', title: 'Audit log', admin: true },
];

/** The hidden field every console form that writes carries. */
export const csrfField = (viewer: Viewer): Html =>
  html`<input type="hidden" name="_csrf" value="${viewer.csrf}" />`;

export function flashNotice(flash: Flash | undefined): Html {
  return flash ? html`<div class="notice ${flash.kind}" role="status">${flash.text}</div>` : html``;
}

/** A swatch and the level's name. */
export function levelLabel(level: { name: string; color: string | null } | undefined): Html {
  if (!level) return html`<span class="muted">none</span>`;
  const colour = level.color !== null && level.color in LEVEL_COLOURS ? level.color : 'NONE';
  return html`<span class="lvl c-${colour}" aria-hidden="true"></span>${level.name}`;
}

/** The page shell: header with the sections, the signed-in identity and sign-out. */
export function layout(options: {
  title: string;
  section: Section;
  viewer: Viewer | null;
  flash?: Flash | undefined;
  body: HtmlValue;
}): string {
  const { viewer } = options;
  const nav = viewer
    ? NAV.filter((n) => viewer.kind === 'admin' || !n.admin).map(
        (n) =>
          html`<a
            href="${n.href}"
            ${n.section === options.section ? html` aria-current="page"` : ''}
            >${n.title}</a
          >`,
      )
    : [];
  const who = viewer
    ? html`<span class="who">${viewer.label}</span>
        <form method="post" action="/console/sign-out">
          ${csrfField(viewer)}<button type="submit">Sign out</button>
        </form>`
    : '';
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${options.title} · Gatehouse console</title>
        <link rel="stylesheet" href="/console/assets/console.css" />
        <script src="/console/assets/console.js" defer></script>
      </head>
      <body>
        <header class="top">
          <a class="brand" href="/console">Gatehouse</a>
          <nav aria-label="Console sections">${nav}</nav>
          ${who}
        </header>
        <main id="main">
          <h1>${options.title}</h1>
          ${flashNotice(options.flash)} ${options.body}
        </main>
      </body>
    </html> `.value;
}
