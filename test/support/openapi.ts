import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { parse as parseYaml } from 'yaml';
import { packageRoot } from '../../src/paths.js';

/**
 * Validates responses against Atlassian's published OpenAPI document for the restriction
 * endpoints (shared/reference/openapi, beside the repository in CI as on a developer's machine).
 */
const DOC_ID = 'confluence-v1-restrictions';
let ajv: Ajv.default | undefined;

function load(): Ajv.default {
  if (ajv) return ajv;
  const file = join(
    packageRoot(),
    '..',
    'shared',
    'reference',
    'openapi',
    'confluence-v1-restrictions.json',
  );
  const doc = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const instance = new Ajv.default({ strict: false, allErrors: true });
  addFormats.default(instance);
  for (const format of ['int32', 'int64', 'double', 'float']) instance.addFormat(format, true);
  instance.addSchema({ ...doc, $id: DOC_ID });
  ajv = instance;
  return instance;
}

/** Errors of `value` against `#/components/schemas/{name}`; empty when it conforms. */
export function openApiErrors(name: string, value: unknown): string[] {
  const validate = load().getSchema(`${DOC_ID}#/components/schemas/${name}`);
  if (!validate) throw new Error(`no schema ${name}`);
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

/**
 * The whole v1 document (`confluence-v1.yml`: content, attachments, permission check) and the v2
 * governance subset (`confluence-v2-governance.json`: pages, operations), for the read endpoints.
 */
const FULL_DOCS = {
  'confluence-v1': 'confluence-v1.yml',
  'confluence-v2': 'confluence-v2-governance.json',
} as const;
const fullDocs = new Map<string, Ajv.default>();

export function openApiDocErrors(
  doc: keyof typeof FULL_DOCS,
  name: string,
  value: unknown,
): string[] {
  let instance = fullDocs.get(doc);
  if (!instance) {
    const file = join(packageRoot(), '..', 'shared', 'reference', 'openapi', FULL_DOCS[doc]);
    const text = readFileSync(file, 'utf8');
    const parsed = (file.endsWith('.yml') ? parseYaml(text) : JSON.parse(text)) as object;
    instance = new Ajv.default({ strict: false, allErrors: true });
    addFormats.default(instance);
    for (const format of ['int32', 'int64', 'double', 'float']) instance.addFormat(format, true);
    instance.addSchema({ ...parsed, $id: doc });
    fullDocs.set(doc, instance);
  }
  const validate = instance.getSchema(`${doc}#/components/schemas/${name}`);
  if (!validate) throw new Error(`no schema ${name} in ${doc}`);
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}
