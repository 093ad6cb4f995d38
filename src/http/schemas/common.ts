import { Type, type Static, type TSchema, type TUnsafe } from '@sinclair/typebox';

/**
 * A string of a fixed set of values: one JSON-schema `enum` (so a bad value gets one error that
 * lists the allowed values) typed as the literal union.
 */
export function StringEnum<const T extends readonly string[]>(
  values: T,
  options: { description?: string } = {},
): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}

/**
 * A union told apart by one property (`discriminator`, OpenAPI's and Ajv's): a value gets the
 * errors of the branch its tag names, not of every branch.
 */
export function TaggedUnion<const T extends TSchema[]>(
  tag: string,
  branches: [...T],
): TUnsafe<Static<T[number]>> {
  return Type.Unsafe<Static<T[number]>>({
    type: 'object',
    oneOf: branches,
    discriminator: { propertyName: tag },
    required: [tag],
  });
}
