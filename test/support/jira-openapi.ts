import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { packageRoot } from '../../src/paths.js';

/**
 * Atlassian's OpenAPI subsets for Jira v3 and Confluence v2 spaces, vendored with their
 * provenance in test/fixtures/atlassian-openapi/ (README.md there).
 */
const DIR = join(packageRoot(), 'test', 'fixtures', 'atlassian-openapi');
const DOCS = {
  'jira-v3': 'jira-v3-governance.json',
  'confluence-v2-spaces': 'confluence-v2-spaces.json',
} as const;
type Doc = keyof typeof DOCS;

export function vendoredDocument(doc: Doc): {
  paths: Record<string, Record<string, Record<string, unknown>>>;
  components: { schemas: Record<string, unknown> };
} {
  return JSON.parse(readFileSync(join(DIR, DOCS[doc]), 'utf8')) as ReturnType<
    typeof vendoredDocument
  >;
}

const validators = new Map<Doc, Ajv.default>();

function load(doc: Doc): Ajv.default {
  let instance = validators.get(doc);
  if (!instance) {
    instance = new Ajv.default({ strict: false, allErrors: true });
    addFormats.default(instance);
    for (const format of ['int32', 'int64', 'double', 'float']) instance.addFormat(format, true);
    instance.addSchema({ ...vendoredDocument(doc), $id: doc });
    validators.set(doc, instance);
  }
  return instance;
}

/** Errors of `value` against `#/components/schemas/{name}` of `doc`; empty when it conforms. */
export function schemaErrors(doc: Doc, name: string, value: unknown): string[] {
  const validate = load(doc).getSchema(`${doc}#/components/schemas/${name}`);
  if (!validate) throw new Error(`no schema ${name} in ${doc}`);
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

/** Errors against an inline response schema of an operation (`paths[path][method].responses`). */
export function responseErrors(
  doc: Doc,
  path: string,
  method: string,
  status: string,
  value: unknown,
): string[] {
  const pointer = `${doc}#/paths/${path.replace(/~/g, '~0').replace(/\//g, '~1')}/${method}/responses/${status}/content/application~1json/schema`;
  const validate = load(doc).getSchema(pointer);
  if (!validate) throw new Error(`no response schema at ${pointer}`);
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}
