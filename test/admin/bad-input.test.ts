import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, startTestApp, type TestApp } from '../support/harness.js';
import { BASE, KEY, draftBody } from './helpers.js';

describe.each(DIALECTS)('Admin API bad input on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => {
    await t.close();
  });

  const post = (payload: string | object) =>
    t.app.inject({
      method: 'POST',
      url: BASE,
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });
  const detail = (res: { json(): unknown }) =>
    (res.json() as { errors: { detail: string; code: string; status: string }[] }).errors[0]!;

  const cases: [string, string | object, RegExp][] = [
    ['malformed JSON', '{"data": {', /^Body is not valid JSON/],
    [
      'a missing data',
      { attributes: {} },
      /^body\.data: must have required property|^body\.attributes/,
    ],
    [
      'a missing attributes',
      { data: { type: 'policy' } },
      /^body\.data\.attributes: must have required property/,
    ],
    [
      'a wrong type',
      { data: { ...draftBody().data, type: 'user' } },
      /^body\.data\.type: must be equal to constant/,
    ],
    [
      'a 100 KB name',
      draftBody({ name: 'n'.repeat(100 * 1024), level: 'ORG' }),
      /^body\.data\.attributes\.name: must NOT have more than 255 characters/,
    ],
    [
      'a name that is a number',
      { data: { ...draftBody().data, attributes: { ...draftBody().data.attributes, name: 5 } } },
      /^body\.data\.attributes\.name: must be string/,
    ],
    [
      'an unknown field',
      { data: { ...draftBody().data, id: 'x' } },
      /^body\.data\.id: must NOT have additional properties/,
    ],
  ];

  for (const [name, payload, message] of cases) {
    it(`refuses ${name} with a 400 in the Admin format naming the field, writing nothing`, async () => {
      const res = await post(payload);
      expect(res.statusCode).toBe(400);
      expect(detail(res)).toMatchObject({ status: '400', detail: expect.stringMatching(message) });
      const list = await t.app.inject({ url: BASE, headers: { authorization: `Bearer ${KEY}` } });
      expect(list.json().data).toEqual([]);
    });
  }
});
