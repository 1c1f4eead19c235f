import { Compile, type Validator } from 'typebox/compile';
import type { Static, TSchema } from 'typebox';

/** A compiled schema with readable error messages (one line per problem). */
export interface SchemaChecker<T extends TSchema> {
  readonly schema: T;
  check(value: unknown): value is Static<T>;
  /** Human-readable problems, e.g. `/industry: must match pattern ...`; empty when valid. */
  problems(value: unknown): string[];
}

export function compileSchema<T extends TSchema>(schema: T): SchemaChecker<T> {
  // Compiled once per schema: the JIT validator is what makes per-message checks cheap.
  const validator: Validator = Compile(schema);
  return {
    schema,
    check: (value: unknown): value is Static<T> => validator.Check(value),
    problems: (value: unknown) =>
      validator.Errors(value).map((e) => `${e.instancePath || '/'}: ${e.message}`),
  };
}
