import type { Static, TSchema } from 'typebox';
import type { SchemaChecker } from '@aisvc/contracts';

/**
 * Parses a stored JSON value and checks it against its schema. A value that is not JSON or
 * does not match (written by an older version, truncated, hand-edited) is reported to
 * `onInvalid` and reads as absent.
 */
export function parseStored<T extends TSchema>(
  key: string,
  raw: string | null,
  checker: SchemaChecker<T>,
  onInvalid: (key: string, problems: string[]) => void,
): Static<T> | null {
  if (raw === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    onInvalid(key, ['not JSON']);
    return null;
  }
  if (checker.check(value)) return value;
  onInvalid(key, checker.problems(value).slice(0, 5));
  return null;
}
