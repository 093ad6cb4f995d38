/**
 * One checker per API family of the error body it must answer (docs/errors.md, written from the
 * real APIs' wire formats, not from Gatehouse's renderer): a mismatch is the reason, or null.
 */
export type Family =
  | 'admin'
  | 'admin-org'
  | 'confluence-v1'
  | 'confluence-v2'
  | 'jira'
  | 'gatehouse';

/** The family a served path belongs to, after the gateway prefix `/ex/{product}/{cloudId}`. */
export function familyOfPath(rawPath: string): Family {
  const path = rawPath.replace(/^\/ex\/(?:confluence|jira)\/[^/?#]+/, '') || '/';
  // the Organizations API (audit log) answers JSON:API error objects for every status
  if (path.startsWith('/admin/v1/')) return 'admin-org';
  if (path.startsWith('/admin/')) return 'admin';
  if (path.startsWith('/wiki/api/v2/')) return 'confluence-v2';
  if (path.startsWith('/wiki/') || path === '/wiki') return 'confluence-v1';
  if (/^\/(rest\/api\/[23](\/|$|\?)|si\/|sr\/)/.test(path)) return 'jira';
  return 'gatehouse';
}

/**
 * The other format a path may answer some errors in: a rehearsal refuses a publish batch with
 * publish's own Admin API body (docs/rehearsal.md H3).
 */
export function otherFamilyOfPath(rawPath: string): Family | null {
  const path = rawPath.replace(/^\/ex\/(?:confluence|jira)\/[^/?#]+/, '').split('?')[0]!;
  return /^\/gatehouse\/v1\/orgs\/[^/]+\/rehearse(\/subjects)?$/.test(path) ? 'admin' : null;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const keys = (v: Json) => Object.keys(v).sort().join(',');

function errorsArray(body: Json, status: number, statusAsString: boolean): string | null {
  if (!Array.isArray(body.errors) || body.errors.length === 0)
    return 'errors is not a non-empty array';
  for (const item of body.errors as unknown[]) {
    if (!isObject(item)) return 'an error is not an object';
    const expected = statusAsString ? String(status) : status;
    if (item.status !== expected)
      return `status ${JSON.stringify(item.status)} is not ${JSON.stringify(expected)}`;
    if (typeof item.code !== 'string' || item.code === '') return 'code is not a string';
    if (typeof item.title !== 'string') return 'title is not a string';
    if (typeof item.detail !== 'string' && item.detail !== null) return 'detail is not a string';
  }
  return null;
}

/** Null when `body` (parsed JSON) is `status`'s error in `family`'s format. */
export function errorFormatMismatch(family: Family, status: number, body: unknown): string | null {
  if (!isObject(body)) return 'the body is not a JSON object';
  switch (family) {
    case 'admin':
      if (status === 400 || status >= 500) {
        if (keys(body) !== 'errors') return `keys ${keys(body)}, expected errors`;
        const problem = errorsArray(body, status, true);
        if (problem) return problem;
        const first = (body.errors as Json[])[0]!;
        return typeof first.id === 'string' ? null : 'id is not a string';
      }
      if (keys(body) !== 'code,message') return `keys ${keys(body)}, expected code,message`;
      if (body.code !== status) return `code ${JSON.stringify(body.code)} is not ${status}`;
      return typeof body.message === 'string' ? null : 'message is not a string';
    case 'admin-org': {
      if (keys(body) !== 'errors') return `keys ${keys(body)}, expected errors`;
      const problem = errorsArray(body, status, true);
      if (problem) return problem;
      const first = (body.errors as Json[])[0]!;
      return typeof first.id === 'string' ? null : 'id is not a string';
    }
    case 'confluence-v1': {
      if (keys(body) !== 'data,message,reason,statusCode') return `keys ${keys(body)}`;
      if (body.statusCode !== status) return `statusCode ${JSON.stringify(body.statusCode)}`;
      if (typeof body.message !== 'string' || typeof body.reason !== 'string') {
        return 'message or reason is not a string';
      }
      const data = body.data;
      if (!isObject(data)) return 'data is not an object';
      for (const flag of ['authorized', 'valid', 'allowedInReadOnlyMode', 'successful']) {
        if (typeof data[flag] !== 'boolean') return `data.${flag} is not a boolean`;
      }
      return Array.isArray(data.errors) ? null : 'data.errors is not an array';
    }
    case 'confluence-v2':
      if (keys(body) !== 'errors') return `keys ${keys(body)}, expected errors`;
      return errorsArray(body, status, false);
    case 'jira': {
      // Jira's ErrorCollection
      if (keys(body) !== 'errorMessages,errors')
        return `keys ${keys(body)}, expected errorMessages,errors`;
      const messages = body.errorMessages;
      if (!Array.isArray(messages) || messages.length === 0) return 'errorMessages is empty';
      if (!messages.every((m) => typeof m === 'string')) return 'errorMessages holds a non-string';
      return isObject(body.errors) ? null : 'errors is not an object';
    }
    case 'gatehouse':
      if (keys(body) !== 'errors,requestId') return `keys ${keys(body)}, expected errors,requestId`;
      if (typeof body.requestId !== 'string') return 'requestId is not a string';
      return errorsArray(body, status, false);
  }
}

/** Text no answer and no log line may hold: a stack frame, SQL or driver text, a secret. */
export function leakIn(text: string, secrets: readonly string[]): string | null {
  if (/\n\s+at \S|\bat [^ ]+ \(?\/[^)]*:\d+:\d+/.test(text)) return 'a stack trace';
  if (
    /\b(select|insert into|update|delete from)\b[^"]{0,80}\b(from|values|set|where)\b/i.test(text)
  ) {
    return 'SQL';
  }
  if (
    /SQLITE_|syntax error at or near|violates .* constraint|invalid byte sequence|relation "/i.test(
      text,
    )
  ) {
    return 'database driver text';
  }
  for (const secret of secrets)
    if (text.includes(secret)) return `the secret ${secret.slice(0, 4)}…`;
  return null;
}
