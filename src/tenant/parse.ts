import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import {
  TenantDigest,
  canonicalJson,
  documentPageRecords,
  documentSkeleton,
} from './page-records.js';

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

/**
 * The digest recorded before T21 (canonical JSON of the whole document): still looked for, so a
 * database loaded by an older Gatehouse does not load an unchanged file again.
 */
export function legacyDigestTenant(document: unknown): string {
  return createHash('sha256').update(canonicalJson(document)).digest('hex');
}

/** Stable digest of a parsed document: key order and JSON/YAML spelling do not matter (T10). */
export function digestTenant(document: unknown): string {
  const digest = new TenantDigest().skeleton(documentSkeleton(document));
  for (const record of documentPageRecords(document)) digest.page(record);
  return digest.hex();
}
