import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { packageRoot } from '../../src/paths.js';

/**
 * Validates responses against Atlassian's published OpenAPI documents, vendored (subsets, with
 * their provenance) in test/fixtures/atlassian-openapi/.
 */
export const ATLASSIAN_OPENAPI_DIR = join(packageRoot(), 'test', 'fixtures', 'atlassian-openapi');

const DOCS = {
  /** Confluence v1, current document: restrictions, `Content`, `ContentArray`, permission check. */
  'confluence-v1': 'confluence-v1-restrictions.json',
  /** Confluence v2: classification, data policies, pages, operations. */
  'confluence-v2': 'confluence-v2-governance.json',
  /** Confluence v2: spaces, page lists and writes, blog posts. */
  'confluence-v2-spaces': 'confluence-v2-spaces.json',
  /** Jira platform v3: projects, issues, search, classification, data policies. */
  'jira-v3': 'jira-v3-governance.json',
} as const;

export type AtlassianDoc = keyof typeof DOCS;

/** One vendored document, parsed. */
export function atlassianDocument(doc: AtlassianDoc): Record<string, unknown> {
  return JSON.parse(readFileSync(join(ATLASSIAN_OPENAPI_DIR, DOCS[doc]), 'utf8')) as Record<
    string,
    unknown
  >;
}

const validators = new Map<AtlassianDoc, Ajv.default>();

function load(doc: AtlassianDoc): Ajv.default {
  let instance = validators.get(doc);
  if (!instance) {
    instance = new Ajv.default({ strict: false, allErrors: true });
    addFormats.default(instance);
    for (const format of ['int32', 'int64', 'double', 'float']) instance.addFormat(format, true);
    instance.addSchema({ ...atlassianDocument(doc), $id: doc });
    validators.set(doc, instance);
  }
  return instance;
}

/** Errors of `value` against `#/components/schemas/{name}` of `doc`; empty when it conforms. */
export function openApiDocErrors(doc: AtlassianDoc, name: string, value: unknown): string[] {
  const validate = load(doc).getSchema(`${doc}#/components/schemas/${name}`);
  if (!validate) throw new Error(`no schema ${name} in ${doc}`);
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

/** Same, against the Confluence v1 restrictions document. */
export function openApiErrors(name: string, value: unknown): string[] {
  return openApiDocErrors('confluence-v1', name, value);
}
