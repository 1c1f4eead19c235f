import { Type, type Static } from 'typebox';

/** The one error body of the HTTP API. */
export const ErrorBody = Type.Object(
  {
    code: Type.String({ description: 'Stable, machine-readable code, e.g. NOT_FOUND, INVALID_REQUEST.' }),
    message: Type.String({ description: 'Readable explanation for a human.' }),
    details: Type.Optional(Type.Unknown()),
  });
export type ErrorBody = Static<typeof ErrorBody>;
