import type { OrgCredentials } from './credentials.js';

/** One API family Gatehouse serves, with how many documented operations it has. */
export interface ApiFamilyEntry {
  name: string;
  /** Where its paths start. */
  base: string;
  auth: string;
  /** Atlassian's reference for it, or the repository doc that describes it. */
  reference: string;
  operations: number;
}

/** What `GET /` answers, as JSON; the HTML page shows the same. */
export interface RootDocument {
  name: 'Gatehouse';
  description: string;
  apiFamilies: ApiFamilyEntry[];
  /** Pages of this server a person or a tool opens next (the admin console adds itself here). */
  links: { rel: string; href: string; title: string }[];
  /** The repository's documentation, by path. */
  docs: { path: string; title: string }[];
  /** The demo tenant's credentials, present only while the demo org is loaded. */
  demo: OrgCredentials | null;
}

export const DOCS: RootDocument['docs'] = [
  { path: 'README.md', title: 'Start here: the walk-through with curl, configuration' },
  { path: 'docs/tenant-file.md', title: 'The tenant file: every field' },
  { path: 'docs/errors.md', title: 'Every error, per API, and the OpenAPI document' },
  { path: 'docs/policy-rules.md', title: 'Admin API policy rules (P1–P24)' },
  { path: 'docs/restriction-rules.md', title: 'Content restriction rules (R1–R21)' },
  { path: 'docs/decision-scenarios.md', title: 'Decisions, explained (D1–)' },
  { path: 'docs/confluence-reads.md', title: 'Confluence reads (C1–)' },
  { path: 'docs/enforcement-endpoints.md', title: 'Exports, public links, classification (E1–)' },
  { path: 'docs/console.md', title: 'The admin console (K1–)' },
  { path: 'docs/ARCHITECTURE.md', title: 'Architecture: one line per folder' },
];

const escape = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

const code = (text: string) => `<code>${escape(text)}</code>`;

function credentialsSection(demo: OrgCredentials): string {
  const rows = (cells: string[][]) =>
    cells.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('\n');
  return `<section id="demo">
<h2>Demo credentials</h2>
<p>The demo tenant is loaded: org ${code(demo.orgId)} (${escape(demo.orgName)}), site${demo.sites.length === 1 ? '' : 's'} ${demo.sites.map((s) => `${code(s.name)} (cloudId ${code(s.cloudId)})`).join(', ')}.</p>
<table>
<thead><tr><th>who</th><th>credential</th><th>as</th></tr></thead>
<tbody>
${rows([
  ...demo.adminApiKeys.map((key) => [
    'Admin API key',
    code(`Authorization: Bearer ${key}`),
    'Admin API, Gatehouse decisions',
  ]),
  ...demo.users.map((u) => [
    `${escape(u.displayName)} (${code(u.accountId)})`,
    code(`-u ${u.email}:${u.apiToken}`),
    'Confluence, Basic',
  ]),
  ...demo.apps.map((a) => [
    `${escape(a.name)} (${code(a.ari)})`,
    code(`Authorization: Bearer ${a.token}`),
    'Confluence, as the app',
  ]),
])}
</tbody>
</table>
</section>`;
}

export function rootPage(doc: RootDocument): string {
  const families = doc.apiFamilies
    .map(
      (f) =>
        `<tr><td>${escape(f.name)}</td><td>${code(f.base)}</td><td>${escape(f.auth)}</td><td>${f.operations}</td><td>${
          f.reference.startsWith('https://')
            ? `<a href="${escape(f.reference)}">${escape(f.reference)}</a>`
            : code(f.reference)
        }</td></tr>`,
    )
    .join('\n');
  const links = doc.links
    .map((l) => `<li><a href="${escape(l.href)}">${code(l.href)}</a> ${escape(l.title)}</li>`)
    .join('\n');
  const docs = doc.docs.map((d) => `<li>${code(d.path)} ${escape(d.title)}</li>`).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Gatehouse</title>
<style>
body { font: 15px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #172b4d; }
table { border-collapse: collapse; width: 100%; } td, th { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid #dfe1e6; vertical-align: top; }
code { font: 13px ui-monospace, monospace; background: #f4f5f7; padding: 0 .2rem; }
</style>
</head>
<body>
<h1>Gatehouse</h1>
<p>${escape(doc.description)}</p>
<section id="apis">
<h2>APIs served</h2>
<table>
<thead><tr><th>API</th><th>paths</th><th>credentials</th><th>operations</th><th>reference</th></tr></thead>
<tbody>
${families}
</tbody>
</table>
</section>
<section id="links">
<h2>On this server</h2>
<ul>
${links}
</ul>
</section>
${doc.demo ? credentialsSection(doc.demo) : ''}
<section id="docs">
<h2>Documentation (in the repository)</h2>
<ul>
${docs}
</ul>
</section>
</body>
</html>
`;
}
