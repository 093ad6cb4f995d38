/**
 * OpenAPI 3.0 has no `null` type: JSON Schema's `{"type": "null"}` (TypeBox `Type.Null`) is
 * written as `nullable: true` on the schema it is a union member of, and a value that is always
 * null as `{"nullable": true, "enum": [null]}`. The rest of the document is left as it is.
 */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (value: Json | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isNullType = (schema: Json): boolean => isObject(schema) && schema.type === 'null';

/** Keywords whose value is one schema, a list of schemas, or a map of names to schemas. */
const ONE = ['items', 'additionalProperties', 'not'];
const MANY = ['anyOf', 'oneOf', 'allOf'];
const MAP = ['properties', 'patternProperties'];

/** One schema, with its sub-schemas, in OpenAPI 3.0 form. */
export function nullableSchema(input: JsonObject): JsonObject {
  const schema: JsonObject = { ...input };
  for (const key of ONE) {
    const sub = schema[key];
    if (isObject(sub)) schema[key] = nullableSchema(sub);
  }
  for (const key of MAP) {
    const sub = schema[key];
    if (isObject(sub)) {
      schema[key] = Object.fromEntries(
        Object.entries(sub).map(([name, s]) => [name, isObject(s) ? nullableSchema(s) : s]),
      );
    }
  }
  for (const key of MANY) {
    const list = schema[key];
    if (Array.isArray(list)) {
      // null members are read before recursion turns them into `enum: [null]`
      const members = key === 'anyOf' ? list.filter((s) => !isNullType(s)) : list;
      if (members.length < list.length) schema.nullable = true;
      schema[key] = members.map((s) => (isObject(s) ? nullableSchema(s) : s));
    }
  }
  if (Array.isArray(schema.type) && schema.type.includes('null')) {
    const rest = schema.type.filter((t) => t !== 'null');
    if (rest.length === 1) schema.type = rest[0]!;
    else delete schema.type;
    schema.nullable = true;
  }
  if (schema.type === 'null') {
    delete schema.type;
    return { ...schema, nullable: true, enum: [null] };
  }
  const anyOf = schema.anyOf;
  if (
    schema.nullable === true &&
    Array.isArray(anyOf) &&
    anyOf.length === 1 &&
    isObject(anyOf[0])
  ) {
    const only = anyOf[0];
    delete schema.anyOf;
    // a $ref takes no siblings in 3.0: wrap it
    const merged = typeof only.$ref === 'string' ? { allOf: [only] } : only;
    return { ...merged, ...schema };
  }
  return schema;
}

/** Every schema of an OpenAPI document (parameters, bodies, responses, components). */
export function nullableDocument<T extends object>(document: T): T {
  const walk = (value: Json, key: string | undefined): Json => {
    if (Array.isArray(value)) return value.map((v) => walk(v, undefined));
    if (!isObject(value)) return value;
    if (key === 'schema') return nullableSchema(value);
    if (key === 'schemas') {
      return Object.fromEntries(
        Object.entries(value).map(([name, s]) => [name, isObject(s) ? nullableSchema(s) : s]),
      );
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, k)]));
  };
  return walk(JSON.parse(JSON.stringify(document)) as Json, undefined) as T;
}
