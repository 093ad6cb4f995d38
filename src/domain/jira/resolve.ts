import type { JiraRef, Reason } from '../decision/types.js';
import type { Issue, JiraProject } from './model.js';
import type { JiraWorld } from './world.js';

export type JiraTarget =
  | { readonly kind: 'issue'; readonly issue: Issue; readonly project: JiraProject }
  | { readonly kind: 'project'; readonly project: JiraProject };

const unknown = (text: string): Reason => ({ rule: 'J1', text });

/** One match, or the J1 reason there is none or more than one (a key on several sites). */
function single<T>(found: T[], what: string): T | Reason {
  if (found.length === 1) return found[0]!;
  return found.length === 0
    ? unknown(`no ${what}`)
    : unknown(`${what} names ${found.length} sites' content: give cloudId`);
}

/** J1: the issue or project a reference names (by id or by key, on `cloudId` or any site). */
export function resolveJiraRef(jira: JiraWorld, ref: JiraRef): JiraTarget | Reason {
  // The hot path (point checks by issue id): two map lookups, nothing allocated but the target.
  if (ref.type === 'issue' && ref.id !== undefined && ref.key === undefined) {
    const issue = jira.issues.get(ref.id);
    const project = issue ? jira.projects.get(issue.projectRef) : undefined;
    if (issue && project && (ref.cloudId === undefined || ref.cloudId === issue.siteId)) {
      return { kind: 'issue', issue, project };
    }
    return unknown(`no issue ${ref.id}`);
  }
  const given = (ref.id !== undefined ? 1 : 0) + (ref.key !== undefined ? 1 : 0);
  if (given !== 1) return unknown(`a ${ref.type} is named by exactly one of id and key`);
  const onSite = (siteId: string) => ref.cloudId === undefined || ref.cloudId === siteId;
  if (ref.type === 'issue') {
    let issue: Issue | Reason;
    if (ref.id !== undefined) {
      const found = jira.issues.get(ref.id);
      issue = found && onSite(found.siteId) ? found : unknown(`no issue ${ref.id}`);
    } else {
      const key = ref.key!.toUpperCase();
      const found: Issue[] = [];
      for (const [siteId, byKey] of jira.issueByKey) {
        const match = onSite(siteId) ? byKey.get(key) : undefined;
        if (match) found.push(match);
      }
      issue = single(found, `issue ${ref.key!}`);
    }
    if ('rule' in issue) return issue;
    const project = jira.projects.get(issue.projectRef);
    return project
      ? { kind: 'issue', issue, project }
      : unknown(`no project of issue ${issue.key}`);
  }
  const found: JiraProject[] = [];
  for (const [siteId, projects] of jira.projectsOfSite) {
    if (!onSite(siteId)) continue;
    const match =
      ref.id !== undefined
        ? jira.projects.get(`${siteId}/${ref.id}`)
        : jira.projectByKey.get(`${siteId}/${ref.key!.toUpperCase()}`);
    if (match && projects.includes(match)) found.push(match);
  }
  const project = single(found, `project ${ref.id ?? ref.key!}`);
  return 'rule' in project ? project : { kind: 'project', project };
}
