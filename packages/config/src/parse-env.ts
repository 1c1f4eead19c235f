import type { Static, TObject } from 'typebox';
import { Compile } from 'typebox/compile';

/** Thrown by parseEnv; the message names every offending variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
  }
}

/**
 * Reads the variables a schema declares from `env`, applies the schema's
 * defaults, converts strings to numbers/booleans where the schema says so, and
 * validates. Call it in main(), never at module load, so tests and tools can
 * import a module without a full environment.
 */
export function parseEnv<T extends TObject>(schema: T, env: Record<string, string | undefined> = process.env): Static<T> {
  const validator = Compile(schema);
  const picked: Record<string, string> = {};
  for (const name of Object.keys(schema.properties)) {
    const value = env[name];
    // An empty variable means "not set": `FOO=` in a compose file must not defeat the default.
    if (value !== undefined && value !== '') picked[name] = value;
  }
  const value = validator.Convert(validator.Default(picked));
  if (validator.Check(value)) return value;
  const problems = validator.Errors(value).map((error) => {
    const name = error.instancePath.replace(/^\//, '');
    if (error.keyword === 'required') {
      const missing = (error.params as { requiredProperties?: string[] }).requiredProperties ?? [];
      return `${missing.join(', ')}: required but not set`;
    }
    return `${name}: ${error.message} (got ${JSON.stringify(picked[name])})`;
  });
  throw new ConfigError(problems);
}
