import fc from 'fast-check';

/**
 * Malformed requests generated from the served /openapi.json: every operation it lists, with its
 * path and query parameters and body schema. Values Gatehouse must know to get past the first
 * check (an existing org, page or policy) come from `Known`; `{{policyId}}` is filled in per app.
 */
type Schema = Record<string, unknown>;

export interface Operation {
  method: string;
  /** `/admin/control/v2/orgs/{orgId}/policies/{policyId}` */
  path: string;
  params: { name: string; schema: Schema }[];
  query: { name: string; schema: Schema }[];
  body: Schema | null;
}

export interface FuzzRequest {
  operation: string;
  /** What was malformed, for the counts. */
  kind: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
}

export interface Known {
  /** A good value for a path parameter of `path`, by name. */
  param(path: string, name: string): string;
  /** Good credentials for the API `path` belongs to (undefined: anonymous is fine). */
  authorization(path: string): string | undefined;
  /** A good value for a string property of a body, by property name. */
  property(name: string): string | undefined;
  /** Gateway prefixes and Host headers, good and bad. */
  gateways: readonly string[];
  hosts: readonly string[];
}

const isSchema = (v: unknown): v is Schema => typeof v === 'object' && v !== null;

export function operationsOf(doc: unknown): Operation[] {
  const paths = isSchema(doc) && isSchema(doc.paths) ? doc.paths : {};
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(paths)) {
    if (!isSchema(item)) continue;
    for (const [method, op] of Object.entries(item)) {
      if (!isSchema(op) || !['get', 'put', 'post', 'delete', 'patch'].includes(method)) continue;
      const parameters = Array.isArray(op.parameters) ? op.parameters.filter(isSchema) : [];
      const of = (where: string) =>
        parameters
          .filter((p) => p.in === where && typeof p.name === 'string')
          .map((p) => ({ name: p.name as string, schema: isSchema(p.schema) ? p.schema : {} }));
      const content = isSchema(op.requestBody) ? op.requestBody.content : undefined;
      const json = isSchema(content) ? content['application/json'] : undefined;
      const body = isSchema(json) && isSchema(json.schema) ? json.schema : null;
      operations.push({
        method: method.toUpperCase(),
        path,
        params: of('path'),
        query: of('query'),
        body,
      });
    }
  }
  return operations;
}

/** A plausible instance of `schema`: required fields, first enum values, known ids by name. */
export function sampleOf(schema: Schema, known: Known, name = '', depth = 0): unknown {
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  for (const key of ['anyOf', 'oneOf', 'allOf']) {
    const options = schema[key];
    if (Array.isArray(options) && isSchema(options[0])) {
      return sampleOf(options[0], known, name, depth);
    }
  }
  const type = schema.type ?? (isSchema(schema.properties) ? 'object' : undefined);
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const required = Array.isArray(schema.required) ? schema.required : [];
      for (const [key, sub] of Object.entries(
        isSchema(schema.properties) ? schema.properties : {},
      )) {
        if (isSchema(sub) && (required.includes(key) || depth < 2)) {
          out[key] = sampleOf(sub, known, key, depth + 1);
        }
      }
      return out;
    }
    case 'array':
      return isSchema(schema.items) ? [sampleOf(schema.items, known, name, depth + 1)] : [];
    case 'string':
      return known.property(name) ?? 'x'.repeat(Math.max(1, Number(schema.minLength ?? 1)));
    case 'integer':
    case 'number':
      return Number(schema.minimum ?? 1);
    case 'boolean':
      return true;
    default:
      // An open schema (`{}`): a Confluence restriction array is the shape such bodies take.
      return [
        {
          operation: 'read',
          restrictions: { user: [{ accountId: known.property('accountId') ?? 'x' }], group: [] },
        },
      ];
  }
}

/** Every path to a value inside `value` (`[]` is the root). */
function pathsIn(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...pathsIn(v, [...prefix, i])));
  else if (isSchema(value)) {
    for (const [k, v] of Object.entries(value)) out.push(...pathsIn(v, [...prefix, k]));
  }
  return out;
}

function replaceAt(root: unknown, path: (string | number)[], next: (old: unknown) => unknown) {
  if (path.length === 0) return next(root);
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  const value = next(node[last]);
  if (value === undefined) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else node[last] = value;
  return copy;
}

const OTHER_TYPES: unknown[] = [0, -1, 1e308, 1.5, 'text', '', true, null, [], {}, [[]], { a: 1 }];
const BAD_TEXT = ['a\u0000b', '\u0000', '\ud800', 'x\udfffy', '\u0000\ud800', '\u202e\u0000'];
const CONTENT_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/json; charset=utf-16',
  'application/json;;;',
  'APPLICATION/JSON',
  'application/vnd.api+json',
  '*/*',
  'garbage',
];

function nested(depth: number, objects: boolean): string {
  return objects
    ? '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)
    : '['.repeat(depth) + ']'.repeat(depth);
}

/** Malformed bodies: [kind, payload, content type]. */
function bodyArbitrary(
  schema: Schema,
  known: Known,
): fc.Arbitrary<[string, string | Buffer, string]> {
  const good = sampleOf(schema, known);
  const text = JSON.stringify(good);
  const paths = pathsIn(good);
  const at = fc.constantFrom(...paths);
  const json = 'application/json';
  const mutate = (kind: string, next: (old: unknown) => unknown) =>
    at.map((path): [string, string, string] => [
      kind,
      JSON.stringify(replaceAt(good, path, next)) ?? 'null',
      json,
    ]);
  return fc.oneof(
    fc.constant<[string, string, string]>(['body: as the schema says', text, json]),
    fc.constantFrom(...OTHER_TYPES).chain((other) => mutate('body: wrong type', () => other)),
    mutate('body: missing field', () => undefined),
    mutate('body: unknown field', (old) =>
      isSchema(old) && !Array.isArray(old) ? { ...old, unexpected: 1 } : old,
    ),
    fc
      .integer({ min: 1000, max: 1_200_000 })
      .chain((n) => mutate('body: huge string', () => 'x'.repeat(n))),
    fc.constantFrom(...BAD_TEXT).chain((bad) => mutate('body: NUL or lone surrogate', () => bad)),
    fc
      .tuple(fc.integer({ min: 65, max: 10_000 }), fc.boolean())
      .map(([depth, objects]): [string, string, string] => [
        'body: deep nesting',
        nested(depth, objects),
        json,
      ]),
    fc
      .integer({ min: 0, max: Math.max(0, text.length - 1) })
      .map((cut): [string, string, string] => [
        'body: invalid JSON',
        `${text.slice(0, cut)}${cut % 2 ? '' : ",'x'}"}`,
        json,
      ]),
    fc
      .constantFrom('{"a":1,"a":2}', text.replace(/^\{"(\w+)":/, '{"$1":null,"$1":'))
      .map((t): [string, string, string] => ['body: duplicate keys', t, json]),
    fc
      .constantFrom([0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80])
      .map((bytes): [string, Buffer, string] => [
        'body: invalid UTF-8',
        Buffer.concat([Buffer.from('{"name":"a'), Buffer.from(bytes), Buffer.from('"}')]),
        json,
      ]),
    fc
      .constantFrom(
        '',
        '"x"',
        '1',
        'null',
        'true',
        '[]',
        '{}',
        '{"__proto__":{"admin":true}}',
        '{"constructor":{"prototype":{"x":1}}}',
      )
      .map((t): [string, string, string] => ['body: other document', t, json]),
    fc
      .constantFrom(...CONTENT_TYPES)
      .map((type): [string, string, string] => ['content type', text, type]),
  );
}

/** Path values no route may accept: dot segments, control characters, bad encodings, too long. */
const MALFORMED_PATH_VALUES = [
  '.',
  '..',
  '%2e',
  '%2e%2E',
  '%00',
  'a%00b',
  '%01',
  '%7f',
  '%ff',
  '%C3%28',
  '%ED%A0%80',
  '%',
  '%zz',
  'x'.repeat(5000),
];

/** Odd but well-formed ids: an unknown id is a 404, or a no-op where the API says so. */
const ODD_PATH_VALUES = [
  'x'.repeat(256),
  '-1',
  '0',
  '1e309',
  'NaN',
  '99999999999999999999',
  '%F0%9F%98%80',
  '%E2%80%AE',
  '..%2f..%2fetc',
  '%2f',
  '%20',
  "'%20OR%20'1'='1",
  '%22',
  '%3Cscript%3E',
  '%5C',
];

const INTEGER_VALUES = [
  '-1',
  '0',
  '1e309',
  'NaN',
  'abc',
  '',
  '1.5',
  '99999999999999999999',
  '0x10',
  '-0',
  '%00',
  'Infinity',
];
const b64 = (text: string) => Buffer.from(text).toString('base64url');
const CURSORS = [
  '!!!',
  '=',
  'x'.repeat(2000),
  b64('null'),
  b64('[]'),
  b64('{"after":1}'),
  b64('{"after":"\u0000"}'),
  b64('{"d":"next","c":"\u0000","i":"x"}'),
  b64('{"d":"sideways","c":"2020","i":"x"}'),
  b64('{"d":"next","c":"not a time","i":"%"}'),
  b64('\u00ff\u00fe garbage'),
  '%00',
  '%ff',
];
const STRING_VALUES = [
  '',
  'x'.repeat(2000),
  '%00',
  'a%00b',
  '%ff',
  '%ED%A0%80',
  '%E2%80%AE',
  'bogus',
  '%',
  '-1',
];

const AUTHORIZATIONS = [
  undefined,
  '',
  ' ',
  'Bearer',
  'Bearer ',
  'Bearer x',
  `Bearer ${'x'.repeat(8000)}`,
  'Basic',
  'Basic !!!',
  `Basic ${Buffer.from('a').toString('base64')}`,
  `Basic ${Buffer.from(':').toString('base64')}`,
  `Basic ${Buffer.from('ada@acme.test:wrong').toString('base64')}`,
  `Basic ${Buffer.from('ada@acme.test:ada-token:extra').toString('base64')}`,
  'Digest username="ada"',
  'Bearer a b c',
  'Negotiate abc',
];

function queryString(op: Operation): fc.Arbitrary<[string, string]> {
  if (op.query.length === 0) {
    return fc.constantFrom<[string, string]>(
      ['query: unknown', 'zzz=1'],
      ['query: bad bytes', '%ff=%00'],
    );
  }
  return fc.constantFrom(...op.query).chain((param) => {
    const schema = param.schema;
    const integer = schema.type === 'integer' || schema.type === 'number';
    const values = /cursor/i.test(param.name) ? CURSORS : integer ? INTEGER_VALUES : STRING_VALUES;
    return fc.oneof(
      fc
        .constantFrom(...values)
        .map((v): [string, string] => [
          `query: ${integer ? 'number' : 'text'}`,
          `${param.name}=${encodeValue(v)}`,
        ]),
      fc.constant<[string, string]>(['query: repeated', `${param.name}=1&${param.name}=2`]),
      fc.constant<[string, string]>(['query: unknown', `${param.name}x=1&zzz=%00`]),
    );
  });
}

/** Values written already percent-encoded stay as they are; others are encoded. */
function encodeValue(value: string): string {
  return /%[0-9a-f]{2}|^%$|%zz/i.test(value) ? value : encodeURIComponent(value);
}

/** One malformed request for `op`: its body, a path or query parameter, credentials or the form. */
export function requestArbitrary(op: Operation, known: Known): fc.Arbitrary<FuzzRequest> {
  const goodPath = op.path.replace(/\{(\w+)\}/g, (_, name: string) => known.param(op.path, name));
  const goodAuth = known.authorization(op.path);
  const goodBody = op.body ? JSON.stringify(sampleOf(op.body, known)) : undefined;
  const base = (kind: string, parts: Partial<FuzzRequest> = {}): FuzzRequest => ({
    operation: `${op.method} ${op.path}`,
    kind,
    method: op.method,
    url: goodPath,
    headers: {
      ...(goodAuth === undefined ? {} : { authorization: goodAuth }),
      ...(goodBody === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(goodBody === undefined ? {} : { payload: goodBody }),
    ...parts,
  });
  const choices: fc.Arbitrary<FuzzRequest>[] = [];
  if (op.body) {
    // Bodies have the most ways to be wrong: they get most of an operation's requests.
    const bodies = bodyArbitrary(op.body, known).map(([kind, payload, type]) =>
      base(kind, { payload, headers: { ...base(kind).headers, 'content-type': type } }),
    );
    choices.push(bodies, bodies, bodies, bodies, bodies);
  }
  if (op.params.length > 0) {
    choices.push(
      fc
        .tuple(
          fc.constantFrom(...op.params),
          fc.oneof(
            fc
              .constantFrom(...MALFORMED_PATH_VALUES)
              .map((v): [string, string] => ['path parameter: malformed', v]),
            fc
              .constantFrom(...ODD_PATH_VALUES)
              .map((v): [string, string] => ['path parameter: odd', v]),
          ),
        )
        .map(([param, [kind, value]]) =>
          base(kind, {
            url: op.path.replace(/\{(\w+)\}/g, (_, name: string) =>
              name === param.name ? value : known.param(op.path, name),
            ),
          }),
        ),
    );
  }
  choices.push(queryString(op).map(([kind, query]) => base(kind, { url: `${goodPath}?${query}` })));
  choices.push(
    fc.constantFrom(...AUTHORIZATIONS).map((authorization) => {
      const request = base('authorization');
      const headers = { ...request.headers };
      delete headers.authorization;
      return {
        ...request,
        headers: authorization === undefined ? headers : { ...headers, authorization },
      };
    }),
  );
  choices.push(
    fc
      .tuple(fc.constantFrom(...known.gateways), fc.constantFrom(...known.hosts))
      .map(([gateway, host]) => {
        const request = base('gateway and host', { url: `${gateway}${goodPath}` });
        return { ...request, headers: { ...request.headers, host } };
      }),
  );
  return fc.oneof(...choices);
}
