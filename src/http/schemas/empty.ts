import { Type } from '@sinclair/typebox';

/** A success answered without a body (the OpenAPI document shows the status and description). */
export const emptyResponse = (description: string) => Type.Null({ description });
