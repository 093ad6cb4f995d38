import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';

export class TenantFileError extends Error {
  constructor(
    readonly problems: readonly string[],
    source: string,
  ) {
    super(`${source}: ${problems.length} problem(s) in tenant file:\n  ${problems.join('\n  ')}`);
    this.name = 'TenantFileError';
  }
}

/** Parses JSON, or YAML for .yaml/.yml files (or text that is not JSON). */
export function parseTenantText(text: string, source: string): unknown {
  const isYaml = ['.yaml', '.yml'].includes(extname(source).toLowerCase());
  try {
    return isYaml ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new TenantFileError([`(file): not valid ${isYaml ? 'YAML' : 'JSON'}: ${reason}`], source);
  }
}

export async function readTenantFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new TenantFileError([`(file): cannot read: ${reason}`], path);
  }
  return parseTenantText(text, path);
}

/** Stable digest of a parsed document: key order and JSON/YAML spelling do not matter. */
export function digestTenant(document: unknown): string {
  return createHash('sha256').update(canonicalJson(document)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
