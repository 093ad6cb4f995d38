import { plainText, type Issue, type JiraProject } from '../domain/jira/model.js';
import { jiraTime } from './jira.js';

/**
 * Jira's issue views as files (§9.3, docs/jira.md J26): the XML (RSS) view, the Word and printable
 * HTML views of one issue, and the XML and CSV views of a search. The content is what the index
 * keeps of an issue: key, summary, type, status, project, labels, people, dates, description and
 * comments.
 */

export interface ExportedIssue {
  readonly issue: Issue;
  readonly project: JiraProject;
  /** Display name of an accountId (the id itself when unknown). */
  readonly name: (accountId: string | null) => string;
}

const xml = (text: string) =>
  text.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!,
  );

function item({ issue, project, name }: ExportedIssue, base: string): string {
  const comments = issue.comments
    .map(
      (c) =>
        `      <comment id="${xml(c.id)}" author="${xml(name(c.author))}" created="${jiraTime(c.created)}">${xml(plainText(c.body))}</comment>`,
    )
    .join('\n');
  return [
    '    <item>',
    `      <title>[${xml(issue.key)}] ${xml(issue.summary)}</title>`,
    `      <link>${xml(`${base}/browse/${issue.key}`)}</link>`,
    `      <project id="${xml(project.id)}" key="${xml(project.key)}">${xml(project.name)}</project>`,
    `      <key id="${xml(issue.id)}">${xml(issue.key)}</key>`,
    `      <summary>${xml(issue.summary)}</summary>`,
    `      <type>${xml(issue.issueType)}</type>`,
    `      <status>${xml(issue.status)}</status>`,
    `      <description>${xml(plainText(issue.description))}</description>`,
    `      <assignee accountid="${xml(issue.assignee ?? '-1')}">${xml(issue.assignee ? name(issue.assignee) : 'Unassigned')}</assignee>`,
    `      <reporter accountid="${xml(issue.reporter ?? '')}">${xml(name(issue.reporter))}</reporter>`,
    `      <labels>${issue.labels.map((l) => `<label>${xml(l)}</label>`).join('')}</labels>`,
    `      <created>${jiraTime(issue.created)}</created>`,
    `      <updated>${jiraTime(issue.updated)}</updated>`,
    '      <comments>',
    comments,
    '      </comments>',
    '    </item>',
  ]
    .filter((line) => line !== '')
    .join('\n');
}

/** The RSS document of `issue-xml` and `searchrequest-xml`. */
export function issuesXml(issues: readonly ExportedIssue[], base: string, title: string): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<rss version="0.92">',
    '  <channel>',
    `    <title>${xml(title)}</title>`,
    `    <link>${xml(base)}</link>`,
    `    <issue start="0" end="${issues.length}" total="${issues.length}"/>`,
    ...issues.map((i) => item(i, base)),
    '  </channel>',
    '</rss>',
    '',
  ].join('\n');
}

/** The printable HTML (and, with Word's MIME type, the `.doc`) view of one issue. */
export function issueHtml(exported: ExportedIssue): string {
  const { issue, project, name } = exported;
  const row = (label: string, value: string) =>
    `<tr><th>${xml(label)}</th><td>${xml(value)}</td></tr>`;
  return [
    '<!DOCTYPE html>',
    `<html><head><meta charset="utf-8"><title>[${xml(issue.key)}] ${xml(issue.summary)}</title></head><body>`,
    `<h1>[${xml(issue.key)}] ${xml(issue.summary)}</h1>`,
    '<table>',
    row('Project', `${project.name} (${project.key})`),
    row('Type', issue.issueType),
    row('Status', issue.status),
    row('Reporter', name(issue.reporter)),
    row('Assignee', issue.assignee ? name(issue.assignee) : 'Unassigned'),
    row('Labels', issue.labels.join(', ')),
    row('Created', jiraTime(issue.created)),
    row('Updated', jiraTime(issue.updated)),
    '</table>',
    `<h2>Description</h2><p>${xml(plainText(issue.description))}</p>`,
    '<h2>Comments</h2>',
    ...issue.comments.map((c) => `<p><b>${xml(name(c.author))}</b>: ${xml(plainText(c.body))}</p>`),
    '</body></html>',
    '',
  ].join('\n');
}

const csvCell = (value: string) =>
  /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;

/** `searchrequest-csv-all-fields`: one row per issue, Jira's column names. */
export function issuesCsv(issues: readonly ExportedIssue[]): string {
  const header = [
    'Summary',
    'Issue key',
    'Issue id',
    'Issue Type',
    'Status',
    'Project key',
    'Project name',
    'Assignee',
    'Reporter',
    'Created',
    'Updated',
    'Labels',
    'Description',
  ];
  const rows = issues.map(({ issue, project, name }) => [
    issue.summary,
    issue.key,
    issue.id,
    issue.issueType,
    issue.status,
    project.key,
    project.name,
    issue.assignee ? name(issue.assignee) : '',
    name(issue.reporter),
    jiraTime(issue.created),
    jiraTime(issue.updated),
    issue.labels.join(' '),
    plainText(issue.description),
  ]);
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
